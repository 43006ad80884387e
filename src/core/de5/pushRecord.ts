import { CoreError } from '../errors';
import { isBranchName, isDe5AppName } from './serverConfig';

/**
 * `.de-migrate/de5-app.json`: where this app goes on DE5 (its name there, and a remote URL or branch
 * when the server's defaults do not fit) and how the last push went. Per app, so overrides travel
 * with the code and a second push goes where the first one did.
 */
export const DE5_RECORD_FILE = '.de-migrate/de5-app.json';

export interface De5PushRecord {
  readonly schemaVersion: 1;
  /** The DE5 server host (matches `deMigrate.de5.servers[].host`). */
  readonly host: string;
  readonly app: string;
  /** Overrides the server's remote URL template for this app. */
  readonly remoteUrl?: string;
  readonly branch?: string;
  readonly lastPush?: {
    readonly sha: string;
    readonly branch: string;
    readonly time: string;
    /** true: the app answered; false: it did not within the time; absent: not checked. */
    readonly verified?: boolean;
  };
}

export function serializePushRecord(r: De5PushRecord): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

function invalid(why: string): CoreError {
  return new CoreError('invalid-input', `${DE5_RECORD_FILE} is not valid: ${why}.`, {
    hint: 'Fix or delete the file; the next push writes it again.',
  });
}

export function parsePushRecord(text: string): De5PushRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid('it is not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid('it is not an object');
  }
  const o = raw as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof o[k] === 'string' && o[k] !== '' ? o[k] : undefined);
  const host = str('host');
  const app = str('app');
  if (!host) {
    throw invalid('"host" is missing');
  }
  if (!app || !isDe5AppName(app)) {
    throw invalid('"app" is not a DE5 app name');
  }
  const branch = str('branch');
  if (branch !== undefined && !isBranchName(branch)) {
    throw invalid(`"${branch}" is not a branch name`);
  }
  const remoteUrl = str('remoteUrl');
  const last = o['lastPush'];
  let lastPush: De5PushRecord['lastPush'];
  if (typeof last === 'object' && last !== null) {
    const l = last as Record<string, unknown>;
    if (typeof l['sha'] === 'string' && typeof l['branch'] === 'string' && typeof l['time'] === 'string') {
      lastPush = {
        sha: l['sha'],
        branch: l['branch'],
        time: l['time'],
        ...(typeof l['verified'] === 'boolean' ? { verified: l['verified'] } : {}),
      };
    }
  }
  return {
    schemaVersion: 1,
    host,
    app,
    ...(remoteUrl !== undefined ? { remoteUrl } : {}),
    ...(branch !== undefined ? { branch } : {}),
    ...(lastPush ? { lastPush } : {}),
  };
}

/** A DE5 app name from a folder or DE4 name: lowercase, dashes for anything else, at most 30 characters (as Plotly's scripts do). */
export function suggestDe5AppName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30)
    .replace(/-+$/, '');
  return cleaned || 'dash-app';
}
