import type { De4AppMetadataFile } from '../de4/appMetadata';
import { CoreError, errorMessage, throwIfAborted } from '../errors';
import { shellQuote } from '../git/ssh';
import type { Logger } from '../ports';
import { NULL_LOGGER } from '../ports';
import { requireDe5AppName } from './serverConfig';

/**
 * Setting an app up on DE5 before its first push: create it, recreate its environment variables,
 * add its Redis/Postgres services, enable the persistent filesystem when DE4 had mounts. DE5 has no
 * public API (reference §3.10), so this goes through a De5Admin port: Plotly's `de` CLI when it is
 * installed, otherwise a checklist for the user. Idempotent: every step checks before it changes.
 */

export type De5ServiceType = 'redis' | 'postgres';

export interface De5Admin {
  /** `cli` makes the changes; `manual` cannot, and the steps become a checklist. */
  readonly kind: 'cli' | 'manual';
  appExists(app: string, signal?: AbortSignal): Promise<boolean>;
  createApp(app: string, signal?: AbortSignal): Promise<void>;
  setEnvironmentVariable(app: string, name: string, value: string, signal?: AbortSignal): Promise<void>;
  serviceExists(app: string, type: De5ServiceType, signal?: AbortSignal): Promise<boolean>;
  createService(app: string, type: De5ServiceType, signal?: AbortSignal): Promise<void>;
  enablePersistentFilesystem(app: string, signal?: AbortSignal): Promise<void>;
}

export type SetupAction =
  | { readonly kind: 'create-app' }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'service'; readonly type: De5ServiceType }
  | { readonly kind: 'persistent-filesystem' };

/** What the app needs on DE5, from its DE4 metadata (platform variables are DE5's own to set). */
export function planAppSetup(meta: De4AppMetadataFile | undefined): SetupAction[] {
  const actions: SetupAction[] = [{ kind: 'create-app' }];
  if (!meta) {
    return actions;
  }
  for (const v of meta.environmentVariables) {
    if (!v.platform) {
      actions.push({ kind: 'env', name: v.name });
    }
  }
  // One service per type per app on DE5 (reference §3.7), however many DE4 linked.
  for (const type of ['redis', 'postgres'] as const) {
    if (meta.linkedServices.some((s) => s.type === type)) {
      actions.push({ kind: 'service', type });
    }
  }
  if (meta.mounts.length > 0) {
    actions.push({ kind: 'persistent-filesystem' });
  }
  return actions;
}

/** What Dokku and DE5 take as a variable name; the names come from the DE4 server or a file. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The same steps as `de` commands, for the user to run (values left as placeholders). People paste
 * these into a shell, so the app name is shell-quoted and a variable name that is not one is only named.
 */
export function setupChecklist(name: string, actions: readonly SetupAction[]): string[] {
  const app = shellQuote(name);
  return actions.map((a) => {
    switch (a.kind) {
      case 'create-app':
        return `de apps create -n ${app}   (or App Manager → New App)`;
      case 'env':
        return ENV_NAME.test(a.name)
          ? `de apps update --name ${app} --add-environment-variable "${a.name}=<value>"`
          : `# not set: ${JSON.stringify(a.name)} is not a valid environment variable name`;
      case 'service':
        return `de services create --app-name ${app} --type ${a.type}`;
      case 'persistent-filesystem':
        return `de apps update -n ${app} --persistent-filesystem   (DE4 had mounted directories; copy their data into ~/mount)`;
    }
  });
}

export interface SetupOptions {
  readonly app: string;
  /** A variable's value: from secret storage, the DE4 API, or asked; undefined skips it (reported). */
  readonly valueFor: (name: string) => Promise<string | undefined>;
  readonly signal?: AbortSignal;
  readonly log?: Logger;
  /** Waits between licence-seat retries (tests pass a fast clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onStep?: (text: string) => void;
}

export interface SetupResult {
  readonly done: readonly string[];
  /** Variables left unset because no value was given. */
  readonly skipped: readonly string[];
}

/** The migration guide's known issue: creating an app can fail on a licence seat; a retry fixes it. */
export function isSeatError(err: unknown): boolean {
  return /\bseat|licen[cs]e/i.test(errorMessage(err));
}

const SEAT_RETRY_DELAYS_MS = [2000, 5000, 10000];

async function withSeatRetry<T>(what: () => Promise<T>, o: SetupOptions): Promise<T> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      return await what();
    } catch (err) {
      const delay = SEAT_RETRY_DELAYS_MS[attempt];
      if (!isSeatError(err) || delay === undefined) {
        throw err;
      }
      (o.log ?? NULL_LOGGER).warn(
        `[push] DE5 refused to create ${o.app} for a licence seat; retrying in ${delay / 1000} s (${attempt + 1}/${SEAT_RETRY_DELAYS_MS.length})`,
      );
      throwIfAborted(o.signal);
      await sleep(delay);
      throwIfAborted(o.signal);
    }
  }
}

/**
 * Carries out the plan through a `cli` admin; each step is checked first, so a re-run changes nothing
 * twice. Environment variables are set only on an app created by this run.
 */
export async function runAppSetup(admin: De5Admin, actions: readonly SetupAction[], o: SetupOptions): Promise<SetupResult> {
  if (admin.kind !== 'cli') {
    throw new CoreError('internal', 'runAppSetup needs an admin that can make changes.');
  }
  const { app, signal } = o;
  // These names become `de` arguments: refused before anything changes on DE5.
  requireDe5AppName(app);
  const badNames = actions.flatMap((a) => (a.kind === 'env' && !ENV_NAME.test(a.name) ? [JSON.stringify(a.name)] : []));
  if (badNames.length > 0) {
    throw new CoreError('invalid-input', `Not valid environment variable names: ${badNames.join(', ')}; nothing was changed on DE5.`, {
      hint: 'Names use letters, digits and "_", not starting with a digit. Fix them in .de-migrate/de4-app.json or on DE4.',
    });
  }
  const done: string[] = [];
  const skipped: string[] = [];
  // Variables are set when the app is created here; on an existing app they are its owner's to change.
  let created = false;
  for (const a of actions) {
    throwIfAborted(signal);
    switch (a.kind) {
      case 'create-app':
        if (!(await admin.appExists(app, signal))) {
          o.onStep?.(`Creating app ${app} on DE5…`);
          await withSeatRetry(() => admin.createApp(app, signal), o);
          created = true;
          done.push(`created app ${app}`);
        }
        break;
      case 'env': {
        if (!created) {
          break;
        }
        const value = await o.valueFor(a.name);
        if (value === undefined) {
          skipped.push(a.name);
          break;
        }
        o.onStep?.(`Setting ${a.name}…`);
        await admin.setEnvironmentVariable(app, a.name, value, signal);
        done.push(`set ${a.name}`);
        break;
      }
      case 'service':
        if (!(await admin.serviceExists(app, a.type, signal))) {
          o.onStep?.(`Adding a ${a.type} service…`);
          await admin.createService(app, a.type, signal);
          done.push(`added ${a.type}`);
        }
        break;
      case 'persistent-filesystem':
        o.onStep?.('Enabling the persistent filesystem…');
        await admin.enablePersistentFilesystem(app, signal);
        done.push('enabled the persistent filesystem');
        break;
    }
  }
  return { done, skipped };
}
