// Login modes of the DE5 git stand-in. A real DE5 takes git over SSH as user `git` (reference
// §3.9). As root we can do the same: a system user `git` whose login shell is git-shell, which
// sshd runs for every request; git-shell then runs our mapping command from the user's
// `~/git-shell-commands/`. Without root (or when that user cannot be had) we log in as the current
// user, whose key is forced to the same mapping command: same behaviour, other user name.
//
// The `git` user is created once and kept (never deleted; a system user with no password and
// git-shell as its shell is harmless). It is shared by every server on the machine, so its home is
// fixed and its `de5-serve` script takes the server's paths from variables sshd sets (SetEnv).
// An existing `git` user that this stand-in did not create is never touched.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const GIT_USER = 'git';
/** Home of the created `git` user: fixed, because the user outlives any one server's state directory. */
export const GIT_USER_HOME = '/var/lib/de5-ssh-standin';
/** GECOS comment marking a `git` user as ours. */
export const GIT_USER_MARKER = 'de-migrate DE5 git stand-in';
/** The forced command in mode git-user: `git-shell-commands/de5-serve` in the `git` user's home. */
export const SERVE_COMMAND = 'de5-serve';

const TIMEOUT_MS = 10_000;

/** Absolute path of git-shell (like `command -v git-shell`), or undefined. */
export function findGitShell() {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'git-shell');
    if (path.isAbsolute(candidate) && existsSync(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/** The passwd entry of `name` through NSS (getent), or undefined. */
function passwdEntry(name) {
  const r = spawnSync('getent', ['passwd', name], { encoding: 'utf8', timeout: TIMEOUT_MS });
  const line = r.status === 0 ? r.stdout.trim().split('\n')[0] : undefined;
  if (!line) {
    return undefined;
  }
  const [, , uid, gid, gecos, home, shell] = line.split(':');
  return { uid: Number(uid), gid: Number(gid), gecos: gecos ?? '', home: home ?? '', shell: shell ?? '' };
}

/** The script git-shell runs for our forced command; paths come from the variables in sshd_config. */
function serveScript() {
  return [
    '#!/bin/sh',
    '# Written by scripts/de5Ssh (de-migrate): maps a git request to the DE5 stand-in that sshd names.',
    'exec "$DE5_SSH_NODE" "$DE5_SSH_SCRIPT" "$DE5_SSH_CONFIG"',
    '',
  ].join('\n');
}

/** Writes the home and `git-shell-commands/de5-serve` (root-owned: the `git` user cannot change them). */
function prepareHome(home) {
  const commands = path.join(home, 'git-shell-commands');
  mkdirSync(commands, { recursive: true, mode: 0o755 });
  chmodSync(home, 0o755);
  const script = path.join(commands, SERVE_COMMAND);
  const text = serveScript();
  if (!existsSync(script) || readFileSync(script, 'utf8') !== text) {
    // Other servers may be starting at the same time: replace the file in one step.
    const tmp = `${script}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: 0o755 });
    renameSync(tmp, script);
  }
}

/**
 * Makes sure the `git` login user exists (creating it when missing), or says why it cannot be used.
 * @param {string | undefined} gitShell
 * @returns {{ ok: true, user: string, uid: number, gid: number, home: string } | { ok: false, reason: string }}
 */
export function ensureGitUser(gitShell) {
  if (process.getuid?.() !== 0) {
    return { ok: false, reason: 'not running as root, so sshd can only log in the current user' };
  }
  if (!gitShell) {
    return { ok: false, reason: 'git-shell is not installed' };
  }
  let entry = passwdEntry(GIT_USER);
  if (entry === undefined) {
    const r = spawnSync(
      'useradd',
      // --password '*': no password, but not locked ('!'), which sshd without PAM would refuse.
      [
        '--system',
        '--home-dir',
        GIT_USER_HOME,
        '--no-create-home',
        '--shell',
        gitShell,
        '--comment',
        GIT_USER_MARKER,
        '--password',
        '*',
        GIT_USER,
      ],
      { encoding: 'utf8', timeout: TIMEOUT_MS },
    );
    entry = passwdEntry(GIT_USER);
    if (r.status !== 0 || entry === undefined) {
      return { ok: false, reason: `useradd ${GIT_USER} failed: ${(r.stderr ?? r.error?.message ?? '').trim() || `exit ${r.status}`}` };
    }
  }
  if (!entry.gecos.includes(GIT_USER_MARKER)) {
    return { ok: false, reason: `a user ${GIT_USER} exists that this stand-in did not create; it is left alone` };
  }
  if (entry.shell !== gitShell || entry.home !== GIT_USER_HOME) {
    return {
      ok: false,
      reason: `user ${GIT_USER} has shell ${entry.shell} and home ${entry.home}, expected ${gitShell} and ${GIT_USER_HOME}`,
    };
  }
  prepareHome(entry.home);
  return { ok: true, user: GIT_USER, uid: entry.uid, gid: entry.gid, home: entry.home };
}

/**
 * Whether `uid` can run the forced command against this server's config (node and the scripts
 * readable, the repositories and the log writable). A root-only node install or state directory
 * fails here, and the server falls back to mode forced-git-shell.
 */
export function canServeAs({ uid, gid }, { node, script, config }) {
  const r = spawnSync(node, [script, '--check', config], { uid, gid, encoding: 'utf8', timeout: TIMEOUT_MS, cwd: '/' });
  return r.status === 0 ? { ok: true } : { ok: false, reason: (r.stderr || r.error?.message || `exit ${r.status}`).trim() };
}
