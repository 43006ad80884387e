// A real OpenSSH server on loopback standing in for DE4's git endpoint (Dokku, reference §1.10 and
// §2.1): bare repositories of the seeded apps' deploy commits, served read-only through a forced
// command (dokkuShell.mjs), with its own host key, client key, known_hosts and client config in a
// state directory so that no test ever reads or writes ~/.ssh.
//
// The SSH user is the current OS user, not `dokku` as on a real DE4: a non-root sshd can only log
// users in as itself, and we do not create system users. Port 3022 (DE4's default) when it is free.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedApps } from '../de4Server/seed.mjs';
import { pickPort as pickAnyPort, runSshd, SSHD } from '../lib/sshd.mjs';
import { runTool } from './proc.mjs';
import { buildBareRepos } from './repos.mjs';
import { authorizedKeysLine, checkPath, clientConfig, gitSshCommand, knownHostsName, sshdConfig } from './sshFiles.mjs';

export { SSHD };
export const DE4_SSH_PORT = 3022;
const HOST = '127.0.0.1';
const SHELL = fileURLToPath(new URL('./dokkuShell.mjs', import.meta.url));

/**
 * @typedef {{ refuseReads?: boolean }} De4SshQuirks
 * `refuseReads`: every clone/fetch fails with "Reading app code over git is not enabled on this server".
 */

/**
 * Starts sshd on 127.0.0.1 serving `apps` (default: the seed) read-only over git.
 * @param {{ stateDir?: string, apps?: any[], port?: number, quirks?: De4SshQuirks, logLevel?: string, signal?: AbortSignal }} [options]
 *   `port`: omitted → 3022 when free, else a free port; 0 → any free port; N → exactly N.
 *   `stateDir`: used (and kept) when given; otherwise a temp dir removed by close().
 */
export async function startDe4SshServer({ stateDir, apps = seedApps(), port, quirks = {}, logLevel = 'INFO', signal } = {}) {
  if (!existsSync(SSHD)) {
    throw new Error(`${SSHD} is missing; install openssh-server (npm run setup does)`);
  }
  const ownsState = stateDir === undefined;
  const dir = ownsState ? mkdtempSync(path.join(os.tmpdir(), 'de4-ssh-')) : path.resolve(stateDir);
  try {
    mkdirSync(dir, { recursive: true });
    return await start(dir, ownsState, { apps, port, quirks, logLevel, signal });
  } catch (err) {
    if (ownsState) {
      rmSync(dir, { recursive: true, force: true });
    }
    throw err;
  }
}

async function start(dir, ownsState, { apps, port, quirks, logLevel, signal }) {
  const user = os.userInfo().username;
  const files = {
    hostKey: path.join(dir, 'ssh_host_ed25519_key'),
    identityFile: path.join(dir, 'id_ed25519'),
    authorizedKeys: path.join(dir, 'authorized_keys'),
    knownHostsFile: path.join(dir, 'known_hosts'),
    sshConfigFile: path.join(dir, 'ssh_config'),
    sshdConfig: path.join(dir, 'sshd_config'),
    pidFile: path.join(dir, 'sshd.pid'),
    shellConfig: path.join(dir, 'dokku.json'),
    logFile: path.join(dir, 'requests.log'),
  };
  const reposDir = path.join(dir, 'repos');
  for (const [what, file] of Object.entries({ ...files, reposDir, node: process.execPath, shell: SHELL })) {
    checkPath(file, what);
  }
  // A state dir given again (cli --state-dir) starts afresh: ssh-keygen would ask before overwriting.
  for (const file of [...Object.values(files), `${files.hostKey}.pub`, `${files.identityFile}.pub`, reposDir]) {
    rmSync(file, { recursive: true, force: true });
  }
  const repos = await buildBareRepos({ dir: reposDir, apps, signal });
  await keygen(files.hostKey, 'de4-loopback-host', signal);
  await keygen(files.identityFile, 'de4-loopback-client', signal);
  const writeShellConfig = (q) =>
    writeFileSync(files.shellConfig, JSON.stringify({ reposDir, logFile: files.logFile, quirks: q }, null, 2));
  writeShellConfig({ ...quirks });
  writeFileSync(
    files.authorizedKeys,
    authorizedKeysLine({ node: process.execPath, shell: SHELL, config: files.shellConfig, publicKey: readPublicKey(files.identityFile) }),
  );
  ensurePrivsepDir();

  const sshd = await launch(dir, files, { user, port, logLevel, signal });
  const chosen = sshd.port;
  const gitSsh = gitSshCommand({ port: chosen, ...files });
  let closing;
  return {
    host: HOST,
    port: chosen,
    user,
    stateDir: dir,
    identityFile: files.identityFile,
    knownHostsFile: files.knownHostsFile,
    sshConfigFile: files.sshConfigFile,
    reposDir,
    /** `{ app, path, sha }` of every repository served (apps without a deploy have none). */
    repos,
    /** GIT_SSH_COMMAND that clones from this server without touching ~/.ssh. */
    gitSshCommand: gitSsh,
    /** The port differs from 3022 when 3022 was taken. */
    portWasTaken: port === undefined && chosen !== DE4_SSH_PORT,
    /** `ssh://<user>@127.0.0.1:<port>/<app>`: the URL form (DE4: `ssh://dokku@<host>:3022/<app>`). */
    cloneUrl: (app) => `ssh://${user}@${HOST}:${chosen}/${app}`,
    /** `<user>@127.0.0.1:<app>`: the scp-like form; the port then comes from `ssh -F <sshConfigFile>`. */
    scpUrl: (app) => `${user}@${HOST}:${app}`,
    /** Changes quirks for the next connections (the forced command reads them per connection). */
    setQuirks: (q) => writeShellConfig({ ...q }),
    /** What the forced command did, one entry per SSH request: `{ time, command, app?, outcome, exitCode }`. */
    requests: () => readRequests(files.logFile),
    /** sshd's stderr so far (bounded), for diagnosing a failed connection. */
    sshdLog: () => sshd.log(),
    close: () =>
      (closing ??= (async () => {
        await sshd.stop();
        if (ownsState) {
          rmSync(dir, { recursive: true, force: true });
        }
      })()),
  };
}

