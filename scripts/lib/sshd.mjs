// Runs and stops the loopback sshd of the DE4 and DE5 stand-ins. Stopping kills the whole process
// tree, not just the listener: sshd gives every connection its own session (setsid), so a plain kill
// of sshd would let an in-flight push carry on, and the "server went away mid-push" tests need it to die.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as net from 'node:net';

export const SSHD = '/usr/sbin/sshd';
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 3_000;
const MAX_LOG_CHARS = 64 * 1024;

/**
 * The port to listen on and why: `requested` (a fixed N), `ssh-default` (the stand-in's usual port:
 * free, `port` omitted, and root when `rootOnly`) or `free` (any free port: `port` 0, or the usual
 * port unavailable).
 * @param {number | undefined} port
 * @param {{ usual: number, rootOnly: boolean, who: string }} o
 * @returns {Promise<{ port: number, portChoice: 'requested' | 'ssh-default' | 'free' }>}
 */
export async function pickPort(port, o) {
  if (port !== undefined && port !== 0) {
    if (!(await isPortFree(port))) {
      throw new Error(`${o.who}: port ${port} on ${HOST} is in use`);
    }
    return { port, portChoice: 'requested' };
  }
  if (port === undefined && (!o.rootOnly || process.getuid?.() === 0) && (await isPortFree(o.usual))) {
    return { port: o.usual, portChoice: 'ssh-default' };
  }
  return { port: await freePort(), portChoice: 'free' };
}

export function isPortFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('sshd: no free port'))));
    });
  });
}

/** OpenSSH ≥ 9.8 has PerSourcePenalties (older sshd rejects the keyword, so ask the version first). */
export function sshdHasPenalties() {
  const r = spawnSync(SSHD, ['-V'], { encoding: 'utf8', timeout: 5_000 });
  const m = /OpenSSH_(\d+)\.(\d+)/.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  return m !== null && (Number(m[1]) > 9 || (Number(m[1]) === 9 && Number(m[2]) >= 8));
}

/**
 * Runs `sshd -D -e -f <config>` and resolves once the port speaks SSH; rejects with sshd's stderr
 * if it dies first.
 * @returns {Promise<{ pid: number, stop(): Promise<void>, log(): string, isRunning(): boolean }>}
 */
export async function runSshd(config, port, signal) {
  // detached: sshd leads its own process group, which stop() kills along with the sessions.
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    log = (log + text).slice(-MAX_LOG_CHARS);
  });
  let exitInfo;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, sig) => {
      exitInfo = sig ? `signal ${sig}` : `code ${code}`;
      resolve();
    });
    child.once('error', (err) => {
      exitInfo = err.message;
      resolve();
    });
  });
  const stop = async () => {
    if (exitInfo === undefined && child.pid !== undefined) {
      killTree(child.pid);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (exitInfo === undefined) {
    if (signal?.aborted || Date.now() > deadline) {
      await stop();
      throw signal?.aborted
        ? signal.reason
        : new Error(`sshd did not answer on ${HOST}:${port} within ${START_TIMEOUT_MS} ms: ${log.trim()}`);
    }
    if (await speaksSsh(port)) {
      return { pid: child.pid, stop, log: () => log, isRunning: () => exitInfo === undefined };
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 50))]);
  }
  // Give the stderr pipe a moment to deliver sshd's last words.
  await new Promise((resolve) => setTimeout(resolve, 20));
  throw new Error(`sshd exited (${exitInfo}) before accepting connections on ${HOST}:${port}: ${log.trim() || '(no output)'}`);
}

/** Whether the port accepts a connection and sends an SSH-2.0 banner within a second. */
function speaksSsh(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    let banner = '';
    const done = (ok) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1000);
    socket.setEncoding('latin1');
    socket.on('data', (text) => {
      banner += text;
      if (banner.includes('\n') || banner.length >= 8) {
        done(banner.startsWith('SSH-2.0-'));
      }
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

/** pid → parent pid of every process, from /proc (Linux); empty elsewhere. */
function parentMap() {
  const parents = new Map();
  if (!existsSync('/proc/self/stat')) {
    return parents;
  }
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    try {
      // The command name (2nd field) is in parentheses and may contain spaces: parse after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
    } catch {
      // The process ended while we looked: nothing to kill.
    }
  }
  return parents;
}

function descendants(root) {
  const children = new Map();
  for (const [pid, ppid] of parentMap()) {
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found = [];
  const queue = [root];
  while (queue.length > 0 && found.length < 10_000) {
    const pid = queue.shift();
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function sendSignal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/**
 * SIGKILLs sshd, its process group and every descendant (per-connection sshd, the forced command,
 * git-shell, git receive-pack). Everything is stopped first, so nothing forks or gets re-parented
 * (and so lost from the tree) between the look and the kill.
 */
function killTree(root) {
  sendSignal(root, 'SIGSTOP');
  const seen = new Set();
  for (let round = 0; round < 5; round++) {
    const fresh = descendants(root).filter((pid) => !seen.has(pid));
    if (fresh.length === 0) {
      break;
    }
    for (const pid of fresh) {
      seen.add(pid);
      sendSignal(pid, 'SIGSTOP');
    }
  }
  sendSignal(-root, 'SIGKILL');
  for (const pid of seen) {
    sendSignal(pid, 'SIGKILL');
  }
  sendSignal(root, 'SIGKILL');
}
