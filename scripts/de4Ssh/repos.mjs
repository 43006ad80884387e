// Bare repositories for the SSH stand-in, one per deployed app, each with the single deploy commit
// gitObjects.mjs predicts, built by real git (fast-import: one process writes all of an app's
// objects and the branch). Git computes the sha itself, and a disagreement with the JS hash throws,
// so the API's `gitRevision.sha1` and the served repository cannot drift apart unnoticed.
import { existsSync, mkdirSync } from 'node:fs';
import { repoPath } from './appName.mjs';
import { DEPLOY_IDENT, deployedCommit, nestFiles } from './gitObjects.mjs';
import { gitEnv, runTool } from './proc.mjs';

/** Repositories built at once; each costs two short git processes. */
const PARALLEL = 8;

/**
 * Creates `<dir>/<app>.git` (branch `master`, HEAD on it) for every app with a deploy; apps without
 * one (seed `hr-portal`) get no repository, like a DE4 app nobody pushed to.
 * @param {{ dir: string, apps: any[], signal?: AbortSignal }} options apps in the seed's canonical form
 * @returns {Promise<{ app: string, path: string, sha: string }[]>} the repositories built, in `apps` order
 */
export async function buildBareRepos({ dir, apps, signal }) {
  mkdirSync(dir, { recursive: true });
  const names = new Set();
  const jobs = [];
  for (const app of apps) {
    const repo = repoPath(dir, app.name);
    if (names.has(app.name) || existsSync(repo)) {
      throw new Error(`de4Ssh: a repository for ${app.name} exists already in ${dir}`);
    }
    names.add(app.name);
    const commit = deployedCommit(app);
    if (commit !== null) {
      jobs.push({ app: app.name, path: repo, commit });
    }
  }
  const built = [];
  for (let i = 0; i < jobs.length; i += PARALLEL) {
    signal?.throwIfAborted();
    const batch = jobs.slice(i, i + PARALLEL);
    built.push(...(await Promise.all(batch.map((job) => buildOne(job, signal)))));
  }
  return built;
}

async function buildOne({ app, path, commit }, signal) {
  const date = `${commit.time} +0000`;
  const env = gitEnv({
    GIT_AUTHOR_NAME: DEPLOY_IDENT.name,
    GIT_AUTHOR_EMAIL: DEPLOY_IDENT.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: DEPLOY_IDENT.name,
    GIT_COMMITTER_EMAIL: DEPLOY_IDENT.email,
    GIT_COMMITTER_DATE: date,
  });
  const git = (args, input) => runTool('git', ['-c', 'core.autocrlf=false', '-c', 'core.safecrlf=false', ...args], { env, input, signal });
  // An empty --template: no sample hooks, no info/exclude, nothing from the machine's git install.
  await git(['init', '--quiet', '--bare', '--template=', '--initial-branch=master', path]);
  // `get-mark` makes fast-import print the commit's sha, which saves a rev-parse per repository;
  // unpackLimit=0 keeps its pack instead of paying for an unpack-objects run.
  const importArgs = ['--git-dir', path, '-c', 'fastimport.unpackLimit=0', 'fast-import', '--quiet', '--done', '--date-format=raw'];
  const sha = (await git(importArgs, fastImportStream(commit))).trim();
  if (sha !== commit.sha) {
    throw new Error(`de4Ssh: git made ${sha} for ${app}, but gitObjects.mjs predicts ${commit.sha}; the JS hashing is wrong`);
  }
  return { app, path, sha };
}

/** A fast-import stream for the deploy commit: files inline, in sorted path order (any order works). */
function fastImportStream(commit) {
  const ident = `${DEPLOY_IDENT.name} <${DEPLOY_IDENT.email}> ${commit.time} +0000`;
  const parts = [`commit refs/heads/master\nmark :1\nauthor ${ident}\ncommitter ${ident}\n`, data(commit.message)];
  for (const [file, text] of flatten(nestFiles(commit.files))) {
    parts.push(`M 100644 inline ${quotePath(file)}\n`, data(text));
  }
  parts.push('\nget-mark :1\ndone\n');
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}

function data(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n')]);
}

/** C-style quoting, which fast-import always accepts (a path may hold spaces or quotes). */
function quotePath(file) {
  return `"${file.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

function* flatten(tree, prefix = '') {
  for (const name of Object.keys(tree).sort()) {
    const value = tree[name];
    if (typeof value === 'string') {
      yield [`${prefix}${name}`, value];
    } else {
      yield* flatten(value, `${prefix}${name}/`);
    }
  }
}
