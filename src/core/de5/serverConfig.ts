// Editor-free types and normalisers for `deMigrate.de5.servers`: where converted apps are pushed.
// DE5's git remote form is known from Plotly's own CI examples (reference §3.9: `git@<host>:<app>`,
// port 22, branch `main`), but a server may differ, so the template and branch stay overridable
// per server (here) and per app (`.de-migrate/de5-app.json`).
import { CoreError } from '../errors';

export const DE5_SSH_PORT = 22;
export const DE5_SSH_USER = 'git';
export const DEFAULT_REMOTE_TEMPLATE = 'ssh://{user}@{host}:{port}/{app}';
export const DEFAULT_APP_URL_TEMPLATE = 'https://{host}/{app}/';

export interface De5ServerConfig {
  /** The host name as given, lowercase, e.g. `de5.example.com`; also the identity of the entry. */
  readonly id: string;
  readonly label: string;
  readonly host: string;
  readonly sshUser: string;
  readonly sshPort: number;
  /** `{host}`, `{port}`, `{user}`, `{app}` are filled in. */
  readonly remoteUrlTemplate: string;
  /** Where the deployed app answers, for the check after the push. */
  readonly appUrlTemplate: string;
  /** The deploy branch when set; otherwise the remote's HEAD decides (asked when the remote is empty). */
  readonly branch: string | undefined;
  /** How long the check after the push waits for the app to answer. */
  readonly verifySeconds: number;
  /** For the `de` CLI's password login; undefined: the CLI's own key file (`de login`). */
  readonly username: string | undefined;
  /** SSH key for this server; undefined: `deMigrate.ssh.identityFile`, else ssh's own keys. */
  readonly identityFile: string | undefined;
}

const HOST = /^[A-Za-z0-9][A-Za-z0-9.-]*(:\d+)?$/;
// Not starting with `-`: git refuses such branch names, and an argument must never look like an option.
const BRANCH = /^(?!.*\.\.)(?!.*\/\/)(?![/-])[A-Za-z0-9._/-]+(?<![/.])$/;

function str(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function int(o: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
}

export function isBranchName(name: string): boolean {
  return BRANCH.test(name) && !name.endsWith('.lock');
}

/** A bare host from what a user typed (`https://de5.example.com/` → `de5.example.com`). */
export function normaliseDe5Host(raw: string): string | undefined {
  const host = raw
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return HOST.test(host) ? host : undefined;
}

/**
 * Valid entries of the setting; `legacyHost` (`deMigrate.de5.host`) gives a default entry when the
 * list is empty, so one host setting is enough for the common case.
 */
export function normaliseDe5Servers(raw: unknown, legacyHost?: string): readonly De5ServerConfig[] {
  const entries = Array.isArray(raw) ? (raw as unknown[]) : [];
  const out: De5ServerConfig[] = [];
  for (const entry of entries.length > 0 ? entries : legacyHost ? [{ host: legacyHost }] : []) {
    if (typeof entry !== 'object' || entry === null) {
      continue;
    }
    const o = entry as Record<string, unknown>;
    const host = normaliseDe5Host(str(o, 'host') ?? '');
    if (!host || out.some((s) => s.id === host)) {
      continue;
    }
    const branch = str(o, 'branch');
    out.push(
      Object.freeze({
        id: host,
        label: str(o, 'label') ?? host,
        host,
        sshUser: str(o, 'sshUser') ?? DE5_SSH_USER,
        sshPort: int(o, 'sshPort', 1, 65535) ?? DE5_SSH_PORT,
        remoteUrlTemplate: str(o, 'remoteUrlTemplate') ?? DEFAULT_REMOTE_TEMPLATE,
        appUrlTemplate: str(o, 'appUrlTemplate') ?? DEFAULT_APP_URL_TEMPLATE,
        branch: branch !== undefined && isBranchName(branch) ? branch : undefined,
        verifySeconds: int(o, 'verifySeconds', 0, 3600) ?? 300,
        username: str(o, 'username'),
        identityFile: str(o, 'identityFile'),
      }),
    );
  }
  return Object.freeze(out);
}

const APP = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** DE5 app names appear in URLs and cannot be changed (reference §3.10): lowercase, digits, dashes. */
export function isDe5AppName(name: string): boolean {
  return APP.test(name);
}

export function requireDe5AppName(name: string): string {
  if (!isDe5AppName(name)) {
    throw new CoreError('invalid-input', `"${name}" is not a valid DE5 app name.`, {
      hint: 'Use lowercase letters, digits and dashes (at most 63), starting with a letter or digit.',
    });
  }
  return name;
}

function fill(template: string, s: De5ServerConfig, app: string): string {
  const hostOnly = s.host.replace(/:\d+$/, '');
  return template
    .replace(/\{host\}/g, hostOnly)
    .replace(/\{port\}/g, String(s.sshPort))
    .replace(/\{user\}/g, s.sshUser)
    .replace(/\{app\}/g, app);
}

/** The app's git remote on DE5 from the server's template (an app's own override wins elsewhere). */
export function de5RemoteUrl(s: De5ServerConfig, app: string): string {
  return fill(s.remoteUrlTemplate, s, requireDe5AppName(app));
}

/** Where the deployed app answers, with a trailing slash (`https://de5.example.com/sales-dash/`). */
export function de5AppUrl(s: De5ServerConfig, app: string): string {
  const url = s.appUrlTemplate.replace(/\{host\}/g, s.host).replace(/\{app\}/g, requireDe5AppName(app));
  return url.endsWith('/') ? url : `${url}/`;
}

const SSH_USER = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const SSH_HOST = /^[A-Za-z0-9][A-Za-z0-9.-]*$|^[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*$/;

type SshEndpoint = { readonly host: string; readonly port: number; readonly user: string | undefined };

/**
 * The URL comes from settings or a file in the app folder: a user or host that could pass for an
 * option (`-oProxyCommand=…`, `--upload=…`) or holds spaces or quotes makes it no endpoint.
 */
function safe(e: SshEndpoint): SshEndpoint | undefined {
  return (e.user === undefined || SSH_USER.test(e.user)) && SSH_HOST.test(e.host) && e.port >= 1 && e.port <= 65535 ? e : undefined;
}

/** Host and port of an SSH remote URL (`ssh://u@h:p/x` or scp-like `u@h:x`, port 22 then). */
export function sshEndpoint(remoteUrl: string): SshEndpoint | undefined {
  const url = /^ssh:\/\/(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?\//.exec(remoteUrl);
  if (url) {
    return safe({ user: url[1], host: (url[2] ?? '').replace(/^\[|\]$/g, ''), port: url[3] ? Number(url[3]) : 22 });
  }
  const scp = /^(?:([^@/]+)@)?([A-Za-z0-9.-]+):(?!\/\/)/.exec(remoteUrl);
  return scp ? safe({ user: scp[1], host: scp[2] ?? '', port: 22 }) : undefined;
}
