import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { SKIPPED_DIRS, VIRTUALENV_MARKER } from '../discovery/appMarkers';
import { CoreError, errorMessage, isCancellation, throwIfAborted } from '../errors';
import type { FileSystem, FileWriter, GitRunner, Logger } from '../ports';
import { NULL_LOGGER } from '../ports';
import { BACKUP_DIR, BACKUP_GITIGNORE, MANIFEST, isSafeRelative, newestBackup, parseManifest, planFolderBackup } from './folderBackup';
import { BACKUP_TAG, parseBackupMessage, planGitBackup, planGitRestore, sortBackupTags, type GitStep } from './gitBackup';

export interface BackupPorts {
  readonly fs: FileSystem;
  readonly writer: FileWriter;
  readonly git: GitRunner;
  readonly log?: Logger;
  readonly signal?: AbortSignal;
  /** The clock, for the backup folder's name. */
  readonly now?: () => Date;
}

export type Backup = { readonly kind: 'git-tag'; readonly name: string } | { readonly kind: 'folder'; readonly path: string };

export interface RestoreResult {
  readonly from: Backup;
  /** Files the conversion had created, now deleted (relative to the app). */
  readonly deleted: readonly string[];
}

function rel(p: string): string[] {
  return p.split('/');
}

/** The app folder relative to its git repository's root ('' at the root), or undefined outside git. */
export async function gitPrefixOf(root: string, ports: Pick<BackupPorts, 'git' | 'log' | 'signal'>): Promise<string | undefined> {
  try {
    const out = await ports.git.run(root, ['rev-parse', '--show-prefix'], ports.signal ? { signal: ports.signal } : {});
    return out.trim().replace(/\/$/, '');
  } catch (err) {
    // Not a repository (or no git at all): the folder backup takes over.
    (ports.log ?? NULL_LOGGER).debug(`[backup] not a git repository at ${root}: ${errorMessage(err)}`);
    return undefined;
  }
}

/**
 * Uncommitted changes (tracked or untracked, not ignored) inside the app folder, as `git status
 * --porcelain` lines. `.de-migrate/` is this tool's own state (the DE4 metadata a clone saves, folder
 * backups), so it never makes a fresh clone count as dirty.
 */
export async function uncommittedChanges(root: string, ports: Pick<BackupPorts, 'git' | 'signal'>): Promise<string[]> {
  const out = await ports.git.run(
    root,
    ['status', '--porcelain', '--untracked-files=all', '--', '.', ':(exclude).de-migrate'],
    ports.signal ? { signal: ports.signal } : {},
  );
  return out.split('\n').filter((l) => l.trim() !== '');
}

async function runSteps(root: string, steps: readonly GitStep[], ports: BackupPorts): Promise<void> {
  const captured: Record<string, string> = {};
  for (const step of steps) {
    throwIfAborted(ports.signal);
    const args = step.args.map((a) => a.replace(/\{(tree|commit)\}/g, (m, name: string) => captured[name] ?? m));
    const out = await ports.git.run(root, args, {
      ...(step.env ? { env: step.env } : {}),
      ...(ports.signal ? { signal: ports.signal } : {}),
    });
    if (step.capture) {
      captured[step.capture] = out.trim();
    }
  }
}

/**
 * Keeps the app's current state before the first change: a `de4-original` tag in git (the user's index
 * and branch untouched), otherwise a copy under `.de-migrate/backup/<time>/`.
 * `created`: files the conversion will create, so restore can remove them.
 */
export async function backupApp(root: string, created: readonly string[], ports: BackupPorts): Promise<Backup> {
  const prefix = await gitPrefixOf(root, ports);
  if (prefix !== undefined) {
    return gitBackup(root, prefix, created, ports);
  }
  return folderBackup(root, created, ports);
}

