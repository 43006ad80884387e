// A real OpenSSH server on loopback standing in for DE5's git endpoint (reference §3.9:
// `ssh://git@<de5-host>:22/<app>`, `git@<host>:<app>`, deploy branch `main`): one bare repository per
// app, push and fetch allowed for one authorized key, with its own host key, client keys,
// known_hosts and client config in a state directory so that no test reads or writes ~/.ssh.
// It can be stopped mid-push, restarted on the same port and given a new host key.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTool } from '../de4Ssh/proc.mjs';
import { canServeAs, ensureGitUser, findGitShell, SERVE_COMMAND } from './gitUser.mjs';
import { createBareRepo, headOf, refsOf } from './repos.mjs';
import { pickPort, runSshd, SSHD, sshdHasPenalties } from './sshd.mjs';
import {
  checkPath,
  clientConfig,
  fingerprint,
  forcedCommandLine,
  gitShellCommandLine,
  gitSshCommand,
  knownHostsLine,
  sshdConfig,
} from './sshFiles.mjs';

export { DE5_SSH_PORT, SSHD } from './sshd.mjs';
export { GIT_USER, GIT_USER_HOME } from './gitUser.mjs';

const HOST = '127.0.0.1';
const SCRIPT = fileURLToPath(new URL('./gitServe.mjs', import.meta.url));

/**
 * @typedef {{ refuseUser?: boolean }} De5SshQuirks
 * `refuseUser`: the key authenticates, but every git request is refused ("permission denied"), like
 * an account that may not deploy (assumed wording).
 */

/**
 * Starts sshd on 127.0.0.1 serving `<reposDir>/<app>.git` over git (push and fetch).
 * @param {{ stateDir?: string, port?: number, apps?: string[], quirks?: De5SshQuirks, loginMode?: 'auto' | 'forced-git-shell',
 *   logLevel?: string, signal?: AbortSignal }} [options]
 *   `port`: omitted → 22 when root and 22 is free, else a free port; 0 → any free port; N → exactly N.
 *   `loginMode`: `auto` (default) uses the `git` user when it can; `forced-git-shell` never does (tests of that mode).
 *   `apps`: empty repositories (HEAD → main) to create. `stateDir`: used and kept when given (its
 *   previous content is replaced); otherwise a temp dir that close() removes.
 */
export async function startDe5SshServer({ stateDir, port, apps = [], quirks = {}, loginMode = 'auto', logLevel = 'INFO', signal } = {}) {
  if (!existsSync(SSHD)) {
    throw new Error(`${SSHD} is missing; install openssh-server (npm run setup does)`);
  }
  const ownsState = stateDir === undefined;
  const dir = ownsState ? mkdtempSync(path.join(os.tmpdir(), 'de5-ssh-')) : path.resolve(stateDir);
  try {
    mkdirSync(dir, { recursive: true });
    return await start(dir, ownsState, { port, apps, quirks, loginMode, logLevel, signal });
  } catch (err) {
    if (ownsState) {
      rmSync(dir, { recursive: true, force: true });
    }
    throw err;
  }
}

function stateFiles(dir) {
  return {
    hostKey: path.join(dir, 'ssh_host_ed25519_key'),
    nextHostKey: path.join(dir, 'ssh_host_ed25519_key.next'),
    identityFile: path.join(dir, 'id_ed25519'),
    otherIdentityFile: path.join(dir, 'id_ed25519_other'),
    authorizedKeys: path.join(dir, 'authorized_keys'),
    knownHostsFile: path.join(dir, 'known_hosts'),
    sshConfigFile: path.join(dir, 'ssh_config'),
    sshdConfig: path.join(dir, 'sshd_config'),
    pidFile: path.join(dir, 'sshd.pid'),
    serveConfig: path.join(dir, 'serve.json'),
    logFile: path.join(dir, 'requests.log'),
  };
}

