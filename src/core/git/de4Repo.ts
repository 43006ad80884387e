import * as path from 'node:path';
import { DE4_METADATA_FILE, serializeDe4Metadata, type De4AppMetadataFile } from '../de4/appMetadata';
import { CoreError, errorMessage, throwIfAborted } from '../errors';
import type { FileSystem, FileWriter, GitRunner, Logger } from '../ports';
import { NULL_LOGGER } from '../ports';
import { gitFailure } from './gitFailure';
import { de4CloneUrl, sshGitEnv, type De4SshTarget, type SshSettings } from './ssh';

export interface RepoPorts {
  readonly fs: FileSystem;
  readonly writer: FileWriter;
  readonly git: GitRunner;
  readonly log?: Logger;
  readonly signal?: AbortSignal;
}

/** The remote name a DE4 clone gets: `plotly` is DE5's deploy remote (reference §3.9), so not that. */
export const DE4_REMOTE = 'de4';

/** Reading code back from DE4 is not documented (reference §2.1), so a refusal points elsewhere. */
const REFUSED_HINT =
  'DE4 does not document reading app code back over git. If you have a checkout of the app, use Link Local Folder… instead.';

function opts(ports: RepoPorts, env?: Record<string, string>): { env?: Record<string, string>; signal?: AbortSignal } {
  return { ...(env ? { env } : {}), ...(ports.signal ? { signal: ports.signal } : {}) };
}

async function requireAbsent(dir: string, ports: RepoPorts): Promise<void> {
  if ((await ports.fs.stat(dir)) !== undefined) {
    throw new CoreError('invalid-input', `${dir} already exists.`, { hint: 'Pick another folder, or remove that one first.' });
  }
}

/** Writes `.de-migrate/de4-app.json` into an app folder (atomic; names only, never values). */
export async function writeDe4Metadata(appDir: string, meta: De4AppMetadataFile, ports: Pick<RepoPorts, 'writer'>): Promise<string> {
  const file = path.join(appDir, ...DE4_METADATA_FILE.split('/'));
  await ports.writer.mkdir(path.dirname(file));
  await ports.writer.writeFileAtomic(file, new TextEncoder().encode(serializeDe4Metadata(meta)));
  return file;
}

export interface CloneInput {
  readonly target: De4SshTarget;
  readonly ssh: SshSettings;
  readonly app: string;
  /** The folder to create; must not exist. */
  readonly dest: string;
  /** Saved into the clone as `.de-migrate/de4-app.json`, when known. */
  readonly metadata?: De4AppMetadataFile;
}

/** `git clone` of a DE4 app over SSH into `dest`, plus its metadata file. Returns the clone's HEAD. */
export async function cloneDe4App(
  input: CloneInput,
  ports: RepoPorts,
): Promise<{ readonly dir: string; readonly head: string | undefined }> {
  const log = ports.log ?? NULL_LOGGER;
  const url = de4CloneUrl(input.target, input.app);
  const env = sshGitEnv(input.ssh);
  await requireAbsent(input.dest, ports);
  const parent = path.dirname(input.dest);
  await ports.writer.mkdir(parent);
  log.info(`[git] cloning ${url} into ${input.dest}`);
  try {
    await ports.git.run(parent, ['clone', '--origin', DE4_REMOTE, '--', url, input.dest], opts(ports, env));
  } catch (err) {
    // git removes a half-made clone itself; this covers a kill mid-way (cancellation).
    await ports.writer.removeTree?.(input.dest).catch((e: unknown) => log.debug(`[git] cleanup of ${input.dest}: ${errorMessage(e)}`));
    throw gitFailure(err, {
      action: `Cloning ${input.app}`,
      address: `${input.target.user}@${input.target.host}:${input.target.port}`,
      refusedHint: REFUSED_HINT,
    });
  }
  if (input.metadata) {
    await writeDe4Metadata(input.dest, input.metadata, ports);
  }
  return { dir: input.dest, head: await headOf(input.dest, ports) };
}

/** The commit checked out in `dir`, or undefined when it is not a repository or has no commit. */
export async function headOf(dir: string, ports: Pick<RepoPorts, 'git' | 'log' | 'signal'>): Promise<string | undefined> {
  try {
    return (
      (
        await ports.git.run(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], ports.signal ? { signal: ports.signal } : {})
      ).trim() || undefined
    );
  } catch (err) {
    (ports.log ?? NULL_LOGGER).debug(`[git] no HEAD in ${dir}: ${errorMessage(err)}`);
    return undefined;
  }
}

/** How a local checkout relates to the commit DE4 last deployed. */
export type DeployedComparison =
  | { readonly kind: 'same'; readonly head: string }
  /** The deployed commit is in HEAD's history: local work on top of it. */
  | { readonly kind: 'ahead'; readonly head: string; readonly deployed: string; readonly commits: number }
  /** HEAD is older than the deployed commit: migrating it would lose deployed changes. */
  | { readonly kind: 'behind'; readonly head: string; readonly deployed: string; readonly commits: number }
  | { readonly kind: 'diverged'; readonly head: string; readonly deployed: string }
  /** The deployed commit is not in this repository (never fetched, or another history). */
  | { readonly kind: 'unknown-deployed'; readonly head: string; readonly deployed: string }
  | { readonly kind: 'no-deploy-info'; readonly head: string }
  | { readonly kind: 'not-git' };

async function countBetween(dir: string, range: string, ports: Pick<RepoPorts, 'git' | 'signal'>): Promise<number> {
  const out = await ports.git.run(dir, ['rev-list', '--count', range], ports.signal ? { signal: ports.signal } : {});
  return Number.parseInt(out.trim(), 10) || 0;
}

/** Compares `dir`'s HEAD with the deployed sha the DE4 API reports (`analytics.gitRevision.sha1`). */
export async function compareWithDeployed(
  dir: string,
  deployed: string | undefined,
  ports: Pick<RepoPorts, 'git' | 'log' | 'signal'>,
): Promise<DeployedComparison> {
  const head = await headOf(dir, ports);
  if (head === undefined) {
    return { kind: 'not-git' };
  }
  if (deployed === undefined || !/^[0-9a-f]{7,40}$/i.test(deployed)) {
    return { kind: 'no-deploy-info', head };
  }
  const d = deployed.toLowerCase();
  if (head.startsWith(d)) {
    return { kind: 'same', head };
  }
  throwIfAborted(ports.signal);
  // `cat-file -t` prints the type, so a missing object shows as no output even where an exit code is lost.
  const type = await ports.git.run(dir, ['cat-file', '-t', d], ports.signal ? { signal: ports.signal } : {}).then(
    (out) => out.trim(),
    () => '',
  );
  if (type !== 'commit') {
    return { kind: 'unknown-deployed', head, deployed: d };
  }
  // merge-base prints the common ancestor; an exit code alone is not enough (git runners may drop it).
  const full = (await ports.git.run(dir, ['rev-parse', '--verify', `${d}^{commit}`], ports.signal ? { signal: ports.signal } : {})).trim();
  const base = await ports.git.run(dir, ['merge-base', full, head], ports.signal ? { signal: ports.signal } : {}).then(
    (out) => out.trim(),
    () => '',
  );
  if (base === full) {
    return { kind: 'ahead', head, deployed: full, commits: await countBetween(dir, `${full}..${head}`, ports) };
  }
  if (base === head) {
    return { kind: 'behind', head, deployed: full, commits: await countBetween(dir, `${head}..${full}`, ports) };
  }
  return { kind: 'diverged', head, deployed: full };
}
