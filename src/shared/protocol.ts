// Messages between the report panel's host (src/extension) and its webview (webview-ui). Both sides
// validate what they receive with the parsers below and drop (and log) anything else. The webview
// posts `ready` first; the host posts only after it. Requests carry an id; the host answers every
// request with one `reply` carrying that id, `ok` and, on failure, a one-sentence error.
import { REPORT_FORMATS, validateReport, type MigrationReport, type ReportFormat } from './report';

/** Host → webview. */
export type HostMessage =
  /** The first report; `app` opens that app's page instead of the fleet table. */
  | { readonly type: 'init'; readonly report: MigrationReport; readonly app?: string }
  /** A newer report (a step finished, fixes applied): re-render, keeping the page, filter and sort. */
  | { readonly type: 'update'; readonly report: MigrationReport }
  | { readonly type: 'reply'; readonly id: number; readonly ok: boolean; readonly error?: string };

/** Webview → host requests; each is answered by a `reply` with its id. */
export type WebviewRequest =
  /** Open `file` (relative to the app folder) at a 1-based line. */
  | { readonly type: 'openFile'; readonly id: number; readonly app: string; readonly file: string; readonly line: number }
  /** Apply the app's safe fixes. */
  | { readonly type: 'fixApp'; readonly id: number; readonly app: string }
  /** Run the app's failed migration step again. */
  | { readonly type: 'retryStep'; readonly id: number; readonly app: string }
  /** Save the report in a format the user then picks a file for. */
  | { readonly type: 'export'; readonly id: number; readonly format: ReportFormat };

/** Webview → host. */
export type WebviewMessage = { readonly type: 'ready' } | WebviewRequest;

export type WebviewRequestType = WebviewRequest['type'];

/** Distributes over the union: a request minus its id, as the webview's client builds it. */
export type RequestBody<R = WebviewRequest> = R extends WebviewRequest ? Omit<R, 'id'> : never;

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

function isName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 1000;
}

/** A path inside the app folder: relative, forward slashes, no `..` step (the host opens nothing outside the app). */
function isAppPath(v: unknown): v is string {
  return isName(v) && !v.startsWith('/') && !v.includes('\\') && !/^[A-Za-z]:/.test(v) && !v.split('/').includes('..');
}

function reportOf(v: unknown): MigrationReport | undefined {
  try {
    return validateReport(v);
  } catch {
    // The caller logs the whole message as malformed; the field detail is not needed there.
    return undefined;
  }
}

/** A message the webview may act on, or undefined for anything malformed (the webview drops and logs it). */
export function parseHostMessage(m: unknown): HostMessage | undefined {
  if (!isObj(m)) {
    return undefined;
  }
  switch (m['type']) {
    case 'init': {
      const report = reportOf(m['report']);
      if (!report || (m['app'] !== undefined && !isName(m['app']))) {
        return undefined;
      }
      return m['app'] === undefined ? { type: 'init', report } : { type: 'init', report, app: m['app'] };
    }
    case 'update': {
      const report = reportOf(m['report']);
      return report ? { type: 'update', report } : undefined;
    }
    case 'reply': {
      const { id, ok, error } = m;
      if (!isId(id) || typeof ok !== 'boolean' || (error !== undefined && typeof error !== 'string')) {
        return undefined;
      }
      return error === undefined ? { type: 'reply', id, ok } : { type: 'reply', id, ok, error };
    }
    default:
      return undefined;
  }
}

/** A message the host may act on, or undefined for anything malformed (the host drops and logs it). */
export function parseWebviewMessage(m: unknown): WebviewMessage | undefined {
  if (!isObj(m)) {
    return undefined;
  }
  const { id, app } = m;
  switch (m['type']) {
    case 'ready':
      return { type: 'ready' };
    case 'openFile': {
      const { file, line } = m;
      const lineOk = typeof line === 'number' && Number.isSafeInteger(line) && line >= 1;
      return isId(id) && isName(app) && isAppPath(file) && lineOk ? { type: 'openFile', id, app, file, line } : undefined;
    }
    case 'fixApp':
      return isId(id) && isName(app) ? { type: 'fixApp', id, app } : undefined;
    case 'retryStep':
      return isId(id) && isName(app) ? { type: 'retryStep', id, app } : undefined;
    case 'export': {
      const format = REPORT_FORMATS.find((f) => f === m['format']);
      return isId(id) && format ? { type: 'export', id, format } : undefined;
    }
    default:
      return undefined;
  }
}

/** Where a dropped message is reported: the extension's Logger fits, and so does the webview's console. */
export interface DropLog {
  warn(message: string): void;
}

/**
 * What a dropped message looked like, without its values: a malformed message may carry anything,
 * and the log must not become a place where it is kept.
 */
export function describeDropped(m: unknown): string {
  if (!isObj(m)) {
    return m === null ? 'null' : Array.isArray(m) ? 'an array' : `a ${typeof m}`;
  }
  const type = typeof m['type'] === 'string' && /^[A-Za-z]{1,20}$/.test(m['type']) ? m['type'] : '?';
  const keys = Object.keys(m)
    .slice(0, 10)
    .map((k) => (/^[A-Za-z]{1,20}$/.test(k) ? k : '?'));
  return `type ${type}, fields ${keys.join(', ') || 'none'}`;
}

/** The host's gate: a valid message, or undefined after one warning that names its shape. */
export function acceptWebviewMessage(m: unknown, log: DropLog): WebviewMessage | undefined {
  const message = parseWebviewMessage(m);
  if (!message) {
    log.warn(`[report] dropped a malformed message from the webview (${describeDropped(m)})`);
  }
  return message;
}
