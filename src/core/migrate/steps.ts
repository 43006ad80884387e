import * as path from 'node:path';
import { maskUrlCredentials } from '../report/maskCredentials';
import type { De4AppDetail } from '../api/de4Types';
import { backupApp } from '../backup/backupApp';
import { planConversion } from '../convert/planConversion';
import { writeConversion } from '../convert/writeConversion';
import { buildDe4Metadata, DE4_METADATA_FILE, parseDe4Metadata, type De4AppMetadataFile } from '../de4/appMetadata';
import type { De5Admin } from '../de5/appSetup';
import { prepareDe5, pushPrepared, verifyPushed, type PushAppInput, type PushPorts } from '../de5/pushApp';
import { DE5_RECORD_FILE, parsePushRecord, serializePushRecord, type De5PushRecord } from '../de5/pushRecord';
import { de5AppUrl, de5RemoteUrl, requireDe5AppName, sshEndpoint, type De5ServerConfig } from '../de5/serverConfig';
import { loadSnapshot } from '../discovery/loadSnapshot';
import { checkApp } from '../engine/checkApp';
import type { EngineConfig } from '../engine/config';
import { CoreError, errorMessage, throwIfAborted } from '../errors';
import { cloneDe4App, headOf } from '../git/de4Repo';
import { knownHostsName, recordedKeys } from '../git/knownHosts';
import type { De4SshTarget, SshSettings } from '../git/ssh';
import type { FileSystem, FileWriter, GitRunner, HttpClient, Logger, NetProbe, ProcessRunner } from '../ports';
import { NULL_LOGGER } from '../ports';
import { ALL_RULES } from '../rules';
import type { AppContext, CloneContext, MigrationSteps } from './machine';
import { readTextOrEmpty } from '../fileText';
import { KnownHostsAppender } from '../git/knownHostsFile';
import { unattendedPushUi, type UnattendedAnswers } from './pushUi';

/** The DE4 API calls the clone needs (De4Client has them). */
export interface De4AppSource {
  /** The server's normalised base URL, saved in the app's metadata. */
  readonly baseUrl: string;
  current(signal?: AbortSignal): Promise<{ readonly isAdmin: boolean; readonly username: string }>;
  appDetail(name: string, options: { readonly all: boolean }, signal?: AbortSignal): Promise<De4AppDetail | undefined>;
}

export interface MigrationStepsConfig {
  /** Apps are cloned into `<workdir>/<app>`. */
  readonly workdir: string;
  readonly de4: {
    readonly api: De4AppSource;
    readonly target: De4SshTarget;
    readonly ssh: SshSettings;
  };
  readonly de5: {
    readonly server: De5ServerConfig;
    /** `knownHostsFile` is the managed file, checked strictly. */
    readonly ssh: SshSettings & { readonly knownHostsFile: string };
    readonly admin: De5Admin;
    /** 0 skips the check that the app answers. */
    readonly verifyTimeoutMs: number;
    /** Push although error findings remain after the conversion. */
    readonly overrideErrors: boolean;
  };
  readonly answers: UnattendedAnswers;
  /** The checker's settings for the conversion and the error count before the push. */
  readonly engine: EngineConfig;
  readonly now?: () => Date;
}

