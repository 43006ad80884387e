import type { De4AppDetail } from '../api/de4Types';
import { CoreError } from '../errors';

/**
 * `.de-migrate/de4-app.json`: what the DE4 server knows about an app, saved beside its code when the
 * app is cloned, linked or backed up, so diagnostics, the conversion and the later push can use it
 * offline. Never holds a secret: environment variables are names only.
 */

/** Where the metadata file lives, relative to the app root. */
export const DE4_METADATA_FILE = '.de-migrate/de4-app.json';

export const DE4_METADATA_SCHEMA_VERSION = 1;

/**
 * DE4 creates these itself (reference §1.8), so they are not copied to DE5. Prefix matches, except
 * `DATABASE_URL`/`REDIS_URL`, matched exactly so a user's `DATABASE_URL_REPORTING` is kept.
 */
const PLATFORM_PREFIXES = ['DOKKU', 'DASH', 'GIT_REV', 'SCRIPT_NAME', 'NO_VHOST'];
const PLATFORM_EXACT = new Set(['DATABASE_URL', 'REDIS_URL']);

export function isPlatformVariable(name: string, readonly: boolean): boolean {
  return readonly || PLATFORM_EXACT.has(name) || PLATFORM_PREFIXES.some((p) => name.startsWith(p));
}

export interface De4MetadataVariable {
  readonly name: string;
  readonly readonly: boolean;
  /** Created by DE4 (reference §1.8): DE5 creates its own, so it is not copied. */
  readonly platform: boolean;
}

export interface De4AppMetadataFile {
  readonly schemaVersion: number;
  readonly source: {
    /** The DE4 server's base URL, e.g. `https://de4.example.com`. */
    readonly server: string;
    readonly app: string;
    readonly urlOnServer?: string;
  };
  /** ISO-8601 UTC time the file was written. */
  readonly savedAt: string;
  readonly owner?: string;
  readonly deployed: { readonly sha?: string; readonly subject?: string; readonly time?: string };
  readonly access: { readonly permissionLevel?: string; readonly users: readonly string[]; readonly teams: readonly string[] };
  readonly environmentVariables: readonly De4MetadataVariable[];
  readonly linkedServices: readonly { readonly name: string; readonly type: string }[];
  readonly mounts: readonly { readonly hostDir: string; readonly targetDir: string }[];
  readonly processes: readonly { readonly type: string; readonly count?: number }[];
  readonly hasWorkspace?: boolean;
  readonly portal: {
    readonly title?: string;
    readonly description?: string;
    readonly tags: readonly string[];
    readonly showInPortal?: boolean;
  };
}

/** Drops `undefined` fields so the JSON has no nulls and stays stable. */
function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The metadata for one app; `savedAt` comes from the caller so the result is deterministic. */
export function buildDe4Metadata(server: string, d: De4AppDetail, savedAt: Date): De4AppMetadataFile {
  return {
    schemaVersion: DE4_METADATA_SCHEMA_VERSION,
    source: defined({ server, app: d.name, urlOnServer: d.urlOnServer }),
    savedAt: savedAt.toISOString(),
    ...defined({ owner: d.owner }),
    deployed: defined({
      sha: d.analytics.gitRevision.sha1,
      subject: d.analytics.gitRevision.subject,
      time: d.analytics.timestamps.updated ?? d.analytics.timestamps.created,
    }),
    access: defined({ permissionLevel: d.metadata.permissionLevel, users: d.collaborators.users, teams: d.collaborators.teams }),
    environmentVariables: d.environmentVariables.map((v) => ({
      name: v.name,
      readonly: v.readonly,
      platform: isPlatformVariable(v.name, v.readonly),
    })),
    linkedServices: d.linkedServices.map((s) => ({ name: s.name, type: s.serviceType })),
    mounts: d.mounts.map((m) => ({ hostDir: m.hostDir, targetDir: m.targetDir })),
    processes: d.processes.map((p) => defined({ type: p.type, count: p.number })),
    ...defined({ hasWorkspace: d.hasWorkspace }),
    portal: defined({
      title: d.metadata.title,
      description: d.metadata.description,
      tags: d.metadata.tags,
      showInPortal: d.metadata.showInPortal,
    }),
  };
}

export function serializeDe4Metadata(m: De4AppMetadataFile): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

function invalid(what: string): CoreError {
  return new CoreError('invalid-input', `${DE4_METADATA_FILE} is not valid: ${what}.`, {
    hint: 'Save it again with Link Local Folder… or Clone into Workspace in the DE4 Apps view.',
  });
}