async function start(dir, ownsState, { port, apps, quirks, loginMode, logLevel, signal }) {
  const files = stateFiles(dir);
  const reposDir = path.join(dir, 'repos');
  for (const [what, file] of Object.entries({ ...files, reposDir, node: process.execPath, script: SCRIPT })) {
    checkPath(file, what);
  }
  for (const file of Object.values(files)
    .flatMap((f) => [f, `${f}.pub`])
    .concat(reposDir)) {
    rmSync(file, { recursive: true, force: true });
  }
  await keygen(files.hostKey, 'de5-loopback-host', signal);
  await keygen(files.identityFile, 'de5-loopback-client', signal);
  await keygen(files.otherIdentityFile, 'de5-loopback-unauthorized', signal);
  mkdirSync(reposDir);
  writeFileSync(files.logFile, '');
  const gitShell = findGitShell();
  const writeServeConfig = (q) =>
    writeFileSync(files.serveConfig, JSON.stringify({ reposDir, logFile: files.logFile, gitShell, quirks: q }, null, 2), { mode: 0o644 });
  writeServeConfig({ ...quirks });

  const login =
    loginMode === 'forced-git-shell'
      ? { loginMode, user: os.userInfo().username, reason: 'requested by the loginMode option' }
      : chooseLogin(dir, files, reposDir, gitShell);
  const publicKey = readFileSync(`${files.identityFile}.pub`, 'utf8').trim();
  writeFileSync(
    files.authorizedKeys,
    login.loginMode === 'git-user'
      ? gitShellCommandLine({ command: SERVE_COMMAND, publicKey })
      : forcedCommandLine({ node: process.execPath, script: SCRIPT, config: files.serveConfig, publicKey }),
    { mode: 0o644 },
  );
  for (const app of apps) {
    createBareRepo(reposDir, app);
  }
  ensurePrivsepDir();

  const chosen = await pickPort(port);
  const noPenalties = sshdHasPenalties();
  const env = { DE5_SSH_NODE: process.execPath, DE5_SSH_SCRIPT: SCRIPT, DE5_SSH_CONFIG: files.serveConfig };
  writeFileSync(
    files.sshdConfig,
    sshdConfig({ ...files, port: chosen.port, user: login.user, logLevel, env, noPenalties, authorizedKeys: files.authorizedKeys }),
  );
  writeFileSync(
    files.sshConfigFile,
    clientConfig({
      host: HOST,
      port: chosen.port,
      user: login.user,
      identityFile: files.identityFile,
      knownHostsFile: files.knownHostsFile,
    }),
  );

  // The host key sshd serves; rotateHostKey() stages a new one that the next start() puts in place.
  let servedHostKey = '';
  let sshd;
  const launch = async (launchSignal) => {
    if (existsSync(files.nextHostKey)) {
      renameSync(files.nextHostKey, files.hostKey);
      renameSync(`${files.nextHostKey}.pub`, `${files.hostKey}.pub`);
    }
    servedHostKey = readFileSync(`${files.hostKey}.pub`, 'utf8').trim();
    writeFileSync(files.knownHostsFile, knownHostsLine(HOST, chosen.port, servedHostKey));
    sshd = await runSshd(files.sshdConfig, chosen.port, launchSignal);
  };
  await launch(signal);

  let closing;
  const server = {
    host: HOST,
    port: chosen.port,
    /** Why this port: `ssh-default` (22), `free` or `requested`. */
    portChoice: chosen.portChoice,
    /** `git` in mode git-user, else the current OS user. */
    user: login.user,
    loginMode: login.loginMode,
    /** Why mode forced-git-shell was used (undefined in mode git-user). */
    loginModeReason: login.reason,
    stateDir: dir,
    reposDir,
    /** The served host key (`ssh-ed25519 AAAA… comment`); changes at start() after rotateHostKey(). */
    get hostPublicKey() {
      return servedHostKey;
    },
    /** `SHA256:…` of the served host key, as `ssh-keygen -lf` prints it. */
    get hostKeyFingerprint() {
      return fingerprint(servedHostKey);
    },
    /** One known_hosts line trusting the served host key. */
    knownHostsLine: () => knownHostsLine(HOST, chosen.port, servedHostKey),
    /** A known_hosts file the server keeps in step with the served host key. */
    knownHostsFile: files.knownHostsFile,
    sshConfigFile: files.sshConfigFile,
    clientKey: { identityFile: files.identityFile, publicKey },
    /** A key sshd does not accept (for "Permission denied (publickey)"). */
    otherClientKey: {
      identityFile: files.otherIdentityFile,
      publicKey: readFileSync(`${files.otherIdentityFile}.pub`, 'utf8').trim(),
    },
    /** GIT_SSH_COMMAND that pushes to this server without touching ~/.ssh. */
    gitSshCommand: gitSshCommand({ port: chosen.port, ...files }),
    /** `ssh://<user>@127.0.0.1:<port>/<app>` (DE5: `ssh://git@<de5-host>:22/<app>`). */
    remoteUrl: (app) => `ssh://${login.user}@${HOST}:${chosen.port}/${app}`,
    /** `<user>@127.0.0.1:<app>` (DE5: `git@<host>:<app>`); the port comes from the ssh config (or is 22). */
    scpUrl: (app) => `${login.user}@${HOST}:${app}`,
    /** Creates an empty app repository (as `de apps create` does on a real DE5). */
    createRepo: (app, { defaultBranch = 'main' } = {}) => createBareRepo(reposDir, app, { defaultBranch }),
    /** sha of `refs/heads/<branch>` (default: what HEAD names), or undefined; throws for an app without repository. */
    headOf: (app, branch) => headOf(reposDir, app, branch),
    /** `{ ref: sha }` of the app's repository. */
    refs: (app) => refsOf(reposDir, app),
    /** Changes quirks for the next connections. */
    setQuirks: (q) => writeServeConfig({ ...q }),
    /** One entry per finished SSH request: `{ time, command, service?, app?, outcome, exitCode }` (killed ones leave none). */
    requests: () => readRequests(files.logFile),
    sshdLog: () => sshd?.log() ?? '',
    isRunning: () => sshd?.isRunning() ?? false,
    /** Kills sshd and every connection it serves (in-flight pushes die); the state stays. */
    stop: async () => {
      await sshd?.stop();
    },
    /** Starts sshd again on the same port, with the staged host key if rotateHostKey() made one. No-op while running. */
    start: async (startSignal) => {
      if (closing) {
        throw new Error('de5Ssh: the server was closed');
      }
      if (!sshd?.isRunning()) {
        await launch(startSignal);
      }
    },
    /** Makes a new host key, served from the next start(). */
    rotateHostKey: async (rotateSignal) => {
      rmSync(files.nextHostKey, { force: true });
      rmSync(`${files.nextHostKey}.pub`, { force: true });
      await keygen(files.nextHostKey, 'de5-loopback-host-rotated', rotateSignal);
    },
    /** stop() and, unless the caller gave the state dir, remove it. Idempotent. */
    close: () =>
      (closing ??= (async () => {
        await sshd?.stop();
        if (ownsState) {
          rmSync(dir, { recursive: true, force: true });
        }
      })()),
  };
  return server;
}

