import * as path from 'node:path';
import { parseDe4Metadata, serializeDe4Metadata, type De4AppMetadataFile } from '../de4/appMetadata';
import { formatDotenv } from '../de4/dotenv';
import { CoreError, errorMessage, throwIfAborted } from '../errors';
import { NULL_LOGGER } from '../ports';
import { DE4_REMOTE, headOf, writeDe4Metadata, type RepoPorts } from './de4Repo';
import { gitFailure } from './gitFailure';
import { de4CloneUrl, isDe4AppName, sshGitEnv, type De4SshTarget, type SshSettings } from './ssh';

/**
 * Back Up App: what Dash Enterprise's own backup leaves out (apps, workspaces, app data): a git
 * bundle of the whole repository, the app's DE4 metadata, and — only when the user opts in — its
 * environment variable values. One folder per backup, with a manifest that restore reads.
 */

export const BACKUP_MANIFEST = 'backup.json';
export const BACKUP_BUNDLE = 'repo.bundle';
export const BACKUP_METADATA = 'de4-app.json';
export const BACKUP_ENV = 'env';
const BACKUP_README = 'RESTORE.md';
const BACKUP_SCHEMA_VERSION = 1;

export interface BackupManifest {
  readonly schemaVersion: number;
  readonly app: string;
  readonly server: string;
  readonly createdAt: string;
  readonly head: string | undefined;
  readonly bundle: string;
  readonly metadata: string;
  /** Set only when the user chose to include values; the file then holds secrets. */
  readonly env?: string;
}

/** Where the repository to bundle comes from: a local checkout, or a fresh mirror from DE4. */
export type BackupSource =
  | { readonly kind: 'folder'; readonly dir: string }
  | { readonly kind: 'de4'; readonly target: De4SshTarget; readonly ssh: SshSettings; readonly scratchDir: string };

export interface BackupInput {
  readonly source: BackupSource;
  readonly metadata: De4AppMetadataFile;
  /** The folder that receives the backup folder. */
  readonly outDir: string;
  /** Values of the app's environment variables; written only when given. */
  readonly envValues?: readonly { readonly name: string; readonly value: string | undefined }[];
  readonly now: Date;
}

export interface BackupResult {
  readonly dir: string;
  readonly manifest: BackupManifest;
}

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-');
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function readme(m: BackupManifest): string {
  return [
    `# Backup of DE4 app ${m.app}`,
    '',
    `From ${m.server}, made ${m.createdAt} by de-migrate.`,
    '',
    `- \`${m.bundle}\`: the whole git repository (every branch and tag${m.head ? `; HEAD ${m.head}` : ''}).`,
    `- \`${m.metadata}\`: the app's DE4 settings: owner, viewers, environment variable names, services, mounts, processes.`,
    m.env
      ? `- \`${m.env}\`: environment variable VALUES. It holds secrets: keep this folder private.`
      : '- Environment variable values were not included.',
    '',
    'Restore: `git clone repo.bundle <folder>` (or Restore App from Backup… in VS Code, or `de-migrate restore-backup`).',
    '',
    'Not in this backup: Redis/Postgres data, mounted-directory data and workspace files. Export those separately.',
    '',
  ].join('\n');
}

async function repositoryToBundle(input: BackupInput, ports: RepoPorts): Promise<{ dir: string; cleanup?: string }> {
  const { source } = input;
  if (source.kind === 'folder') {
    if ((await headOf(source.dir, ports)) === undefined) {
      throw new CoreError('invalid-input', `${source.dir} is not a git repository with a commit.`, {
        hint: 'Link the app to its git checkout, or back it up straight from DE4.',
      });
    }
    return { dir: source.dir };
  }
  const app = input.metadata.source.app;
  const url = de4CloneUrl(source.target, app);
  const env = sshGitEnv(source.ssh);
  const mirror = path.join(source.scratchDir, `${app}.git`);
  await ports.writer.mkdir(source.scratchDir);
  try {
    await ports.git.run(source.scratchDir, ['clone', '--mirror', '--', url, mirror], {
      env,
      ...(ports.signal ? { signal: ports.signal } : {}),
    });
  } catch (err) {
    // A half-made mirror of the app's code must not stay behind in the shared temp folder.
    await ports.writer
      .removeTree?.(source.scratchDir)
      .catch((e: unknown) => (ports.log ?? NULL_LOGGER).debug(`[backup] cleanup of ${source.scratchDir}: ${errorMessage(e)}`));
    throw gitFailure(err, {
      action: `Backing up ${app}`,
      address: `${source.target.user}@${source.target.host}:${source.target.port}`,
      refusedHint:
        'DE4 does not document reading app code back over git. Link your checkout of the app (Link Local Folder…) and back up from it.',
    });
  }
  return { dir: mirror, cleanup: source.scratchDir };
}

