import * as path from 'node:path';
import { De4Client } from '../core/api/de4Client';
import { parseDotenv } from '../core/de4/dotenv';
import { DeCliAdmin, deCliVersion, ManualDe5Admin } from '../core/de5/deCliAdmin';
import { normaliseEngineSettings } from '../core/engine/config';
import { CoreError } from '../core/errors';
import { DEFAULT_SSH_SETTINGS, isDe4AppName } from '../core/git/ssh';
import { runFleet, type FleetSummary } from '../core/migrate/fleet';
import { actionFor } from '../core/migrate/machine';
import { readTextOrEmpty } from '../core/fileText';
import { FileStateStore, MIGRATION_STATE_FILE } from '../core/migrate/stateStore';
import { createMigrationSteps } from '../core/migrate/steps';
import type { FileSystem, FileWriter, GitRunner, HttpClient, Logger, NetProbe, ProcessRunner } from '../core/ports';
import { withSshControlDir } from '../node/sshControlDir';
import { serializeMigrationState, type AppMigrationState, type MigrationStateFile } from '../shared/migrationState';
import { API_KEY_VARIABLE } from './appsCommand';
import { UsageError } from './args';
import { trustDe4HostKey } from './de4HostKey';
import { sshSettings, sshTarget } from './de4RepoCommands';
import type { MigrateArgs } from './migrateArgs';
import { defaultKnownHostsFile } from './pushCommand';
import { de5ServerOf } from './de5Flags';

