// Per-app migration state, shared by the migration (src/core/migrate), the report and the webview.
// Plain types and pure validators only: the webview bundle imports this file too, so no Node or
// editor imports. The file holds names, folders and commits, never a secret.

export type MigrationStep = 'discovered' | 'cloned' | 'converted' | 'created' | 'pushed' | 'verified';

/** The steps in order; each one after `discovered` is what one action of the migration completes. */
export const MIGRATION_STEPS: readonly MigrationStep[] = ['discovered', 'cloned', 'converted', 'created', 'pushed', 'verified'];

export interface AppMigrationState {
  app: string;
  /** The last step completed. */
  step: MigrationStep;
  /** The step that failed (the one after `step`), why, and when (ISO-8601). */
  failed?: { step: MigrationStep; reason: string; at: string };
  dir?: string;
  sha?: string;
  updatedAt: string;
}

export interface MigrationStateFile {
  schemaVersion: 1;
  de4?: string;
  de5?: string;
  apps: Record<string, AppMigrationState>;
}

export const MIGRATION_STATE_SCHEMA_VERSION = 1;

/** The step that follows `step`, or undefined after `verified`. */
export function nextStep(step: MigrationStep): MigrationStep | undefined {
  return MIGRATION_STEPS[MIGRATION_STEPS.indexOf(step) + 1];
}

export function isMigrationStep(value: unknown): value is MigrationStep {
  return typeof value === 'string' && (MIGRATION_STEPS as readonly string[]).includes(value);
}

/** A state file that cannot be read; `where` is the JSON path of the first problem (`apps["x"].step`). */
export class MigrationStateError extends Error {
  readonly where: string;

  constructor(where: string, problem: string) {
    super(where === '' ? problem : `${where}: ${problem}`);
    this.name = 'MigrationStateError';
    this.where = where;
  }
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shown(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function text(o: Json, key: string, where: string, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined && !required) {
    return undefined;
  }
  if (typeof v !== 'string' || v === '') {
    throw new MigrationStateError(`${where}.${key}`, `expected a non-empty string, got ${shown(v)}`);
  }
  return v;
}

function step(o: Json, key: string, where: string): MigrationStep {
  const v = o[key];
  if (!isMigrationStep(v)) {
    throw new MigrationStateError(`${where}.${key}`, `expected one of ${MIGRATION_STEPS.join(', ')}, got ${shown(v)}`);
  }
  return v;
}

function parseApp(name: string, raw: unknown): AppMigrationState {
  const where = `apps[${JSON.stringify(name)}]`;
  if (!isObject(raw)) {
    throw new MigrationStateError(where, `expected an object, got ${shown(raw)}`);
  }
  const app = text(raw, 'app', where, true) ?? '';
  if (app !== name) {
    throw new MigrationStateError(`${where}.app`, `expected ${JSON.stringify(name)} (the key), got ${shown(app)}`);
  }
  const done = step(raw, 'step', where);
  // Known fields are copied one by one, so nothing unexpected (a value pasted in by hand) rides along.
  const state: AppMigrationState = { app, step: done, updatedAt: text(raw, 'updatedAt', where, true) ?? '' };
  const dir = text(raw, 'dir', where, false);
  const sha = text(raw, 'sha', where, false);
  if (dir !== undefined) {
    state.dir = dir;
  }
  if (sha !== undefined) {
    state.sha = sha;
  }
  if (raw['failed'] !== undefined) {
    const f = raw['failed'];
    if (!isObject(f)) {
      throw new MigrationStateError(`${where}.failed`, `expected an object, got ${shown(f)}`);
    }
    const failedStep = step(f, 'step', `${where}.failed`);
    const expected = nextStep(done);
    if (failedStep !== expected) {
      throw new MigrationStateError(
        `${where}.failed.step`,
        expected === undefined
          ? `a verified app cannot have a failed step (got ${shown(failedStep)})`
          : `expected ${JSON.stringify(expected)}, the step after ${JSON.stringify(done)}, got ${shown(failedStep)}`,
      );
    }
    state.failed = {
      step: failedStep,
      reason: text(f, 'reason', `${where}.failed`, true) ?? '',
      at: text(f, 'at', `${where}.failed`, true) ?? '',
    };
  }
  return state;
}

/** Reads a state file's text; throws MigrationStateError naming the first problem and where it is. */
export function parseMigrationState(input: string): MigrationStateFile {
  let raw: unknown;
  try {
    raw = JSON.parse(input);
  } catch (err) {
    throw new MigrationStateError('', `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isObject(raw)) {
    throw new MigrationStateError('', `expected a JSON object, got ${shown(raw)}`);
  }
  if (raw['schemaVersion'] !== MIGRATION_STATE_SCHEMA_VERSION) {
    throw new MigrationStateError(
      'schemaVersion',
      `expected ${MIGRATION_STATE_SCHEMA_VERSION}, got ${shown(raw['schemaVersion'])} (written by another version of de-migrate?)`,
    );
  }
  const file: MigrationStateFile = { schemaVersion: 1, apps: {} };
  const de4 = text(raw, 'de4', '', false);
  const de5 = text(raw, 'de5', '', false);
  if (de4 !== undefined) {
    file.de4 = de4;
  }
  if (de5 !== undefined) {
    file.de5 = de5;
  }
  const apps = raw['apps'];
  if (!isObject(apps)) {
    throw new MigrationStateError('apps', `expected an object keyed by app name, got ${shown(apps)}`);
  }
  for (const [name, value] of Object.entries(apps)) {
    file.apps[name] = parseApp(name, value);
  }
  return file;
}

/** Stable text for the state file: apps sorted by name, fields in a fixed order, final newline. */
export function serializeMigrationState(file: MigrationStateFile): string {
  const apps: Record<string, AppMigrationState> = {};
  for (const name of Object.keys(file.apps).sort()) {
    const a = file.apps[name];
    if (a !== undefined) {
      apps[name] = {
        app: a.app,
        step: a.step,
        ...(a.failed ? { failed: { step: a.failed.step, reason: a.failed.reason, at: a.failed.at } } : {}),
        ...(a.dir !== undefined ? { dir: a.dir } : {}),
        ...(a.sha !== undefined ? { sha: a.sha } : {}),
        updatedAt: a.updatedAt,
      };
    }
  }
  const out: MigrationStateFile = {
    schemaVersion: 1,
    ...(file.de4 !== undefined ? { de4: file.de4 } : {}),
    ...(file.de5 !== undefined ? { de5: file.de5 } : {}),
    apps,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