/** Makes the backup folder `<outDir>/<app>-de4-backup-<time>/` and returns its manifest. */
export async function backupDe4App(input: BackupInput, ports: RepoPorts): Promise<BackupResult> {
  const log = ports.log ?? NULL_LOGGER;
  const app = input.metadata.source.app;
  // The name comes from the DE4 server and becomes a folder name: `../x` must not leave outDir.
  if (!isDe4AppName(app)) {
    throw new CoreError('invalid-input', `${JSON.stringify(app)} is not a DE4 app name; nothing was backed up.`);
  }
  const dir = path.join(input.outDir, `${app}-de4-backup-${stamp(input.now)}`);
  if ((await ports.fs.stat(dir)) !== undefined) {
    throw new CoreError('invalid-input', `${dir} already exists.`, { hint: 'Wait a second and try again, or pick another folder.' });
  }
  const repo = await repositoryToBundle(input, ports);
  try {
    throwIfAborted(ports.signal);
    await ports.writer.mkdir(dir);
    const bundle = path.join(dir, BACKUP_BUNDLE);
    const run = (args: string[]): Promise<string> => ports.git.run(repo.dir, args, ports.signal ? { signal: ports.signal } : {});
    try {
      await run(['bundle', 'create', bundle, '--all']);
      await run(['bundle', 'verify', bundle]);
    } catch (err) {
      throw gitFailure(err, { action: `Bundling ${app}` });
    }
    const manifest: BackupManifest = {
      schemaVersion: BACKUP_SCHEMA_VERSION,
      app,
      server: input.metadata.source.server,
      createdAt: input.now.toISOString(),
      head: await headOf(repo.dir, ports),
      bundle: BACKUP_BUNDLE,
      metadata: BACKUP_METADATA,
      ...(input.envValues ? { env: BACKUP_ENV } : {}),
    };
    await ports.writer.writeFileAtomic(path.join(dir, BACKUP_METADATA), encode(serializeDe4Metadata(input.metadata)));
    if (input.envValues) {
      const header = `Environment variables of DE4 app ${app} (${manifest.server}), ${manifest.createdAt}. SECRET: keep private.`;
      await ports.writer.writeFileAtomic(path.join(dir, BACKUP_ENV), encode(formatDotenv(input.envValues, { header })), { mode: 0o600 });
    }
    await ports.writer.writeFileAtomic(path.join(dir, BACKUP_README), encode(readme(manifest)));
    // The manifest last: a folder without one is an unfinished backup that restore refuses.
    await ports.writer.writeFileAtomic(path.join(dir, BACKUP_MANIFEST), encode(`${JSON.stringify(manifest, null, 2)}\n`));
    log.info(`[backup] ${app} backed up to ${dir}${input.envValues ? ' (with environment variable values)' : ''}`);
    return { dir, manifest };
  } catch (err) {
    await ports.writer.removeTree?.(dir).catch((e: unknown) => log.debug(`[backup] cleanup of ${dir}: ${errorMessage(e)}`));
    throw err;
  } finally {
    if (repo.cleanup) {
      await ports.writer
        .removeTree?.(repo.cleanup)
        .catch((e: unknown) => log.debug(`[backup] cleanup of ${repo.cleanup}: ${errorMessage(e)}`));
    }
  }
}

function invalidBackup(dir: string, why: string): CoreError {
  return new CoreError('invalid-input', `${dir} is not a complete de-migrate backup: ${why}.`, {
    hint: 'Pick the folder Back Up App… created (it holds backup.json and repo.bundle).',
  });
}

export async function readBackupManifest(dir: string, ports: Pick<RepoPorts, 'fs'>): Promise<BackupManifest> {
  let text: string;
  try {
    text = new TextDecoder().decode(await ports.fs.readFile(path.join(dir, BACKUP_MANIFEST)));
  } catch {
    throw invalidBackup(dir, `${BACKUP_MANIFEST} is missing`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalidBackup(dir, `${BACKUP_MANIFEST} is not JSON`);
  }
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const str = (k: string): string => {
    const v = o[k];
    if (typeof v !== 'string' || v === '' || (k !== 'server' && k !== 'createdAt' && k !== 'app' && /[\\/]/.test(v))) {
      throw invalidBackup(dir, `${BACKUP_MANIFEST} has no valid "${k}"`);
    }
    return v;
  };
  const head = o['head'];
  return {
    schemaVersion: typeof o['schemaVersion'] === 'number' ? o['schemaVersion'] : 0,
    app: str('app'),
    server: str('server'),
    createdAt: str('createdAt'),
    head: typeof head === 'string' ? head : undefined,
    bundle: str('bundle'),
    metadata: str('metadata'),
    ...(typeof o['env'] === 'string' ? { env: str('env') } : {}),
  };
}

/**
 * Restores a backup: clones the bundle into `dest` (a new folder) and puts the metadata back as
 * `.de-migrate/de4-app.json`. Environment values are never copied into the app folder.
 */
export async function restoreDe4Backup(
  backupDir: string,
  dest: string,
  ports: RepoPorts,
): Promise<{ readonly dir: string; readonly head: string | undefined; readonly manifest: BackupManifest }> {
  const manifest = await readBackupManifest(backupDir, ports);
  const bundle = path.join(backupDir, manifest.bundle);
  if ((await ports.fs.stat(bundle)) === undefined) {
    throw invalidBackup(backupDir, `${manifest.bundle} is missing`);
  }
  if ((await ports.fs.stat(dest)) !== undefined) {
    throw new CoreError('invalid-input', `${dest} already exists.`, { hint: 'Pick a folder that does not exist yet.' });
  }
  await ports.writer.mkdir(path.dirname(dest));
  try {
    await ports.git.run(
      path.dirname(dest),
      ['clone', '--origin', `${DE4_REMOTE}-backup`, '--', bundle, dest],
      ports.signal ? { signal: ports.signal } : {},
    );
  } catch (err) {
    await ports.writer.removeTree?.(dest).catch(() => undefined);
    throw gitFailure(err, { action: `Restoring ${manifest.app}` });
  }
  try {
    const meta = parseDe4Metadata(new TextDecoder().decode(await ports.fs.readFile(path.join(backupDir, manifest.metadata))));
    await writeDe4Metadata(dest, meta, ports);
  } catch (err) {
    // The code is back; a damaged metadata file only loses the DE4 facts, so it is a warning.
    (ports.log ?? NULL_LOGGER).warn(`[backup] ${manifest.metadata} of ${backupDir} was not restored: ${errorMessage(err)}`);
  }
  return { dir: dest, head: await headOf(dest, ports), manifest };
}