export interface MigratePorts {
  readonly fs: FileSystem;
  readonly writer: FileWriter;
  readonly git: GitRunner;
  readonly net: NetProbe;
  readonly process: ProcessRunner;
  /** For the DE4 API (with --ca-file / --insecure applied). */
  readonly http: HttpClient;
  /** For the check that each deployed app answers on DE5. */
  readonly appHttp: HttpClient;
  readonly log: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** One line per app per step, as it happens (stderr). */
  readonly progress: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Apps at once up to which they share one SSH connection per server. */
const MAX_SHARED_APPS = 8;

/** A state file belongs to one pair of servers: resuming it against others would mix two migrations. */
function requireSameServers(state: MigrationStateFile, de4: string, de5: string, file: string): void {
  const other =
    state.de4 !== undefined && state.de4 !== de4 ? state.de4 : state.de5 !== undefined && state.de5 !== de5 ? state.de5 : undefined;
  if (other !== undefined) {
    throw new CoreError('invalid-input', `${file} holds a migration with ${state.de4 ?? '?'} → ${state.de5 ?? '?'}, not ${de4} → ${de5}.`, {
      hint: 'Give another --state (or --workdir) for this pair of servers.',
    });
  }
}

async function selectedApps(args: MigrateArgs, client: De4Client, state: MigrationStateFile, ports: MigratePorts): Promise<string[]> {
  if (args.apps) {
    return [...args.apps];
  }
  if (!args.all) {
    const apps = Object.keys(state.apps).sort();
    if (apps.length === 0) {
      throw new UsageError('migrate needs --apps <a,b> or --all (or a state file with apps to resume).');
    }
    // The state file is a file in the work folder: its names are checked like the command line's.
    const bad = apps.find((a) => !isDe4AppName(a));
    if (bad !== undefined) {
      throw new UsageError(`The state file names an app that is not a DE4 app name: ${JSON.stringify(bad)}.`);
    }
    return apps;
  }
  const current = await client.current(ports.signal);
  if (!current.isAdmin) {
    ports.log.warn(`${current.username} is not a DE4 admin: --all takes only their own apps.`);
  }
  const listed = await client.listApps({ all: current.isAdmin }, ports.signal);
  const bad = listed.filter((a) => !isDe4AppName(a.name)).map((a) => a.name);
  if (bad.length > 0) {
    ports.log.warn(`Skipping apps whose names DE4 git cannot serve: ${bad.join(', ')}`);
  }
  return listed.map((a) => a.name).filter(isDe4AppName);
}

function statusText(a: AppMigrationState | undefined): string {
  if (a === undefined) {
    return 'not started';
  }
  if (a.failed) {
    return `FAILED at ${actionFor(a.failed.step) ?? a.failed.step}: ${a.failed.reason}`;
  }
  return a.step === 'verified' ? 'ok' : 'not finished';
}

/** The text summary: one row per selected app, then the counts. */
export function formatMigrationTable(apps: readonly string[], state: MigrationStateFile, summary: FleetSummary, stateFile: string): string {
  const rows = [['APP', 'STEP', 'STATUS'], ...apps.map((app) => [app, state.apps[app]?.step ?? '-', statusText(state.apps[app])])];
  const widths = [0, 1].map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const lines = rows.map((r) => `${(r[0] ?? '').padEnd(widths[0] ?? 0)}  ${(r[1] ?? '').padEnd(widths[1] ?? 0)}  ${r[2] ?? ''}`);
  const notFinished = summary.total - summary.verified.length - summary.failed.length;
  lines.push(
    '',
    `${summary.verified.length} of ${summary.total} verified, ${summary.failed.length} failed, ${notFinished} not finished. State: ${stateFile}`,
  );
  if (summary.skipped.length > 0) {
    lines.push(`Left as they failed before: ${summary.skipped.join(', ')}. Fix the cause, then run again with --retry-failed.`);
  } else if (summary.failed.length > 0) {
    lines.push('Fix the cause, then run the same command with --retry-failed: finished steps are not redone.');
  }
  if (summary.cancelled.length > 0) {
    lines.push('Stopped before the end: run the same command again to resume.');
  }
  return lines.join('\n');
}

/**
 * `de-migrate migrate`: every selected app through clone → convert → DE5 setup → push → verify, a few
 * at a time, resumable from the state file. Exit 0 all verified, 1 an app failed, 2 cancelled.
 */
export async function runMigrate(args: MigrateArgs, cwd: string, stdout: (t: string) => void, ports: MigratePorts): Promise<number> {
  const apiKey = ports.env[API_KEY_VARIABLE]?.trim();
  if (!apiKey) {
    throw new UsageError(`Set the DE4 API key in the ${API_KEY_VARIABLE} environment variable: migrate reads each app's DE4 settings.`);
  }
  const server = de5ServerOf(args);
  const { log, signal } = ports;
  const workdir = path.resolve(cwd, args.workdir);
  const stateFile = path.resolve(cwd, args.state ?? path.join(workdir, ...MIGRATION_STATE_FILE.split('/')));
  const client = new De4Client({
    baseUrl: args.de4,
    http: ports.http,
    getAuth: () => Promise.resolve({ username: args.user, apiKey }),
    log,
  });
  const store = new FileStateStore({ file: stateFile, fs: ports.fs, writer: ports.writer, de4: client.baseUrl, de5: server.host });
  requireSameServers(await store.load(), client.baseUrl, server.host, stateFile);
  const apps = await selectedApps(args, client, await store.load(), ports);

  const values =
    args.envFile !== undefined ? parseDotenv(await readTextOrEmpty(ports.fs, path.resolve(cwd, args.envFile))) : new Map<string, string>();
  const command = args.deCli ?? 'de';
  const { DASH_ENTERPRISE_USERNAME: username, DASH_ENTERPRISE_PASSWORD: password } = ports.env;
  const admin = (await deCliVersion(ports.process, command, signal))
    ? new DeCliAdmin({ runner: ports.process, command, host: server.host, ...(username && password ? { username, password } : {}), log })
    : new ManualDe5Admin();
  if (admin.kind === 'manual') {
    log.warn(`The de CLI (${command}) does not run: apps not yet on DE5 will fail at the setup step.`);
  }
  // One SSH connection per server carries every app's git (no login per clone, ls-remote and push),
  // unless more apps run at once than sshd's default MaxSessions (10) per connection would take.
  const share = (dir: string | undefined): { controlDir?: string } =>
    dir !== undefined && args.concurrency <= MAX_SHARED_APPS ? { controlDir: dir } : {};
  // DE4's git host key, before any app: an unknown host stops the run here with its fingerprint.
  const de4Target = sshTarget(args.de4, args.de4Ssh);
  const de4Ssh = await trustDe4HostKey(de4Target, sshSettings(args.de4Ssh, cwd), args.de4Ssh.acceptHostKey, '--de4-accept-host-key', ports);
  const summary = await withSshControlDir(async (controlDir) => {
    const steps = createMigrationSteps(
      {
        workdir,
        de4: { api: client, target: de4Target, ssh: { ...de4Ssh, ...share(controlDir) } },
        de5: {
          server,
          ssh: {
            ...DEFAULT_SSH_SETTINGS,
            strictHostKeyChecking: 'yes',
            knownHostsFile: path.resolve(cwd, args.knownHosts ?? defaultKnownHostsFile(ports.env)),
            ...(args.identityFile ? { identityFile: path.resolve(cwd, args.identityFile) } : {}),
            ...(args.sshConfig ? { configFile: path.resolve(cwd, args.sshConfig) } : {}),
            ...share(controlDir),
          },
          admin,
          verifyTimeoutMs: args.verifySeconds * 1000,
          overrideErrors: args.forceErrors,
        },
        answers: {
          acceptNewHostKeys: args.yes,
          ...(args.acceptHostKey ? { acceptHostKey: args.acceptHostKey } : {}),
          ...(args.branch ? { branch: args.branch } : {}),
          valueFor: (_app, name) => values.get(name),
        },
        engine: normaliseEngineSettings({ de5Host: server.host }),
        ...(ports.now ? { now: ports.now } : {}),
      },
      { ...ports, http: ports.appHttp },
    );
    return runFleet(apps, {
      steps,
      store,
      concurrency: args.concurrency,
      retryFailed: args.retryFailed,
      redact: [...values.values()],
      ...(signal ? { signal } : {}),
      ...(ports.now ? { now: ports.now } : {}),
      onStep: (app, step, status, detail) => {
        if (status === 'done') {
          ports.progress(`${app}: ${step}\n`);
        } else if (status === 'failed') {
          ports.progress(`${app}: FAILED at ${actionFor(step) ?? step}: ${detail ?? ''}\n`);
        } else if (status === 'cancelled') {
          ports.progress(`${app}: stopped during ${actionFor(step) ?? step}\n`);
        }
      },
      onAppDone: (r, done, total) => {
        if (r.outcome === 'skipped') {
          const at = r.state.failed ? (actionFor(r.state.failed.step) ?? r.state.failed.step) : '?';
          ports.progress(`${r.app}: failed before at ${at}; left alone (--retry-failed retries it)\n`);
        }
        log.info(`[migrate] ${done}/${total} ${r.app}: ${r.outcome}`);
      },
    });
  });
  const final = await store.load();
  if (args.format === 'json') {
    stdout(serializeMigrationState(final));
  } else {
    stdout(`${formatMigrationTable(apps, final, summary, stateFile)}\n`);
  }
  if (summary.failed.length > 0) {
    return 1;
  }
  return summary.cancelled.length > 0 ? 2 : 0;
}