async function keygen(file, comment, signal) {
  await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { signal });
}

function readPublicKey(privateKeyFile) {
  return readFileSync(`${privateKeyFile}.pub`, 'utf8').trim();
}

/** As root, sshd insists on its privilege separation directory (normally made by the init script). */
function ensurePrivsepDir() {
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) {
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  }
}

/**
 * Writes the port-dependent files and runs sshd until it answers with an SSH banner. An automatically
 * chosen port can be taken between our check and sshd's bind, so that case is retried on a new port.
 */
async function launch(dir, files, { user, port, logLevel, signal }) {
  for (let attempt = 1; ; attempt++) {
    const chosen = await pickPort(port);
    writeFileSync(
      files.sshdConfig,
      sshdConfig({ port: chosen, hostKey: files.hostKey, authorizedKeys: files.authorizedKeys, pidFile: files.pidFile, user, logLevel }),
    );
    writeFileSync(files.knownHostsFile, `${knownHostsName(HOST, chosen)} ${publicKeyWithoutComment(files.hostKey)}\n`);
    writeFileSync(
      files.sshConfigFile,
      clientConfig({ host: HOST, port: chosen, user, identityFile: files.identityFile, knownHostsFile: files.knownHostsFile }),
    );
    try {
      return { ...(await runSshd(files.sshdConfig, chosen, signal)), port: chosen };
    } catch (err) {
      const inUse = err instanceof Error && /Address already in use/i.test(err.message);
      if (!inUse || (port !== undefined && port !== 0) || attempt >= 3) {
        throw err;
      }
    }
  }
}

function publicKeyWithoutComment(privateKeyFile) {
  const [type, key] = readPublicKey(privateKeyFile).split(/\s+/);
  return `${type} ${key}`;
}

/** 3022 (DE4's SSH port) when free and `port` is omitted; see scripts/lib/sshd.mjs. */
async function pickPort(port) {
  return (await pickAnyPort(port, { usual: DE4_SSH_PORT, rootOnly: false, who: 'de4Ssh' })).port;
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
 * Banner lines for `npm start` and the CLI: the first names the endpoint, the rest say how to use it.
 * @param {Awaited<ReturnType<typeof startDe4SshServer>>} server
 */
export function describeDe4SshServer(server) {
  const example = server.repos[0]?.app ?? '<app>';
  return [
    `DE4 git over SSH (loopback Dokku stand-in): ${server.cloneUrl('<app>')}`,
    `    ${server.repos.length} app repositories; read-only (push is refused); user ${server.user} (a real DE4 uses dokku)`,
    ...(server.portWasTaken ? [`    port ${DE4_SSH_PORT} was taken, so it listens on ${server.port}`] : []),
    `    try: GIT_SSH_COMMAND="${server.gitSshCommand}" git clone ${server.cloneUrl(example)}`,
  ];
}
