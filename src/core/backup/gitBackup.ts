/** Tags the backup commits get: `de4-original`, then `de4-original-2`, `de4-original-3`, … */
export const BACKUP_TAG = 'de4-original';

/** Lines of the backup commit's message that restore reads back. */
export const APP_LINE = 'de-migrate-app: ';
export const CREATED_LINE = 'de-migrate-created: ';

/** The identity of backup commits: the tool made them, and this works where no user.name is set. */
const IDENTITY: Readonly<Record<string, string>> = Object.freeze({
  GIT_AUTHOR_NAME: 'de-migrate',
  GIT_AUTHOR_EMAIL: 'de-migrate@localhost',
  GIT_COMMITTER_NAME: 'de-migrate',
  GIT_COMMITTER_EMAIL: 'de-migrate@localhost',
});

/** One git command; `{tree}` and `{commit}` in args stand for what earlier steps captured. */
export interface GitStep {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Stores this step's trimmed stdout under the name, for later `{name}` placeholders. */
  readonly capture?: 'tree' | 'commit';
}

export interface GitBackupInput {
  /** Tags that already exist (`git tag --list 'de4-original*'`). */
  readonly existingTags: readonly string[];
  /** A fresh temp file for the scratch index (never the user's index). */
  readonly indexFile: string;
  /** Whether the repository has a commit yet. */
  readonly hasHead: boolean;
  /** The app folder relative to the repository root, forward slashes, '' for the root. */
  readonly appPath: string;
  /** Files the conversion will create, relative to the app, for restore to remove. */
  readonly created: readonly string[];
}

export interface GitBackupPlan {
  readonly tag: string;
  /** Run in the app folder, in order. */
  readonly steps: readonly GitStep[];
}

/** The first of `de4-original`, `de4-original-2`, … that is not taken. */
export function nextTagName(existing: readonly string[]): string {
  const taken = new Set(existing);
  if (!taken.has(BACKUP_TAG)) {
    return BACKUP_TAG;
  }
  for (let n = 2; ; n++) {
    const name = `${BACKUP_TAG}-${n}`;
    if (!taken.has(name)) {
      return name;
    }
  }
}

/** Orders backup tags oldest first: `de4-original`, `de4-original-2`, …; other names are dropped. */
export function sortBackupTags(tags: readonly string[]): string[] {
  const number = (t: string): number => (t === BACKUP_TAG ? 1 : Number(t.slice(BACKUP_TAG.length + 1)));
  return tags.filter((t) => t === BACKUP_TAG || new RegExp(`^${BACKUP_TAG}-[1-9]\\d*$`).test(t)).sort((a, b) => number(a) - number(b));
}

export function backupMessage(appPath: string, created: readonly string[]): string {
  return [
    `DE4 original of ${appPath === '' ? 'the app' : appPath} before de-migrate convert`,
    '',
    `${APP_LINE}${appPath === '' ? '.' : appPath}`,
    ...created.map((f) => `${CREATED_LINE}${f}`),
  ].join('\n');
}

/** What restore needs from a backup commit's message. */
export function parseBackupMessage(message: string): { appPath?: string; created: string[] } {
  const created: string[] = [];
  let appPath: string | undefined;
  for (const raw of message.split(/\r?\n/)) {
    if (raw.startsWith(APP_LINE)) {
      const p = raw.slice(APP_LINE.length).trim();
      appPath = p === '.' ? '' : p;
    } else if (raw.startsWith(CREATED_LINE)) {
      created.push(raw.slice(CREATED_LINE.length).trim());
    }
  }
  return { ...(appPath !== undefined ? { appPath } : {}), created };
}

/**
 * Commits the app's current files (tracked changes and untracked, non-ignored files) without touching
 * the user's index or branch: a scratch index starts from HEAD, takes the app folder's working files,
 * becomes a tree, a commit on top of HEAD, and a tag. Nothing else of the repository changes.
 */
export function planGitBackup(input: GitBackupInput): GitBackupPlan {
  const tag = nextTagName(input.existingTags);
  const scratch = { GIT_INDEX_FILE: input.indexFile };
  const steps: GitStep[] = [];
  if (input.hasHead) {
    steps.push({ args: ['read-tree', 'HEAD'], env: scratch });
  }
  steps.push({ args: ['add', '--all', '--', '.'], env: scratch });
  steps.push({ args: ['write-tree'], env: scratch, capture: 'tree' });
  steps.push({
    args: [
      'commit-tree',
      '--no-gpg-sign',
      ...(input.hasHead ? ['-p', 'HEAD'] : []),
      '-m',
      backupMessage(input.appPath, input.created),
      '{tree}',
    ],
    env: IDENTITY,
    capture: 'commit',
  });
  steps.push({ args: ['tag', tag, '{commit}'] });
  return { tag, steps };
}

/**
 * Puts the tag's version of the app folder back into the working files only (`git restore --worktree`
 * leaves the index alone). Files the conversion created are deleted by the caller.
 */
export function planGitRestore(tag: string): readonly GitStep[] {
  return [{ args: ['restore', `--source=${tag}`, '--worktree', '--', '.'] }];
}
