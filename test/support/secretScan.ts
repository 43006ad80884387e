import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Greps everything a run left behind for planted secrets and for the simple encodings a leak
// would take (Basic auth base64, URL encoding, hex), so "0 secrets leaked" is a measured claim.

/** A value that must never leave the places it was planted in. */
export interface PlantedSecret {
  readonly name: string;
  readonly value: string;
}

export interface Needle {
  readonly secret: string;
  readonly form: string;
  readonly text: string;
}

export interface SecretHit {
  readonly secret: string;
  readonly form: string;
  /** `stdout of …`, a file path, or `git history of …`. */
  readonly where: string;
}

/** A distinct, greppable secret: `S3CRET-<kind>-` and random characters, with a `+` so URL encoding differs. */
export function makeSecret(kind: string): string {
  const r = randomBytes(9).toString('hex');
  return `S3CRET-${kind}-${r.slice(0, 8)}+${r.slice(8)}`;
}

/**
 * The base64 text of `value` wherever it sits inside a longer encoded text: one stable middle part
 * for each of the three byte alignments (the edge characters also depend on the neighbours).
 */
export function base64Forms(value: Buffer): string[] {
  const out: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), value]).toString('base64');
    const start = Math.ceil(pad / 3) * 4;
    const end = Math.floor((pad + value.length) / 3) * 4;
    const middle = encoded.slice(start, end);
    if (middle.length >= 12) {
      out.push(middle, middle.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...new Set(out)];
}

/** The secret as itself and as the encodings a log line or a header would carry. */
export function needlesOf(secret: PlantedSecret): Needle[] {
  const bytes = Buffer.from(secret.value, 'utf8');
  const forms: [string, string][] = [
    ['plain', secret.value],
    ['url-encoded', encodeURIComponent(secret.value)],
    ['url-encoded (lower case)', encodeURIComponent(secret.value).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['form-encoded', encodeURIComponent(secret.value).replace(/%20/g, '+')],
    ['json', JSON.stringify(secret.value).slice(1, -1)],
    ['hex', bytes.toString('hex')],
    ...base64Forms(bytes).map((b): [string, string] => ['base64', b]),
  ];
  const seen = new Set<string>();
  return forms.filter(([, text]) => !seen.has(text) && seen.add(text)).map(([form, text]) => ({ secret: secret.name, form, text }));
}

/** Reads the big-endian integers and length-prefixed strings of the OpenSSH key format. */
function sshReader(buf: Buffer, from = 0): { u32: () => number; str: () => Buffer } {
  let at = from;
  const u32 = (): number => {
    at += 4;
    return buf.readUInt32BE(at - 4);
  };
  const str = (): Buffer => {
    const n = u32();
    at += n;
    return buf.subarray(at - n, at);
  };
  return { u32, str };
}

/**
 * An unencrypted OpenSSH ed25519 key file: its private seed (hex and base64), its body joined, and
 * each body line but the first (the format's fixed header), so neither the file, printed as is or
 * JSON-escaped, nor its key material can be echoed unnoticed.
 */
export function privateKeyNeedles(name: string, keyFileText: string): Needle[] {
  const lines = keyFileText.split(/\r?\n/).filter((l) => l !== '' && !l.startsWith('-----'));
  const raw = Buffer.from(lines.join(''), 'base64');
  const magic = 'openssh-key-v1\0';
  if (raw.subarray(0, magic.length).toString('latin1') !== magic) {
    throw new Error(`${name}: not an OpenSSH private key`);
  }
  const file = sshReader(raw, magic.length);
  const cipher = file.str().toString();
  file.str(); // kdf name
  file.str(); // kdf options
  file.u32(); // key count
  file.str(); // public key
  if (cipher !== 'none') {
    throw new Error(`${name}: an encrypted key; only unencrypted ones are supported here`);
  }
  const secret = sshReader(file.str());
  secret.u32(); // two check integers
  secret.u32();
  const type = secret.str().toString();
  if (type !== 'ssh-ed25519') {
    throw new Error(`${name}: a ${type} key; only ed25519 is supported here`);
  }
  secret.str(); // the public half
  const seed = secret.str().subarray(0, 32);
  return [
    { secret: name, form: 'key file body', text: lines.join('') },
    ...lines
      .slice(1)
      .filter((text) => text.length >= 16)
      .map((text, i) => ({ secret: name, form: `key file line ${i + 2}`, text })),
    { secret: name, form: 'seed (hex)', text: seed.toString('hex') },
    ...base64Forms(seed).map((text) => ({ secret: name, form: 'seed (base64)', text })),
  ];
}

/** The texts of one scan; each is searched for every needle. */
export class SecretScan {
  private readonly texts: { where: string; text: string }[] = [];

  constructor(private readonly needles: readonly Needle[]) {}

  get count(): number {
    return this.texts.length;
  }

  addText(where: string, text: string): void {
    this.texts.push({ where, text });
  }

  /** Every regular file below `dir` (symbolic links are not followed), as bytes read as latin1. */
  addTree(dir: string, skip: (file: string) => boolean = () => false): void {
    const stack = [dir];
    for (let guard = 0; stack.length > 0 && guard < 200_000; guard++) {
      const current = stack.pop() ?? '';
      for (const e of fs.readdirSync(current, { withFileTypes: true })) {
        const full = path.join(current, e.name);
        if (skip(full)) {
          continue;
        }
        if (e.isDirectory()) {
          stack.push(full);
        } else if (e.isFile()) {
          const bytes = fs.readFileSync(full);
          // Both readings: latin1 keeps every byte, UTF-8 matches text written as UTF-8.
          this.addText(full, `${bytes.toString('latin1')}\n${bytes.toString('utf8')}`);
          if (e.name === 'HEAD' && path.basename(current) === '.git') {
            this.addGitHistory(path.dirname(current));
          } else if (e.name === 'HEAD' && fs.existsSync(path.join(current, 'objects')) && fs.existsSync(path.join(current, 'refs'))) {
            this.addGitHistory(current);
          }
        }
      }
    }
  }

  /** Commit and tag messages, authors and ref names: compressed in the object store, so a file grep misses them. */
  addGitHistory(repo: string): void {
    const git = (...args: string[]): string => {
      try {
        return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 });
      } catch {
        return '';
      }
    };
    const refs = git('for-each-ref', '--format=%(refname) %(objecttype) %(contents)');
    const log = git('log', '--all', '--format=%H %an <%ae> %cn <%ce>%n%B');
    this.addText(`git history of ${repo}`, `${refs}\n${log}`);
  }

  /** Every needle found, in order; `allowed` drops the hits a test permits (by secret and place). */
  hits(allowed: (hit: SecretHit) => boolean = () => false): SecretHit[] {
    const out: SecretHit[] = [];
    for (const { where, text } of this.texts) {
      for (const n of this.needles) {
        const hit = { secret: n.secret, form: n.form, where };
        if (text.includes(n.text) && !allowed(hit)) {
          out.push(hit);
        }
      }
    }
    return out;
  }
}
