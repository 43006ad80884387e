// The git SHA-1 of the commit DE4 "deployed" for a seeded app, computed in plain JS so the seed's
// `analytics.gitRevision.sha1` (what the API reports) names the very commit the SSH stand-in serves.
// Only what those commits need: regular files (mode 100644) in nested trees, one parentless commit.
// repos.mjs builds the same commit with real git and checks that both agree.
import * as crypto from 'node:crypto';
import { appSourceFiles } from '../de4Server/appSource.mjs';
import { DE4_HOST } from '../de4Server/constants.mjs';

/** Author and committer of every deploy commit. */
export const DEPLOY_IDENT = { name: 'DE4 Deploy', email: `deploy@${DE4_HOST}` };

/**
 * @typedef {{ [name: string]: string | FileTree }} FileTree
 * Nested file map: a string is a file's text (UTF-8), an object a directory.
 */

/**
 * SHA-1 of a string (as UTF-8) or bytes. The one-shot `crypto.hash` (Node >= 20.12) is over twice
 * as fast as a Hash object, which matters for the bench's thousands of apps (seed.mjs `manyApps`).
 * @param {string | Buffer} data
 * @returns {Buffer}
 */
function sha1(data) {
  return typeof crypto.hash === 'function' ? crypto.hash('sha1', data, 'buffer') : crypto.createHash('sha1').update(data).digest();
}

/** Raw 20-byte id of a blob holding `text` (UTF-8): sha1 over `blob <size>\0<text>`. */
function blobId(text) {
  return sha1(`blob ${Buffer.byteLength(text, 'utf8')}\0${text}`);
}

/**
 * Turns `{ 'a/b.txt': '…' }` (flat, `/`-separated) or an already nested map into a nested map.
 * @param {Record<string, string | FileTree>} files
 * @returns {FileTree}
 */
export function nestFiles(files) {
  /** @type {FileTree} */
  const root = {};
  for (const [path, value] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = root;
    for (const [i, part] of parts.entries()) {
      checkName(part, path);
      if (i === parts.length - 1) {
        if (Object.hasOwn(dir, part)) {
          throw new Error(`gitObjects: ${path} is given twice`);
        }
        dir[part] = typeof value === 'string' ? value : nestFiles(value);
      } else {
        const next = dir[part] ?? (dir[part] = {});
        if (typeof next === 'string') {
          throw new Error(`gitObjects: ${path} needs ${part} to be a directory, but it is a file`);
        }
        dir = next;
      }
    }
  }
  return root;
}

function checkName(name, path) {
  // The names git itself refuses in a tree (fsck: empty, `.`, `..`, `.git`, NUL).
  if (name === '' || name === '.' || name === '..' || name.toLowerCase() === '.git' || name.includes('\0')) {
    throw new Error(`gitObjects: invalid path ${JSON.stringify(path)}`);
  }
}

/**
 * The tree's sha (and its raw 20 bytes). Git sorts entries by name bytes, a directory compared as
 * if its name ended in `/`; tree objects spell the directory mode `40000` (shown as 040000).
 * @param {FileTree} tree
 * @returns {{ sha: string, raw: Buffer }}
 */
export function treeSha(tree) {
  const entries = Object.entries(tree).map(([name, value]) => {
    const isDir = typeof value !== 'string';
    const id = isDir ? treeSha(value).raw : blobId(value);
    return {
      key: Buffer.from(isDir ? `${name}/` : name, 'utf8'),
      head: Buffer.from(`${isDir ? '40000' : '100644'} ${name}\0`, 'utf8'),
      id,
    };
  });
  entries.sort((a, b) => Buffer.compare(a.key, b.key));
  const body = Buffer.concat(entries.flatMap((e) => [e.head, e.id]));
  const raw = sha1(Buffer.concat([Buffer.from(`tree ${body.length}\0`), body]));
  return { sha: raw.toString('hex'), raw };
}

/**
 * The sha of a parentless commit of `files`, authored and committed by DEPLOY_IDENT at `time`.
 * @param {{ files: Record<string, string | FileTree>, time: number, message: string }} input
 *   `time` in whole seconds since the epoch (written as `<time> +0000`); `message` verbatim.
 * @returns {string}
 */
export function commitSha({ files, time, message }) {
  if (!Number.isInteger(time) || time < 0) {
    throw new Error(`gitObjects: commit time must be whole epoch seconds, got ${time}`);
  }
  const ident = `${DEPLOY_IDENT.name} <${DEPLOY_IDENT.email}> ${time} +0000`;
  const body = `tree ${treeSha(nestFiles(files)).sha}\nauthor ${ident}\ncommitter ${ident}\n\n${message}`;
  return sha1(`commit ${Buffer.byteLength(body, 'utf8')}\0${body}`).toString('hex');
}

/**
 * Epoch seconds of a DE4 timestamp (ISO-8601 without zone, read as UTC; fractions dropped).
 * @param {string} iso
 */
export function epochSeconds(iso) {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(iso);
  const ms = m ? Date.parse(`${m[1]}Z`) : NaN;
  if (Number.isNaN(ms)) {
    throw new Error(`gitObjects: not a DE4 timestamp: ${JSON.stringify(iso)}`);
  }
  return Math.floor(ms / 1000);
}

/**
 * Whether DE4 has a deploy for the app: a `gitRevision` with a sha and no error (seed `hr-portal`
 * has none, so it has no repository either).
 * @param {any} app an app in the seed's canonical form
 */
export function isDeployed(app) {
  const rev = app?.analytics?.gitRevision;
  return rev !== null && rev !== undefined && rev.sha1 !== null && rev.sha1 !== undefined && !rev.error;
}

/**
 * The commit DE4 holds for the app's last deploy: its files (appSourceFiles), the time of the last
 * update (or creation) and `Deploy <name>`. Null when the app was never deployed.
 * @param {any} app an app in the seed's canonical form
 * @returns {{ sha: string, files: Record<string, string>, time: number, message: string } | null}
 */
export function deployedCommit(app) {
  if (!isDeployed(app)) {
    return null;
  }
  const stamps = app.analytics.timestamps ?? {};
  const time = epochSeconds(stamps.updated ?? stamps.created);
  const files = appSourceFiles(app);
  const message = `Deploy ${app.name}\n`;
  return { sha: commitSha({ files, time, message }), files, time, message };
}
