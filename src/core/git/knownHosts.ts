import { createHash, createHmac } from 'node:crypto';

/**
 * Host-key decisions over known_hosts text. The files this tool manages get plain (unhashed) OpenSSH
 * lines, so a person can read what was trusted; files it only reads may be hashed. Pure: the caller
 * reads and writes the file.
 */

export interface HostKey {
  /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, … */
  readonly type: string;
  /** The key blob, base64 as in known_hosts. */
  readonly key: string;
  /** Marked `@revoked` in known_hosts: refused even though it is recorded. */
  readonly revoked?: boolean;
}

/** How ssh names a host in known_hosts: bare on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

/** `SHA256:…` as `ssh-keygen -lf` and ssh's prompt print it. */
export function fingerprint(key: HostKey): string {
  const digest = createHash('sha256').update(Buffer.from(key.key, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

const KEY_TYPE = /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)$/;

/** Host keys from `ssh-keyscan` output (`host type key` lines; comments and junk ignored). */
export function parseKeyscan(output: string): HostKey[] {
  const keys: HostKey[] = [];
  for (const line of output.split(/\r?\n/)) {
    const [, type, key] = line.trim().split(/\s+/);
    if (type !== undefined && key !== undefined && KEY_TYPE.test(type) && /^[A-Za-z0-9+/]+={0,2}$/.test(key)) {
      keys.push({ type, key });
    }
  }
  return keys;
}

/**
 * Whether a known_hosts host field names `name`: a plain comma list, or OpenSSH's hashed form
 * `|1|base64(salt)|base64(HMAC-SHA1(salt, name))` (HashKnownHosts, Debian's default for ~/.ssh).
 */
function hostFieldMatches(field: string, name: string): boolean {
  const hashed = /^\|1\|([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)$/.exec(field);
  if (hashed) {
    const [, salt = '', hash = ''] = hashed;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return field.split(',').some((h) => h.toLowerCase() === name);
}

/**
 * Keys recorded for a host name in a known_hosts text, plain or hashed. `@cert-authority` lines are
 * skipped (not a key of the host); a `@revoked` key is returned as recorded-but-revoked so that it
 * can never be accepted.
 */
export function recordedKeys(knownHosts: string, name: string): HostKey[] {
  const keys: HostKey[] = [];
  for (const line of knownHosts.split(/\r?\n/)) {
    const parts = line.trim().split(/\s+/);
    if (parts[0]?.startsWith('#') || parts[0] === '@cert-authority') {
      continue;
    }
    const revoked = parts[0] === '@revoked';
    const [hosts, type, key] = (revoked ? parts.slice(1) : parts) as [string?, string?, string?];
    if (hosts === undefined || type === undefined || key === undefined || hosts.startsWith('@')) {
      continue;
    }
    if (hostFieldMatches(hosts, name)) {
      keys.push(revoked ? { type, key, revoked: true } : { type, key });
    }
  }
  return keys;
}

export type HostKeyVerdict =
  /** One of the server's keys is recorded: connect. */
  | { readonly kind: 'known'; readonly key: HostKey }
  /** Nothing recorded for this host: show the fingerprint and ask. */
  | { readonly kind: 'unknown'; readonly key: HostKey; readonly fingerprint: string }
  /** A key of the same type is recorded and differs: refuse (possible interception). */
  | { readonly kind: 'changed'; readonly recorded: HostKey; readonly offered: HostKey; readonly fingerprint: string }
  | { readonly kind: 'no-key' };

/** The strongest offered key first, as ssh itself prefers. */
const PREFERENCE = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa'];

function rank(k: HostKey): number {
  const i = PREFERENCE.indexOf(k.type);
  return i === -1 ? PREFERENCE.length : i;
}

/** Compares what the server offers with what was recorded for it. */
export function judgeHostKey(offered: readonly HostKey[], recorded: readonly HostKey[]): HostKeyVerdict {
  const sorted = [...offered].sort((a, b) => rank(a) - rank(b));
  const best = sorted[0];
  if (!best) {
    return { kind: 'no-key' };
  }
  const revoked = sorted.find((o) => recorded.some((r) => r.revoked === true && r.key === o.key));
  if (revoked) {
    return { kind: 'changed', recorded: revoked, offered: revoked, fingerprint: fingerprint(revoked) };
  }
  const match = sorted.find((o) => recorded.some((r) => r.revoked !== true && r.type === o.type && r.key === o.key));
  if (match) {
    return { kind: 'known', key: match };
  }
  for (const o of sorted) {
    const sameType = recorded.find((r) => r.type === o.type);
    if (sameType) {
      return { kind: 'changed', recorded: sameType, offered: o, fingerprint: fingerprint(o) };
    }
  }
  if (recorded.length > 0) {
    // Keys are recorded for this host but none of the offered types: as suspicious as a change.
    const r = recorded[0] as HostKey;
    return { kind: 'changed', recorded: r, offered: best, fingerprint: fingerprint(best) };
  }
  return { kind: 'unknown', key: best, fingerprint: fingerprint(best) };
}

/** The line to append once the user accepted a key. */
export function knownHostsLine(name: string, key: HostKey): string {
  return `${name} ${key.type} ${key.key}\n`;
}
