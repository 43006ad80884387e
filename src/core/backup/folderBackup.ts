/** Backups outside git live here, under the app; the folder ignores itself for git. */
export const BACKUP_ROOT = '.de-migrate';
export const BACKUP_DIR = `${BACKUP_ROOT}/backup`;
export const MANIFEST = 'de-migrate-backup.json';

/** `.de-migrate/.gitignore`: ignore everything in the folder, itself included. */
export const BACKUP_GITIGNORE = { path: `${BACKUP_ROOT}/.gitignore`, content: '*\n' } as const;

export interface BackupManifest {
  readonly version: 1;
  /** ISO time of the backup. */
  readonly time: string;
  /** Every copied file, relative to the app, forward slashes. */
  readonly files: readonly string[];
  /** Files the conversion creates, for restore to remove. */
  readonly created: readonly string[];
}

/** An ISO time usable as a folder name everywhere (no colons): `2024-05-01T12-30-00.000Z`. */
export function backupFolderName(time: Date): string {
  return time.toISOString().replace(/:/g, '-');
}

export interface FolderBackupPlan {
  /** Relative to the app. */
  readonly folder: string;
  readonly copies: readonly { readonly from: string; readonly to: string }[];
  readonly manifest: BackupManifest;
}

/** Copies of the given app files into `.de-migrate/backup/<time>/`, plus the manifest restore reads. */
export function planFolderBackup(files: readonly string[], created: readonly string[], time: Date): FolderBackupPlan {
  const folder = `${BACKUP_DIR}/${backupFolderName(time)}`;
  const sorted = [...files].sort();
  return {
    folder,
    copies: sorted.map((f) => ({ from: f, to: `${folder}/${f}` })),
    manifest: { version: 1, time: time.toISOString(), files: sorted, created: [...created].sort() },
  };
}

/** Reads a manifest written by planFolderBackup; undefined when it is not one. */
export function parseManifest(text: string): BackupManifest | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) {
    return undefined;
  }
  const o = v as Record<string, unknown>;
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string' && isSafeRelative(s));
  if (o['version'] !== 1 || typeof o['time'] !== 'string' || !strings(o['files']) || !strings(o['created'])) {
    return undefined;
  }
  return { version: 1, time: o['time'], files: o['files'], created: o['created'] };
}

/** A relative path that stays inside the app: restore never writes or deletes outside it. */
export function isSafeRelative(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).some((s) => s === '..' || s === '');
}

/** The newest of the backup folder names (they sort by time). */
export function newestBackup(names: readonly string[]): string | undefined {
  return [...names]
    .filter((n) => /^\d{4}-\d\d-\d\dT/.test(n))
    .sort()
    .pop();
}