/**
 * Picks the login mode. git-user: as root with a `git` user whose shell is git-shell, which must be
 * able to traverse the state dir, read our config and write the repositories and log.
 */
function chooseLogin(dir, files, reposDir, gitShell) {
  const current = os.userInfo().username;
  const git = ensureGitUser(gitShell);
  if (!git.ok) {
    return { loginMode: 'forced-git-shell', user: current, reason: git.reason };
  }
  // mkdtemp makes the directory 0700; the git user needs to pass through it (not list it).
  chmodSync(dir, 0o711);
  chownSync(reposDir, git.uid, git.gid);
  chownSync(files.logFile, git.uid, git.gid);
  const check = canServeAs(git, { node: process.execPath, script: SCRIPT, config: files.serveConfig });
  if (!check.ok) {
    chownSync(reposDir, 0, 0);
    chownSync(files.logFile, 0, 0);
    return { loginMode: 'forced-git-shell', user: current, reason: `user ${git.user} cannot run the stand-in here: ${check.reason}` };
  }
  return { loginMode: 'git-user', user: git.user, reason: undefined };
}

async function keygen(file, comment, signal) {
  await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { signal });
}

/** As root, sshd insists on its privilege separation directory (normally made by the init script). */
function ensurePrivsepDir() {
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) {
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  }
}

function readRequests(logFile) {
  if (!existsSync(logFile)) {
    return [];
  }
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/**
 * Banner lines for `npm start` and the CLI.
 * @param {Awaited<ReturnType<typeof startDe5SshServer>>} server
 */
export function describeDe5SshServer(server) {
  return [
    `DE5 git over SSH (loopback stand-in): ${server.remoteUrl('<app>')}`,
    `    login ${server.user} (${server.loginMode}${server.loginModeReason ? `: ${server.loginModeReason}` : ''}); repositories in ${server.reposDir}`,
    `    host key ${server.hostKeyFingerprint}${server.portChoice === 'ssh-default' ? '' : ` (port ${server.port}: ${server.portChoice})`}`,
    `    try: GIT_SSH_COMMAND="${server.gitSshCommand}" git push ${server.remoteUrl('<app>')} HEAD:main`,
  ];
}