export interface MigrationStepPorts {
  readonly fs: FileSystem;
  readonly writer: FileWriter;
  readonly git: GitRunner;
  readonly net: NetProbe;
  readonly process: ProcessRunner;
  /** For the check that the deployed app answers. */
  readonly http: HttpClient;
  readonly log?: Logger;
  /** Waits between the answer checks and licence-seat retries (tests pass a fast one). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Who the conversion commit is by: the tool, so it never needs the user's git identity. */
export const CONVERT_COMMIT_ENV: Readonly<Record<string, string>> = Object.freeze({
  GIT_AUTHOR_NAME: 'de-migrate',
  GIT_AUTHOR_EMAIL: 'de-migrate@localhost',
  GIT_COMMITTER_NAME: 'de-migrate',
  GIT_COMMITTER_EMAIL: 'de-migrate@localhost',
});

export const CONVERT_COMMIT_MESSAGE = 'Convert to Dash Enterprise 5 (de-migrate, safe fixes)';

/** Paths the conversion commit takes: the app, without this tool's own `.de-migrate/` folder. */
const COMMIT_PATHS = ['--', '.', ':(exclude).de-migrate'];

function withSignal(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

/** The real steps over the ports: clone from DE4, convert and commit, set up on DE5, push, verify. */
export function createMigrationSteps(config: MigrationStepsConfig, ports: MigrationStepPorts): MigrationSteps {
  const log = ports.log ?? NULL_LOGGER;
  const now = config.now ?? (() => new Date());
  const knownHosts = new KnownHostsAppender(config.de5.ssh.knownHostsFile, ports);
  // Asked once per fleet: whether the key may see every app, not just the user's own.
  let isAdmin: Promise<boolean> | undefined;
  // Apps reaching a DE5 host not trusted yet take turns, so one scans its key and the others find it
  // recorded: parallel ssh-keyscans open many unauthenticated connections, which sshd drops (MaxStartups).
  let trustTurn: Promise<unknown> = Promise.resolve();

  const pushPorts = (signal: AbortSignal | undefined): PushPorts => ({
    git: ports.git,
    net: ports.net,
    process: ports.process,
    http: ports.http,
    log,
    ...withSignal(signal),
    ...(ports.sleep ? { sleep: ports.sleep } : {}),
  });

  const readMetadata = async (dir: string): Promise<De4AppMetadataFile | undefined> => {
    const text = await readTextOrEmpty(ports.fs, path.join(dir, ...DE4_METADATA_FILE.split('/')));
    return text === '' ? undefined : parseDe4Metadata(text);
  };

  const pushInput = async (ctx: AppContext, errorCount: number): Promise<PushAppInput> => {
    const { server } = config.de5;
    const app = requireDe5AppName(ctx.app);
    return {
      appDir: ctx.dir,
      app,
      remoteUrl: de5RemoteUrl(server, app),
      branch: config.answers.branch ?? 'main',
      ssh: config.de5.ssh,
      knownHostsText: await readTextOrEmpty(ports.fs, config.de5.ssh.knownHostsFile),
      errorCount,
      overrideErrors: config.de5.overrideErrors,
      metadata: await readMetadata(ctx.dir),
      admin: config.de5.admin,
      appUrl: config.de5.verifyTimeoutMs > 0 ? de5AppUrl(server, app) : undefined,
      verifyTimeoutMs: config.de5.verifyTimeoutMs,
    };
  };

  const ui = (app: string) => unattendedPushUi(app, config.answers, knownHosts, log);

  /** `.de-migrate/de5-app.json`, as `de-migrate push` and the editor keep it, so both see the app as pushed. */
  const recordPush = async (ctx: AppContext, lastPush: NonNullable<De5PushRecord['lastPush']>): Promise<void> => {
    const file = path.join(ctx.dir, ...DE5_RECORD_FILE.split('/'));
    const record: De5PushRecord = {
      schemaVersion: 1,
      host: config.de5.server.host,
      app: requireDe5AppName(ctx.app),
      ...(config.answers.branch !== undefined ? { branch: config.answers.branch } : {}),
      lastPush,
    };
    await ports.writer.mkdir(path.dirname(file));
    await ports.writer.writeFileAtomic(file, new TextEncoder().encode(serializePushRecord(record)));
  };
  const recordVerified = async (ctx: AppContext, verified: boolean): Promise<void> => {
    const text = await readTextOrEmpty(ports.fs, path.join(ctx.dir, ...DE5_RECORD_FILE.split('/')));
    const last = text === '' ? undefined : parsePushRecord(text).lastPush;
    if (last) {
      await recordPush(ctx, { ...last, verified });
    }
  };

  return {
    async clone(ctx: CloneContext) {
      const { api } = config.de4;
      // A failed look-up is not kept: the next app asks again.
      isAdmin ??= api.current(ctx.signal).then(
        (c) => c.isAdmin,
        (err: unknown) => {
          isAdmin = undefined;
          throw err;
        },
      );
      const detail = await api.appDetail(ctx.app, { all: await isAdmin }, ctx.signal);
      if (!detail) {
        throw new CoreError('not-found', `${api.baseUrl} does not list an app named ${ctx.app}.`, {
          hint: 'Check the name with `de-migrate apps`, or use an API key that can see it.',
        });
      }
      const cloned = await cloneDe4App(
        {
          target: config.de4.target,
          ssh: config.de4.ssh,
          app: ctx.app,
          dest: path.join(config.workdir, ctx.app),
          metadata: buildDe4Metadata(api.baseUrl, detail, now()),
        },
        { fs: ports.fs, writer: ports.writer, git: ports.git, log, ...withSignal(ctx.signal) },
      );
      return { dir: cloned.dir, ...(cloned.head !== undefined ? { sha: cloned.head } : {}) };
    },

    async convert(ctx: AppContext) {
      const repo = { fs: ports.fs, writer: ports.writer, git: ports.git, log, now, ...withSignal(ctx.signal) };
      const snapshot = await loadSnapshot(ports.fs, ctx.dir, { log, ...withSignal(ctx.signal) });
      const plan = planConversion(snapshot, ALL_RULES, config.engine, { includeUnsafe: false, ...withSignal(ctx.signal) });
      if (plan.edits.length > 0) {
        // A rerun after a crash finds the files already converted: the plan is then empty, and no second backup is made.
        const backup = await backupApp(ctx.dir, plan.created, repo);
        try {
          await writeConversion(plan, repo);
        } catch (err) {
          const kept = backup.kind === 'git-tag' ? `tag ${backup.name}` : backup.path;
          // writeConversion puts back what it wrote; only when that failed too is the folder left half converted.
          const half = errorMessage(err).includes('half converted');
          throw new CoreError('io-failed', `Converting ${ctx.app} failed part-way: ${errorMessage(err)}`, {
            hint: half
              ? `Restore the original from ${kept} first (Restore DE4 Original, or de-migrate restore ${ctx.dir} --from ${backup.kind === 'git-tag' ? backup.name : backup.path}), then retry the step.`
              : `Nothing was changed (the original is also kept in ${kept}); retrying the step converts again.`,
            cause: err,
          });
        }
        log.info(`[migrate] ${ctx.app}: applied ${plan.applied.length} safe fix(es)`);
      }
      throwIfAborted(ctx.signal);
      await ports.git.run(ctx.dir, ['add', '-A', ...COMMIT_PATHS], withSignal(ctx.signal));
      const staged = await ports.git.run(ctx.dir, ['diff', '--cached', '--name-only', ...COMMIT_PATHS], withSignal(ctx.signal));
      if (staged.trim() !== '') {
        await ports.git.run(ctx.dir, ['-c', 'commit.gpgsign=false', 'commit', '--no-verify', '--quiet', '-m', CONVERT_COMMIT_MESSAGE], {
          env: CONVERT_COMMIT_ENV,
          ...withSignal(ctx.signal),
        });
      }
      const sha = await headOf(ctx.dir, { git: ports.git, log, ...withSignal(ctx.signal) });
      if (sha === undefined) {
        throw new CoreError('internal', `${ctx.dir} has no commit after the conversion.`);
      }
      return { sha };
    },

    async create(ctx: AppContext) {
      const snapshot = await loadSnapshot(ports.fs, ctx.dir, { log, ...withSignal(ctx.signal) });
      const errors = checkApp(snapshot, ALL_RULES, config.engine).findings.filter((f) => f.severity === 'error').length;
      const prepare = async () => prepareDe5(await pushInput(ctx, errors), ui(ctx.app), pushPorts(ctx.signal));
      const trusted = async (): Promise<boolean> => {
        const endpoint = sshEndpoint(de5RemoteUrl(config.de5.server, requireDe5AppName(ctx.app)));
        const text = await readTextOrEmpty(ports.fs, config.de5.ssh.knownHostsFile);
        return endpoint === undefined || recordedKeys(text, knownHostsName(endpoint.host, endpoint.port)).length > 0;
      };
      let prepared: Awaited<ReturnType<typeof prepareDe5>> | undefined;
      if (!(await trusted())) {
        const turn = trustTurn.then(async () => ((await trusted()) ? undefined : prepare()));
        trustTurn = turn.catch(() => undefined);
        prepared = await turn;
      }
      prepared ??= await prepare();
      if ('skipped' in prepared.setup && prepared.setup.skipped.length > 0) {
        log.warn(`[migrate] ${ctx.app}: no value given for ${prepared.setup.skipped.join(', ')}; set them on DE5 by hand`);
      }
    },

    async push(ctx: AppContext) {
      // The branch and address are the ones the create step used: both follow from the configuration.
      const input = await pushInput(ctx, 0);
      const endpoint = sshEndpoint(input.remoteUrl);
      if (!endpoint) {
        throw new CoreError('invalid-input', `${maskUrlCredentials(input.remoteUrl)} is not an SSH git URL.`);
      }
      const outcome = await pushPrepared(
        input,
        { address: `${endpoint.host}:${endpoint.port}`, branch: input.branch ?? 'main', setup: { done: [], skipped: [] } },
        ui(ctx.app),
        pushPorts(ctx.signal),
      );
      await recordPush(ctx, { sha: outcome.sha, branch: input.branch ?? 'main', time: now().toISOString() });
      return { sha: outcome.sha };
    },

    async verify(ctx: AppContext) {
      const input = await pushInput(ctx, 0);
      const result = await verifyPushed(input, ui(ctx.app), pushPorts(ctx.signal));
      if (result === undefined) {
        log.warn(`[migrate] ${ctx.app}: not checked that the app answers (no wait time set)`);
        return;
      }
      await recordVerified(ctx, result.ok);
      if (!result.ok) {
        throw new CoreError(
          'timeout',
          `${ctx.app} did not answer at ${input.appUrl ?? ''} within ${Math.round(config.de5.verifyTimeoutMs / 1000)} s: ${result.last}.`,
          { hint: 'See its build log in the DE5 App Manager; once it runs, retry this step.' },
        );
      }
    },
  };
}
