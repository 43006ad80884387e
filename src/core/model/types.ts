import { DEFAULT_DE5_PROFILE, type De5Profile } from '../profile/de5Profile';

/** Zero-based line and UTF-16 character: the editor's own coordinates. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export type FixSafety = 'safe' | 'unsafe';

/** A change to one file. `file` is relative to the app root, with forward slashes. */
export type FileEdit =
  | { readonly kind: 'replace'; readonly file: string; readonly range: Range; readonly newText: string }
  | { readonly kind: 'create'; readonly file: string; readonly content: string; readonly overwrite?: boolean }
  | { readonly kind: 'delete'; readonly file: string };

export interface Fix {
  readonly title: string;
  readonly safety: FixSafety;
  readonly edits: readonly FileEdit[];
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  /** Relative to the app root, forward slashes. */
  readonly file: string;
  readonly range: Range;
  readonly message: string;
  readonly fixes: readonly Fix[];
}

/** What a rule returns; the engine fills in the configured severity. */
export type RuleFinding = Omit<Finding, 'severity' | 'fixes' | 'rule'> & {
  readonly fixes?: readonly Fix[];
  /** Overrides the rule's default severity for this one finding (e.g. info for a softer case). */
  readonly severity?: Severity;
};

export interface SourceFile {
  /** Relative to the app root, forward slashes. */
  readonly path: string;
  /** Decoded text without a BOM. Empty when `skipped` is set. */
  readonly text: string;
  readonly size: number;
  /** Why the text was not read: binary content, not UTF-8, or over the size limit. */
  readonly skipped?: 'binary' | 'encoding' | 'too-large';
}

export type AppKind = 'pip' | 'conda' | 'unknown';

/** Everything the rules may look at for one app, read once through the FileSystem port. */
export interface ProjectSnapshot {
  /** Absolute path of the app root, in the host's form; rules never touch the disk. */
  readonly root: string;
  /** Config files, Python sources and `.git/config`, keyed by relative path. */
  readonly files: ReadonlyMap<string, SourceFile>;
  /** Every file of the app with its size (relative path → bytes), for size rules. */
  readonly sizes: ReadonlyMap<string, number>;
}

/** User/host settings the rules depend on, already normalised. */
export interface CheckOptions {
  /** DE5 host name (no scheme), when the user configured one. */
  readonly de5Host?: string;
  /** Python minor the app will build with on DE5, e.g. "3.10"; equals `profile.pythonDefault.value`. */
  readonly de5PythonDefault: string;
  /** Python minors DE5 supports; equals `profile.pythonSupported.value`. */
  readonly de5PythonSupported: readonly string[];
  /** Every DE5 convention (project.toml keys, URLs), with the user's override merged in. */
  readonly profile: De5Profile;
  /** Files larger than this are reported by `large-data-file`. */
  readonly largeFileBytes: number;
  /**
   * Container paths of the app's DE4 directory mappings (`mounts[].targetDir`), when the app was
   * cloned from a DE4 server; `mapped-directory-path` guesses common roots when this is unset.
   */
  readonly mountTargets?: readonly string[];
}

export const DEFAULT_CHECK_OPTIONS: CheckOptions = Object.freeze({
  de5PythonDefault: DEFAULT_DE5_PROFILE.pythonDefault.value,
  de5PythonSupported: DEFAULT_DE5_PROFILE.pythonSupported.value,
  profile: DEFAULT_DE5_PROFILE,
  largeFileBytes: 100 * 1024 * 1024,
});
