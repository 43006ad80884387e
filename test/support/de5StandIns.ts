import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

// Typed access to the DE5 stand-ins in scripts/ (plain ESM, shared with `npm start`) for tests
// compiled to CommonJS: the git endpoint over SSH (scripts/de5Ssh), the `de` CLI (scripts/de5Cli)
// and the deployed-app HTTP server (scripts/de5Http).

// ---- scripts/de5Ssh ----

export interface De5SshQuirks {
  /** The key authenticates, but every git request is refused with "permission denied". */
  refuseUser?: boolean;
}

export interface De5SshServerOptions {
  /** Used and kept when given (previous content replaced); otherwise a temp dir that close() removes. */
  stateDir?: string;
  /** Omitted: 22 when root and 22 is free, else a free port. 0: any free port. N: exactly N. */
  port?: number;
  /** Empty bare repositories (HEAD → main) to create. */
  apps?: string[];
  quirks?: De5SshQuirks;
  /** `auto` (default): the `git` user when possible; `forced-git-shell`: always the current user. */
  loginMode?: 'auto' | 'forced-git-shell';
  /** sshd LogLevel (default INFO). */
  logLevel?: string;
  signal?: AbortSignal;
}

export type De5SshOutcome = 'served' | 'no-app' | 'bad-name' | 'unknown-command' | 'no-command' | 'refused-user';

export interface De5SshRequest {
  time: string;
  /** SSH_ORIGINAL_COMMAND, printable and at most 80 characters. */
  command: string;
  service?: 'upload-pack' | 'receive-pack';
  app?: string;
  outcome: De5SshOutcome;
  exitCode: number;
}

export interface De5SshKey {
  identityFile: string;
  /** `ssh-ed25519 AAAA… comment` */
  publicKey: string;
}