type Obj = Readonly<Record<string, unknown>>;

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw invalid(`${path} should be an object`);
  }
  return v as Obj;
}

function optObj(v: unknown, path: string): Obj {
  return v === undefined || v === null ? {} : obj(v, path);
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v === '') {
    throw invalid(`${path} should be a non-empty string`);
  }
  return v;
}

function optStr(v: unknown, path: string): string | undefined {
  return v === undefined || v === null ? undefined : str(v, path);
}

function optBool(v: unknown, path: string): boolean | undefined {
  if (v === undefined || v === null) {
    return undefined;
  }
  if (typeof v !== 'boolean') {
    throw invalid(`${path} should be true or false`);
  }
  return v;
}

function list<T>(v: unknown, path: string, item: (x: unknown, p: string) => T): T[] {
  if (v === undefined || v === null) {
    return [];
  }
  if (!Array.isArray(v)) {
    throw invalid(`${path} should be a list`);
  }
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

/**
 * Reads the file back, checking every field (a hand-edited file gives one precise message, not a
 * crash). Unknown fields are ignored so a newer version's file still reads.
 */
export function parseDe4Metadata(text: string): De4AppMetadataFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw invalid(`it is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const o = obj(raw, 'the file');
  const version = o['schemaVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw invalid('schemaVersion should be a positive whole number');
  }
  if (version > DE4_METADATA_SCHEMA_VERSION) {
    throw new CoreError('invalid-input', `${DE4_METADATA_FILE} was written by a newer version of de-migrate (schema ${version}).`, {
      hint: 'Update the extension, or save the file again from the DE4 Apps view.',
    });
  }
  const source = obj(o['source'], 'source');
  const deployed = optObj(o['deployed'], 'deployed');
  const access = optObj(o['access'], 'access');
  const portal = optObj(o['portal'], 'portal');
  const count = (v: unknown, p: string): number | undefined => {
    if (v === undefined || v === null) {
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw invalid(`${p} should be a whole number`);
    }
    return v;
  };
  return {
    schemaVersion: version,
    source: defined({
      server: str(source['server'], 'source.server'),
      app: str(source['app'], 'source.app'),
      urlOnServer: optStr(source['urlOnServer'], 'source.urlOnServer'),
    }),
    savedAt: str(o['savedAt'], 'savedAt'),
    ...defined({ owner: optStr(o['owner'], 'owner') }),
    deployed: defined({
      sha: optStr(deployed['sha'], 'deployed.sha'),
      subject: optStr(deployed['subject'], 'deployed.subject'),
      time: optStr(deployed['time'], 'deployed.time'),
    }),
    access: defined({
      permissionLevel: optStr(access['permissionLevel'], 'access.permissionLevel'),
      users: list(access['users'], 'access.users', str),
      teams: list(access['teams'], 'access.teams', str),
    }),
    environmentVariables: list(o['environmentVariables'], 'environmentVariables', (x, p) => {
      const v = obj(x, p);
      const name = str(v['name'], `${p}.name`);
      const ro = optBool(v['readonly'], `${p}.readonly`) ?? false;
      return { name, readonly: ro, platform: optBool(v['platform'], `${p}.platform`) ?? isPlatformVariable(name, ro) };
    }),
    linkedServices: list(o['linkedServices'], 'linkedServices', (x, p) => {
      const s = obj(x, p);
      return { name: str(s['name'], `${p}.name`), type: str(s['type'], `${p}.type`).toLowerCase() };
    }),
    mounts: list(o['mounts'], 'mounts', (x, p) => {
      const m = obj(x, p);
      return { hostDir: str(m['hostDir'], `${p}.hostDir`), targetDir: str(m['targetDir'], `${p}.targetDir`) };
    }),
    processes: list(o['processes'], 'processes', (x, p) => {
      const pr = obj(x, p);
      return defined({ type: str(pr['type'], `${p}.type`), count: count(pr['count'], `${p}.count`) });
    }),
    ...defined({ hasWorkspace: optBool(o['hasWorkspace'], 'hasWorkspace') }),
    portal: defined({
      title: optStr(portal['title'], 'portal.title'),
      description: optStr(portal['description'], 'portal.description'),
      tags: list(portal['tags'], 'portal.tags', str),
      showInPortal: optBool(portal['showInPortal'], 'portal.showInPortal'),
    }),
  };
}
