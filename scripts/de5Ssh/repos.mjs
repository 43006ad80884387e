// Bare repositories of the DE5 git stand-in, shared by the SSH server (scripts/de5Ssh) and the `de`
// CLI stand-in (scripts/de5Cli), which creates an app's repository on `de apps create` like DE5 does.
// Synchronous on purpose: each call is one short git process, and callers are tests and a CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, lchownSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { gitEnv } from '../de4Ssh/proc.mjs';

/** DE5 app names as this stand-in accepts them: lowercase letters, digits and dashes, at most 63 characters. */
const APP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Branch names we create repositories with (a subset of git's rules, enough for `main`/`master`). */
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;
const GIT_TIMEOUT_MS = 15_000;

/** Whether `name` is a valid app name (and so safe as one path segment). */
export function isAppName(name) {
  return typeof name === 'string' && APP_NAME.test(name);
}

/** `<reposDir>/<app>.git`; throws for an invalid name. */
export function repoPath(reposDir, app) {
  if (!isAppName(app)) {
    throw new Error(`de5Ssh: invalid app name ${JSON.stringify(app)} (lowercase letters, digits and dashes, at most 63)`);
  }
  return path.join(reposDir, `${app}.git`);
}

function git(args, { allowFailure = false } = {}) {
  try {
    return execFileSync('git', args, { env: gitEnv(), encoding: 'utf8', timeout: GIT_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if (allowFailure && typeof err?.status === 'number') {
      return undefined;
    }
    const stderr = typeof err?.stderr === 'string' ? err.stderr.trim() : '';
    throw new Error(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`, { cause: err });
  }
}

/**
 * Creates an empty bare repository `<reposDir>/<app>.git` whose HEAD names `defaultBranch`. As root,
 * the repository gets `reposDir`'s owner, so that a `git` login user can push into repositories
 * that root (the test, or `de apps create`) created.
 * @param {string} reposDir
 * @param {string} app
 * @param {{ defaultBranch?: string }} [options]
 * @returns {string} the repository path
 */
export function createBareRepo(reposDir, app, { defaultBranch = 'main' } = {}) {
  const repo = repoPath(reposDir, app);
  if (!BRANCH.test(defaultBranch) || defaultBranch.includes('..') || defaultBranch.endsWith('.lock')) {
    throw new Error(`de5Ssh: invalid default branch ${JSON.stringify(defaultBranch)}`);
  }
  if (existsSync(repo)) {
    throw new Error(`de5Ssh: the repository of ${app} exists already`);
  }
  // An empty --template: no sample hooks, nothing from the machine's git install.
  git(['init', '--quiet', '--bare', '--template=', `--initial-branch=${defaultBranch}`, repo]);
  if (process.getuid?.() === 0) {
    const { uid, gid } = statSync(reposDir);
    if (uid !== 0 || gid !== 0) {
      chownTree(repo, uid, gid);
    }
  }
  return repo;
}

/** `chown -R` with built-ins; lchown so a symlink never redirects it. */
export function chownTree(target, uid, gid) {
  lchownSync(target, uid, gid);
  if (statSync(target).isDirectory()) {
    for (const entry of readdirSync(target)) {
      chownTree(path.join(target, entry), uid, gid);
    }
  }
}

function existingRepo(reposDir, app) {
  const repo = repoPath(reposDir, app);
  if (!existsSync(repo)) {
    throw new Error(`de5Ssh: app ${app} has no repository (create it first)`);
  }
  return repo;
}

/**
 * The commit `branch` (default: whatever HEAD names) points at, or undefined when that ref does not
 * exist (an empty repository, or a push that never completed). Throws when the app has no repository.
 */
export function headOf(reposDir, app, branch) {
  const repo = existingRepo(reposDir, app);
  const ref = branch === undefined ? 'HEAD' : `refs/heads/${branch}`;
  const out = git(['--git-dir', repo, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { allowFailure: true });
  return out?.trim() || undefined;
}

/** Every ref of the app's repository, `{ 'refs/heads/main': sha }`; `{}` when empty. */
export function refsOf(reposDir, app) {
  const repo = existingRepo(reposDir, app);
  const out = git(['--git-dir', repo, 'for-each-ref', '--format=%(refname) %(objectname)']);
  const refs = {};
  for (const line of out.split('\n')) {
    const [ref, sha] = line.trim().split(' ');
    if (ref && sha) {
      refs[ref] = sha;
    }
  }
  return refs;
}
