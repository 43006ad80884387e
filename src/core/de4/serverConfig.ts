// Editor-free types and normalisers for the `deMigrate.de4.servers` setting (like vscode-eslint's
// settings.ts): the extension's config.ts reads the raw value and maps it through here, so the rest
// of the extension only ever sees valid, de-duplicated entries.
import { DE4_SSH_PORT, DE4_SSH_USER } from '../git/ssh';

/** One configured DE4 server, normalised. The API key is never part of it (SecretStorage only). */
export interface De4ServerConfig {
  /** Stable identity: normalised URL plus username (also the SecretStorage key suffix). */
  readonly id: string;
  readonly label: string;
  /** Scheme, host, optional port and path, no trailing slash, e.g. `https://de4.example.com`. */
  readonly url: string;
  readonly username: string;
  /** PEM file with the CA that signed a self-signed enterprise certificate. */
  readonly caFile: string | undefined;
  /** True unless the user explicitly turned verification off (warned in the tree and the log). */
  readonly verifyTls: boolean;
  /** Where DE4's git (Dokku) answers over SSH: `dokku@<url host>:3022` unless set. */
  readonly ssh: { readonly host: string; readonly port: number; readonly user: string };
}

function portField(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 65536 ? v : undefined;
}

export function de4ServerId(url: string, username: string): string {
  return `${url}|${username}`;
}

/** `de4.example.com/` → `https://de4.example.com`; undefined when it is not an http(s) URL. Matches the client's normaliseDe4BaseUrl. */
export function normaliseDe4Url(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') {
    return undefined;
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return undefined;
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.hostname === '' || parsed.username || parsed.password) {
    return undefined;
  }
  // A pasted API endpoint (`…/Manager/graphql`) names the same server.
  const path = parsed.pathname.replace(/\/+$/, '').replace(/\/Manager(\/graphql)?$/i, '');
  return `${parsed.protocol}//${parsed.host}${path}`;
}

function stringField(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Maps the raw setting to valid entries: invalid ones are dropped, duplicates (same URL and user) keep the first. */
export function normaliseDe4Servers(raw: unknown): readonly De4ServerConfig[] {
  if (!Array.isArray(raw)) {
    return Object.freeze([]);
  }
  const out: De4ServerConfig[] = [];
  const seen = new Set<string>();
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) {
      continue;
    }
    const o = entry as Record<string, unknown>;
    const url = normaliseDe4Url(stringField(o, 'url') ?? '');
    const username = stringField(o, 'username');
    if (!url || !username) {
      continue;
    }
    const id = de4ServerId(url, username);
    if (seen.has(id)) {
      continue;
    }
    seen.add(id);
    out.push(
      Object.freeze({
        id,
        label: stringField(o, 'label') ?? new URL(url).host,
        url,
        username,
        caFile: stringField(o, 'caFile'),
        verifyTls: o['verifyTls'] !== false,
        ssh: Object.freeze({
          host: stringField(o, 'sshHost') ?? new URL(url).hostname,
          port: portField(o, 'sshPort') ?? DE4_SSH_PORT,
          user: stringField(o, 'sshUser') ?? DE4_SSH_USER,
        }),
      }),
    );
  }
  return Object.freeze(out);
}
