import { nextStep, type AppMigrationState, type MigrationStep } from '../../shared/migrationState';
import { CoreError, errorMessage } from '../errors';
import type { StateStore } from './stateStore';

/**
 * One app's migration as a resumable state machine: discovered → cloned → converted → created →
 * pushed → verified. Each completed step is persisted before the next starts, so a rerun starts
 * after the last completed step; a failure is recorded as `failed(step, reason)` and stops the app.
 */

/** The action that completes each step. */
export type MigrationAction = 'clone' | 'convert' | 'create' | 'push' | 'verify';

export const ACTION_FOR_STEP: Readonly<Record<Exclude<MigrationStep, 'discovered'>, MigrationAction>> = Object.freeze({
  cloned: 'clone',
  converted: 'convert',
  created: 'create',
  pushed: 'push',
  verified: 'verify',
});

/** The action that completes `step` (`clone` for `cloned`); undefined for `discovered`. */
export function actionFor(step: MigrationStep): MigrationAction | undefined {
  return step === 'discovered' ? undefined : ACTION_FOR_STEP[step];
}

export interface CloneContext {
  readonly app: string;
  readonly signal?: AbortSignal;
}

/** What every step after the clone gets: the app's folder and the commit recorded so far. */
export interface AppContext extends CloneContext {
  readonly dir: string;
  readonly sha?: string;
}

/** One async method per step; each returns what the next ones need (the folder, the commit). */
export interface MigrationSteps {
  clone(ctx: CloneContext): Promise<{ readonly dir: string; readonly sha?: string }>;
  /** Converts with safe fixes and commits the result, so the push has it. */
  convert(ctx: AppContext): Promise<{ readonly sha?: string }>;
  /** Sets the app up on DE5 (pre-flight, create, services, variables). */
  create(ctx: AppContext): Promise<void>;
  push(ctx: AppContext): Promise<{ readonly sha: string }>;
  /** Rejects when the deployed app does not answer. */
  verify(ctx: AppContext): Promise<void>;
}

export type StepStatus = 'started' | 'done' | 'failed' | 'cancelled';

export interface AppMigrationOptions {
  readonly signal?: AbortSignal;
  /** `step` is the one being worked towards (`cloned` while cloning); `detail` is the failure's reason. */
  readonly onStep?: (app: string, step: MigrationStep, status: StepStatus, detail?: string) => void;
  /** Reruns the step an earlier run failed at; otherwise a failed app is left as it is (`skipped`). */
  readonly retryFailed?: boolean;
  /** Values that must never reach a failure reason (environment variable values). */
  readonly redact?: readonly string[];
  readonly now?: () => Date;
}

/**
 * `verified`: every step done. `failed`: a step failed now. `skipped`: it had failed before and was
 * not retried. `cancelled`: the signal stopped it (between steps, or a step part-way).
 */
export type AppOutcome = 'verified' | 'failed' | 'skipped' | 'cancelled';

export interface AppRunResult {
  readonly app: string;
  readonly outcome: AppOutcome;
  readonly state: AppMigrationState;
  /** The steps completed by this run, in order. */
  readonly ran: readonly MigrationStep[];
}

const MAX_REASON = 1000;

/** The failure as one line for the state file: message and hint, secrets masked, bounded in length. */
export function failureReason(err: unknown, redact: readonly string[] = []): string {
  let reason = errorMessage(err);
  if (err instanceof CoreError && err.hint) {
    reason = `${reason} ${err.hint}`;
  }
  for (const secret of redact) {
    if (secret.length >= 3) {
      reason = reason.split(secret).join('***');
    }
  }
  reason = reason.replace(/\s+/g, ' ').trim() || 'unknown error';
  return reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason;
}

function withoutFailure(s: AppMigrationState): AppMigrationState {
  const { failed: _failed, ...rest } = s;
  return rest;
}

async function runStep(steps: MigrationSteps, step: MigrationStep, state: AppMigrationState, signal: AbortSignal | undefined) {
  const base = { app: state.app, ...(signal ? { signal } : {}) };
  if (step === 'cloned') {
    return steps.clone(base);
  }
  if (state.dir === undefined) {
    throw new CoreError('invalid-input', `No folder is recorded for ${state.app}, so the ${actionFor(step) ?? step} step cannot run.`, {
      hint: 'Remove its entry from the state file to start it over.',
    });
  }
  const ctx: AppContext = { ...base, dir: state.dir, ...(state.sha !== undefined ? { sha: state.sha } : {}) };
  switch (step) {
    case 'converted':
      return steps.convert(ctx);
    case 'created':
      await steps.create(ctx);
      return {};
    case 'pushed':
      return steps.push(ctx);
    case 'verified':
      await steps.verify(ctx);
      return {};
    case 'discovered':
      throw new CoreError('internal', 'discovered is no step to run.');
  }
}

/**
 * Runs `app` from the step after its last completed one to `verified`, persisting each step. A thrown
 * error marks `failed(step, reason)`; when the signal stops a step (between steps, or part-way) nothing
 * is marked, so the next run takes up the same step. Rejects only when the store does.
 */
export async function runAppMigration(
  app: string,
  steps: MigrationSteps,
  store: StateStore,
  opts: AppMigrationOptions = {},
): Promise<AppRunResult> {
  const now = (): string => (opts.now ?? (() => new Date()))().toISOString();
  const { signal } = opts;
  let state = (await store.load()).apps[app] ?? (await store.update(app, (cur) => cur ?? { app, step: 'discovered', updatedAt: now() }));
  const ran: MigrationStep[] = [];
  const result = (outcome: AppOutcome): AppRunResult => ({ app, outcome, state, ran });
  if (state.failed && !opts.retryFailed) {
    return result('skipped');
  }
  for (let target = nextStep(state.step); target !== undefined; target = nextStep(state.step)) {
    if (signal?.aborted) {
      return result('cancelled');
    }
    opts.onStep?.(app, target, 'started');
    let out: { readonly dir?: string; readonly sha?: string };
    try {
      out = await runStep(steps, target, state, signal);
    } catch (err) {
      // Only the caller's signal cancels: a step that gave up by itself (a question nobody answered)
      // is a failure, so the state says why the app stopped.
      if (signal?.aborted) {
        opts.onStep?.(app, target, 'cancelled');
        return result('cancelled');
      }
      const reason = failureReason(err, opts.redact);
      const failedAt = target;
      state = await store.update(app, (cur) => ({ ...(cur ?? state), failed: { step: failedAt, reason, at: now() }, updatedAt: now() }));
      opts.onStep?.(app, target, 'failed', reason);
      return result('failed');
    }
    const done = target;
    state = await store.update(app, (cur) => ({
      ...withoutFailure(cur ?? state),
      step: done,
      ...(out.dir !== undefined ? { dir: out.dir } : {}),
      ...(out.sha !== undefined ? { sha: out.sha } : {}),
      updatedAt: now(),
    }));
    ran.push(done);
    opts.onStep?.(app, done, 'done');
  }
  return result('verified');
}