async function gitBackup(root: string, prefix: string, created: readonly string[], ports: BackupPorts): Promise<Backup> {
  const signal = ports.signal ? { signal: ports.signal } : {};
  const tags = (await ports.git.run(root, ['tag', '--list', `${BACKUP_TAG}*`], signal)).split('\n').map((t) => t.trim());
  let hasHead = true;
  try {
    await ports.git.run(root, ['rev-parse', '--verify', '--quiet', 'HEAD'], signal);
  } catch (err) {
    (ports.log ?? NULL_LOGGER).debug(`[backup] no commit yet: ${errorMessage(err)}`);
    hasHead = false;
  }
  const gitDir = (await ports.git.run(root, ['rev-parse', '--absolute-git-dir'], signal)).trim();
  const indexFile = path.join(gitDir, `de-migrate-${randomUUID()}.index`);
  const plan = planGitBackup({ existingTags: tags, indexFile, hasHead, appPath: prefix, created });
  try {
    await runSteps(root, plan.steps, ports);
  } catch (err) {
    throw new CoreError('io-failed', `Could not make the backup tag ${plan.tag}: ${errorMessage(err)}`, {
      hint: 'Nothing was changed. Commit your work and try again, or run with --force outside git.',
      cause: err,
    });
  } finally {
    // A scratch index left in .git harms nothing; failing here would hide the backup's own outcome.
    await ports.writer.deleteFile(indexFile).catch((err: unknown) => {
      (ports.log ?? NULL_LOGGER).warn(`[backup] could not remove the scratch index ${indexFile}: ${errorMessage(err)}`);
    });
  }
  return { kind: 'git-tag', name: plan.tag };
}

async function folderBackup(root: string, created: readonly string[], ports: BackupPorts): Promise<Backup> {
  const files = await listAppFiles(ports.fs, root, ports.signal);
  const plan = planFolderBackup(files, created, (ports.now ?? (() => new Date()))());
  const abs = (p: string): string => path.join(root, ...rel(p));
  try {
    await ports.writer.mkdir(abs(BACKUP_DIR));
    if (!(await ports.fs.stat(abs(BACKUP_GITIGNORE.path)))) {
      await ports.writer.writeFileAtomic(abs(BACKUP_GITIGNORE.path), new TextEncoder().encode(BACKUP_GITIGNORE.content));
    }
    for (const c of plan.copies) {
      throwIfAborted(ports.signal);
      await ports.writer.mkdir(path.dirname(abs(c.to)));
      await ports.writer.writeFileAtomic(abs(c.to), await ports.fs.readFile(abs(c.from)));
    }
    // Written last: a folder without it is an unfinished backup, which restore passes over.
    await ports.writer.writeFileAtomic(
      abs(`${plan.folder}/${MANIFEST}`),
      new TextEncoder().encode(JSON.stringify(plan.manifest, null, 2) + '\n'),
    );
  } catch (err) {
    await ports.writer.removeTree?.(abs(plan.folder)).catch((cleanup: unknown) => {
      (ports.log ?? NULL_LOGGER).warn(`[backup] could not remove the unfinished backup ${plan.folder}: ${errorMessage(cleanup)}`);
    });
    if (isCancellation(err)) {
      throw err;
    }
    throw new CoreError('io-failed', `Could not make the backup ${plan.folder}: ${errorMessage(err)}`, {
      hint: 'Nothing was changed. Free some disk space or fix the folder permissions, then try again.',
      cause: err,
    });
  }
  return { kind: 'folder', path: plan.folder };
}

/** Every file of the app (relative, forward slashes), without tool folders, virtualenvs and the backups. */
export async function listAppFiles(fs: FileSystem, root: string, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    throwIfAborted(signal);
    const entries = await fs.readDirectory(dir);
    if (prefix !== '' && entries.some((e) => e.name === VIRTUALENV_MARKER)) {
      return;
    }
    for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const relPath = prefix === '' ? e.name : `${prefix}/${e.name}`;
      if (e.type === 'directory' && !SKIPPED_DIRS.has(e.name)) {
        await walk(path.join(dir, e.name), relPath);
      } else if (e.type === 'file') {
        out.push(relPath);
      }
    }
  };
  await walk(root, '');
  return out;
}

/**
 * Removes a backup that turned out not to be needed (the user discarded the conversion preview), so
 * the next conversion keeps the app's state afresh and restore never lands on a redundant copy.
 */
export async function discardBackup(root: string, backup: Backup, ports: BackupPorts): Promise<void> {
  if (backup.kind === 'git-tag') {
    await ports.git.run(root, ['tag', '-d', backup.name], ports.signal ? { signal: ports.signal } : {});
    return;
  }
  if (!ports.writer.removeTree) {
    throw new CoreError('internal', `Cannot remove the unused backup ${backup.path}: the file writer cannot delete folders.`);
  }
  await ports.writer.removeTree(path.join(root, ...rel(backup.path)));
}

/** Where restore takes the original from: a tag, a backup folder (absolute), or the newest backup when omitted. */
export type RestoreSource = { readonly tag: string } | { readonly folder: string };