export interface LoopbackDe5SshServer {
  host: '127.0.0.1';
  port: number;
  portChoice: 'ssh-default' | 'free' | 'requested';
  /** `git` in mode git-user, else the current OS user. */
  user: string;
  loginMode: 'git-user' | 'forced-git-shell';
  /** Why forced-git-shell was used; undefined in mode git-user. */
  loginModeReason: string | undefined;
  stateDir: string;
  reposDir: string;
  /** The served host key, `ssh-ed25519 AAAA… comment`; changes at start() after rotateHostKey(). */
  readonly hostPublicKey: string;
  /** `SHA256:…` as `ssh-keygen -lf` prints it. */
  readonly hostKeyFingerprint: string;
  /** One known_hosts line (with newline) for the served host key. */
  knownHostsLine(): string;
  /** A known_hosts file kept in step with the served host key. */
  knownHostsFile: string;
  /** Client config for `ssh -F` (port, user, key, known_hosts). */
  sshConfigFile: string;
  clientKey: De5SshKey;
  /** A key the server does not accept. */
  otherClientKey: De5SshKey;
  gitSshCommand: string;
  /** `ssh://<user>@127.0.0.1:<port>/<app>` */
  remoteUrl(app: string): string;
  /** `<user>@127.0.0.1:<app>` */
  scpUrl(app: string): string;
  /** Creates `<reposDir>/<app>.git` (empty, HEAD → defaultBranch); returns its path. */
  createRepo(app: string, options?: { defaultBranch?: string }): string;
  /** sha of refs/heads/<branch> (default: what HEAD names) or undefined; throws for an app without repository. */
  headOf(app: string, branch?: string): string | undefined;
  refs(app: string): Record<string, string>;
  setQuirks(quirks: De5SshQuirks): void;
  requests(): De5SshRequest[];
  sshdLog(): string;
  isRunning(): boolean;
  /** Kills sshd and every connection (in-flight pushes die); keeps the state. */
  stop(): Promise<void>;
  /** Starts again on the same port (with a rotated host key if one is staged); no-op while running. */
  start(signal?: AbortSignal): Promise<void>;
  /** Stages a new host key for the next start(). */
  rotateHostKey(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface De5SshModule {
  SSHD: string;
  DE5_SSH_PORT: number;
  GIT_USER: string;
  GIT_USER_HOME: string;
  startDe5SshServer(options?: De5SshServerOptions): Promise<LoopbackDe5SshServer>;
  describeDe5SshServer(server: LoopbackDe5SshServer): string[];
  /** The forced command's decision for one SSH_ORIGINAL_COMMAND. */
  classifyRequest(
    command: string | undefined,
    config: { reposDir: string; quirks?: De5SshQuirks },
  ): { outcome: De5SshOutcome | 'serve'; service?: string; app?: string; repo?: string; errors?: string[] };
  isAppName(name: unknown): boolean;
  /** `SHA256:…` of a public key line, as `ssh-keygen -lf` prints it. */
  fingerprint(publicKeyLine: string): string;
}

// ---- scripts/de5Cli ----

export interface DeStubApp {
  persistentFilesystem: boolean;
  pythonVersion: string | null;
  environmentVariables: Record<string, string>;
  services: string[];
  owner: string | null;
  created: string;
  groupViewers?: string[];
  groupCoOwners?: string[];
}

export interface DeStubLogEntry {
  time: string;
  /** argv after `de`, environment variable values replaced by `<redacted>`. */
  argv: string[];
  user: string | null;
  exitCode: number;
}

export interface DeStubState {
  version: number;
  host: string;
  users: Record<string, string>;
  keyfileUser: string | null;
  seatErrorsOnCreate: number;
  missingAppExitCode: number;
  reposDir: string | null;
  apps: Record<string, DeStubApp>;
  log: DeStubLogEntry[];
}

export interface DeStubStateOptions {
  host: string;
  /** username → password, checked for `--no-keyfile`. */
  users: Record<string, string>;
  apps?: (string | ({ name: string } & Partial<DeStubApp>))[];
  /** The first N `apps create` fail with a licence seat error. */
  seatErrorsOnCreate?: number;
  /** Where `apps create` makes `<app>.git` (e.g. a LoopbackDe5SshServer's reposDir). */
  reposDir?: string;
  /** Who calls without `--no-keyfile` (unset: such calls fail as not logged in). */
  keyfileUser?: string;
  /** Exit code of `apps exists` for a missing app (default 0). */
  missingAppExitCode?: number;
}

export interface De5CliModule {
  DE_VERSION: string;
  createDeStubState(file: string, options: DeStubStateOptions): DeStubState;
  readDeStubState(file: string): DeStubState;
  /** One invocation in-process (the `de` executable is a thin wrapper around it). */
  runDe(argv: string[], env: NodeJS.ProcessEnv): { exitCode: number; stdout: string; stderr: string };
  redactArgv(argv: string[]): string[];
}

// ---- scripts/de5Http ----

export interface De5AppOptions {
  /** GET requests under /<app>/ answered 503 before the app is ready (default 0). */
  readyAfterRequests?: number;
}

export interface De5AppServer {
  /** `http://127.0.0.1:<port>` (no trailing slash); apps live at `${url}/<app>/`. */
  url: string;
  hits(app: string): number;
  setApp(app: string, options?: De5AppOptions): void;
  requests(): { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

export interface De5HttpModule {
  startDe5AppServer(options?: { apps?: Record<string, De5AppOptions> }): Promise<De5AppServer>;
}

/** out/test/support → the repository root. */
const REPO = path.resolve(__dirname, '..', '..', '..');

/** The `de` stand-in executable (`#!/usr/bin/env node`, so `node` must be on PATH). */
export const DE_CLI_PATH = path.join(REPO, 'scripts', 'de5Cli', 'de');

/**
 * Runs the `de` executable with exactly `env` (plus a PATH that finds this node for its shebang).
 * Never rejects: the exit code is part of the result.
 */
export function runDeCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const pathVar = [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter);
  return new Promise((resolve) => {
    execFile(DE_CLI_PATH, args, { env: { ...env, PATH: pathVar }, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

// tsc (module: commonjs) turns `import()` into `require()`, which cannot load an ES module on Node 20;
// an import() inside a Function body is left as is. The body is a constant, so nothing is evaluated from input.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

const load = (...parts: string[]) => importEsm(pathToFileURL(path.join(REPO, 'scripts', ...parts)).href);

/** Loads scripts/de5Ssh (sshServer.mjs, gitServe.mjs, repos.mjs, sshFiles.mjs). */
export async function loadDe5Ssh(): Promise<De5SshModule> {
  const server = (await load('de5Ssh', 'sshServer.mjs')) as Pick<
    De5SshModule,
    'SSHD' | 'DE5_SSH_PORT' | 'GIT_USER' | 'GIT_USER_HOME' | 'startDe5SshServer' | 'describeDe5SshServer'
  >;
  const serve = (await load('de5Ssh', 'gitServe.mjs')) as Pick<De5SshModule, 'classifyRequest'>;
  const repos = (await load('de5Ssh', 'repos.mjs')) as Pick<De5SshModule, 'isAppName'>;
  const files = (await load('de5Ssh', 'sshFiles.mjs')) as Pick<De5SshModule, 'fingerprint'>;
  return { ...server, classifyRequest: serve.classifyRequest, isAppName: repos.isAppName, fingerprint: files.fingerprint };
}

/** Loads scripts/de5Cli (state.mjs, deCli.mjs). */
export async function loadDe5Cli(): Promise<De5CliModule> {
  const state = (await load('de5Cli', 'state.mjs')) as Pick<De5CliModule, 'createDeStubState' | 'readDeStubState'>;
  const cli = (await load('de5Cli', 'deCli.mjs')) as Pick<De5CliModule, 'DE_VERSION' | 'runDe' | 'redactArgv'>;
  return { createDeStubState: state.createDeStubState, readDeStubState: state.readDeStubState, ...cli };
}

/** Loads scripts/de5Http/server.mjs. */
export async function loadDe5Http(): Promise<De5HttpModule> {
  return (await load('de5Http', 'server.mjs')) as De5HttpModule;
}
