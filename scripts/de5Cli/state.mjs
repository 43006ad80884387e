// The state of the `de` CLI stand-in: one JSON file (named by env DE_STUB_STATE) holding the
// server's host, users, apps, services, quirks and a log of every invocation. Writes are atomic
// (temp file + rename) and serialised by a lock file, so parallel `de` runs do not lose updates.
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createBareRepo, isAppName, repoPath } from '../de5Ssh/repos.mjs';

export const STATE_VERSION = 1;
const LOCK_TIMEOUT_MS = 5_000;
/** A lock older than this was left by a killed `de`; it is broken. */
const STALE_LOCK_MS = 10_000;

/**
 * @typedef {{ persistentFilesystem: boolean, pythonVersion: string | null, environmentVariables: Record<string, string>,
 *   services: string[], owner: string | null, created: string }} DeStubApp
 * @typedef {{ version: number, host: string, users: Record<string, string>, keyfileUser: string | null,
 *   seatErrorsOnCreate: number, missingAppExitCode: number, reposDir: string | null, apps: Record<string, DeStubApp>,
 *   log: { time: string, argv: string[], user: string | null, exitCode: number }[] }} DeStubState
 */

/** A fresh app record (fields default like a new DE5 app: no services, no persistent filesystem). */
export function newApp({
  persistentFilesystem = false,
  pythonVersion = null,
  environmentVariables = {},
  services = [],
  owner = null,
} = {}) {
  return {
    persistentFilesystem,
    pythonVersion,
    environmentVariables: { ...environmentVariables },
    services: [...services],
    owner,
    created: new Date().toISOString(),
  };
}

/**
 * Writes a new state file (replacing any). Apps given as names or `{ name, ...fields }`; with
 * `reposDir`, each gets an empty bare repository there unless one exists (as DE5 has for every app).
 * @param {string} file
 * @param {{ host: string, users: Record<string, string>, apps?: (string | { name: string } & Partial<DeStubApp>)[],
 *   seatErrorsOnCreate?: number, reposDir?: string, keyfileUser?: string, missingAppExitCode?: number }} options
 *   `users`: username → password, checked for `--no-keyfile`. `keyfileUser`: who is "logged in" for
 *   calls without `--no-keyfile` (none: those fail as not logged in). `missingAppExitCode`: exit code
 *   of `apps exists` for a missing app (default 0, see README).
 * @returns {DeStubState}
 */
export function createDeStubState(file, { host, users, apps = [], seatErrorsOnCreate = 0, reposDir, keyfileUser, missingAppExitCode = 0 }) {
  if (typeof host !== 'string' || host === '') {
    throw new Error('de5Cli: createDeStubState needs a host');
  }
  const state = {
    version: STATE_VERSION,
    host,
    users: { ...users },
    keyfileUser: keyfileUser ?? null,
    seatErrorsOnCreate,
    missingAppExitCode,
    reposDir: reposDir === undefined ? null : path.resolve(reposDir),
    apps: {},
    log: [],
  };
  for (const entry of apps) {
    const { name, ...fields } = typeof entry === 'string' ? { name: entry } : entry;
    if (!isAppName(name)) {
      throw new Error(`de5Cli: invalid app name ${JSON.stringify(name)}`);
    }
    state.apps[name] = newApp(fields);
    if (state.reposDir !== null && !existsSync(repoPath(state.reposDir, name))) {
      createBareRepo(state.reposDir, name);
    }
  }
  writeAtomically(file, state);
  return state;
}

/** @returns {DeStubState} */
export function readDeStubState(file) {
  const state = JSON.parse(readFileSync(file, 'utf8'));
  if (state?.version !== STATE_VERSION) {
    throw new Error(`de5Cli: ${file} is not a de stand-in state file (version ${state?.version})`);
  }
  return state;
}

function writeAtomically(file, state) {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `change(state)` under the lock and writes the result; returns what `change` returns.
 * @template T
 * @param {string} file
 * @param {(state: DeStubState) => T} change mutates the state in place
 * @returns {T}
 */
export function updateDeStubState(file, change) {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let fd;
  while (fd === undefined) {
    try {
      fd = openSync(lock, 'wx');
    } catch (err) {
      if (err?.code !== 'EEXIST') {
        throw err;
      }
      if (lockAge(lock) > STALE_LOCK_MS) {
        rmSync(lock, { force: true });
      } else if (Date.now() > deadline) {
        throw new Error(`de5Cli: ${lock} is held by another de process`);
      } else {
        sleep(10);
      }
    }
  }
  try {
    const state = readDeStubState(file);
    const result = change(state);
    writeAtomically(file, state);
    return result;
  } finally {
    closeSync(fd);
    rmSync(lock, { force: true });
  }
}

function lockAge(lock) {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}
