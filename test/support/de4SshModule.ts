import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

// Typed access to the loopback DE4 git-over-SSH stand-in in scripts/de4Ssh (plain ESM, shared with
// `npm start`) for tests compiled to CommonJS.

export interface De4SshQuirks {
  /** Every clone/fetch fails with "Reading app code over git is not enabled on this server". */
  refuseReads?: boolean;
}

export interface De4SshServerOptions {
  /** Used and kept when given; otherwise a temp dir that close() removes. */
  stateDir?: string;
  /** Apps in the seed's canonical form (default: seedApps()). */
  apps?: unknown[];
  /** Omitted: 3022 when free, else a free port. 0: any free port. N: exactly N. */
  port?: number;
  quirks?: De4SshQuirks;
  /** sshd LogLevel (default INFO). */
  logLevel?: string;
  signal?: AbortSignal;
}

export interface De4SshRepo {
  app: string;
  /** `<reposDir>/<app>.git` */
  path: string;
  sha: string;
}

export type De4SshOutcome = 'served' | 'refused-read' | 'no-app' | 'read-only' | 'unknown-command' | 'bad-name' | 'no-command';

export interface De4SshRequest {
  time: string;
  /** SSH_ORIGINAL_COMMAND, printable and at most 80 characters. */
  command: string;
  app?: string;
  outcome: De4SshOutcome;
  exitCode: number;
}

export interface LoopbackDe4SshServer {
  host: '127.0.0.1';
  port: number;
  /** The current OS user (a real DE4 uses `dokku`). */
  user: string;
  stateDir: string;
  identityFile: string;
  knownHostsFile: string;
  sshConfigFile: string;
  reposDir: string;
  repos: De4SshRepo[];
  gitSshCommand: string;
  portWasTaken: boolean;
  /** `ssh://<user>@127.0.0.1:<port>/<app>` */
  cloneUrl(app: string): string;
  /** `<user>@127.0.0.1:<app>` (port from `ssh -F <sshConfigFile>`) */
  scpUrl(app: string): string;
  setQuirks(quirks: De4SshQuirks): void;
  requests(): De4SshRequest[];
  sshdLog(): string;
  close(): Promise<void>;
}

export interface DeployedCommit {
  sha: string;
  files: Record<string, string>;
  /** Epoch seconds (author and committer date, +0000). */
  time: number;
  message: string;
}

/** Nested file map: a string is a file's text, an object a directory. */
export interface FileTree {
  [name: string]: string | FileTree;
}

export interface De4SshModule {
  SSHD: string;
  DE4_SSH_PORT: number;
  startDe4SshServer(options?: De4SshServerOptions): Promise<LoopbackDe4SshServer>;
  describeDe4SshServer(server: LoopbackDe4SshServer): string[];
  buildBareRepos(options: { dir: string; apps: unknown[]; signal?: AbortSignal }): Promise<De4SshRepo[]>;
  DEPLOY_IDENT: { name: string; email: string };
  deployedCommit(app: unknown): DeployedCommit | null;
  commitSha(input: { files: Record<string, string | FileTree>; time: number; message: string }): string;
  isDeployed(app: unknown): boolean;
  epochSeconds(iso: string): number;
  nestFiles(files: Record<string, string | FileTree>): FileTree;
}

/** out/test/support → the repository root. */
const REPO = path.resolve(__dirname, '..', '..', '..');

// tsc (module: commonjs) turns `import()` into `require()`, which cannot load an ES module on Node 20;
// an import() inside a Function body is left as is. The body is a constant, so nothing is evaluated from input.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** Loads scripts/de4Ssh/sshServer.mjs, repos.mjs and gitObjects.mjs. */
export async function loadDe4Ssh(): Promise<De4SshModule> {
  const dir = path.join(REPO, 'scripts', 'de4Ssh');
  const load = (file: string) => importEsm(pathToFileURL(path.join(dir, file)).href);
  const server = (await load('sshServer.mjs')) as Pick<
    De4SshModule,
    'SSHD' | 'DE4_SSH_PORT' | 'startDe4SshServer' | 'describeDe4SshServer'
  >;
  const repos = (await load('repos.mjs')) as Pick<De4SshModule, 'buildBareRepos'>;
  const objects = (await load('gitObjects.mjs')) as Pick<
    De4SshModule,
    'DEPLOY_IDENT' | 'deployedCommit' | 'commitSha' | 'isDeployed' | 'epochSeconds' | 'nestFiles'
  >;
  return { ...server, ...repos, ...objects };
}