/** Brings back the DE4 original: the working files from the backup, and the conversion's new files removed. */
export async function restoreApp(root: string, from: RestoreSource | undefined, ports: BackupPorts): Promise<RestoreResult> {
  if (from && 'folder' in from) {
    return restoreFolder(root, from.folder, ports);
  }
  const prefix = await gitPrefixOf(root, ports);
  if (prefix !== undefined) {
    const tag = from?.tag ?? (await newestTagFor(root, prefix, ports));
    if (tag) {
      return restoreTag(root, tag, ports);
    }
  } else if (from) {
    throw new CoreError('invalid-input', `${root} is not in a git repository, so there is no tag ${from.tag} to restore.`);
  }
  const names = await ports.fs.readDirectory(path.join(root, ...rel(BACKUP_DIR))).catch(() => []);
  const complete: string[] = [];
  for (const e of names.filter((n) => n.type === 'directory')) {
    // A backup cut short (no manifest) must not hide the complete one before it.
    if (await ports.fs.stat(path.join(root, ...rel(BACKUP_DIR), e.name, MANIFEST))) {
      complete.push(e.name);
    }
  }
  const newest = newestBackup(complete);
  if (!newest) {
    throw new CoreError('not-found', `No de-migrate backup found for ${root}.`, {
      hint: `Backups are the git tag ${BACKUP_TAG} or a folder under ${BACKUP_DIR}.`,
    });
  }
  return restoreFolder(root, path.join(root, ...rel(BACKUP_DIR), newest), ports);
}

/** The newest backup tag made for this app folder (the message names it), so apps sharing a repository keep theirs. */
async function newestTagFor(root: string, prefix: string, ports: BackupPorts): Promise<string | undefined> {
  const signal = ports.signal ? { signal: ports.signal } : {};
  const tags = sortBackupTags((await ports.git.run(root, ['tag', '--list', `${BACKUP_TAG}*`], signal)).split('\n').map((t) => t.trim()));
  for (const tag of tags.reverse()) {
    const message = await ports.git.run(root, ['log', '-1', '--format=%B', `refs/tags/${tag}`, '--'], signal);
    if (parseBackupMessage(message).appPath === prefix) {
      return tag;
    }
  }
  return undefined;
}

async function restoreTag(root: string, tag: string, ports: BackupPorts): Promise<RestoreResult> {
  const signal = ports.signal ? { signal: ports.signal } : {};
  let message: string;
  try {
    message = await ports.git.run(root, ['log', '-1', '--format=%B', `refs/tags/${tag}`, '--'], signal);
  } catch (err) {
    throw new CoreError('not-found', `There is no tag ${tag} in this repository.`, { cause: err });
  }
  await runSteps(root, planGitRestore(tag), ports);
  const deleted: string[] = [];
  for (const f of parseBackupMessage(message).created.filter(isSafeRelative)) {
    if (await ports.fs.stat(path.join(root, ...rel(f)))) {
      await ports.writer.deleteFile(path.join(root, ...rel(f)));
      deleted.push(f);
    }
  }
  return { from: { kind: 'git-tag', name: tag }, deleted };
}

async function restoreFolder(root: string, folder: string, ports: BackupPorts): Promise<RestoreResult> {
  let text: string;
  try {
    text = new TextDecoder().decode(await ports.fs.readFile(path.join(folder, MANIFEST)));
  } catch (err) {
    throw new CoreError('not-found', `${folder} is not a de-migrate backup (it has no ${MANIFEST}).`, { cause: err });
  }
  const manifest = parseManifest(text);
  if (!manifest) {
    throw new CoreError('invalid-input', `${path.join(folder, MANIFEST)} is damaged; restore the files by hand from ${folder}.`);
  }
  for (const f of manifest.files) {
    throwIfAborted(ports.signal);
    const target = path.join(root, ...rel(f));
    await ports.writer.mkdir(path.dirname(target));
    await ports.writer.writeFileAtomic(target, await ports.fs.readFile(path.join(folder, ...rel(f))));
  }
  const kept = new Set(manifest.files);
  const deleted: string[] = [];
  for (const f of manifest.created.filter((c) => !kept.has(c))) {
    if (await ports.fs.stat(path.join(root, ...rel(f)))) {
      await ports.writer.deleteFile(path.join(root, ...rel(f)));
      deleted.push(f);
    }
  }
  return { from: { kind: 'folder', path: path.relative(root, folder).split(path.sep).join('/') }, deleted };
}
