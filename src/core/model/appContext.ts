import { DE4_METADATA_FILE, type De4AppMetadataFile } from '../de4/appMetadata';
import { readDe4MetadataFile } from '../de4/metadataFile';
import type { CoreError } from '../errors';
import type { ParseResult } from './parseResult';
import type { AppKind, ProjectSnapshot, SourceFile } from './types';

type Parser<T> = (text: string) => ParseResult<T>;

/**
 * Read-only view of one app for the rules: file lookup plus per-file parse results memoised per
 * parser, so ten rules reading requirements.txt parse it once.
 */
export class AppContext {
  private readonly memo = new Map<Parser<unknown>, Map<string, ParseResult<unknown>>>();

  constructor(readonly snapshot: ProjectSnapshot) {}

  /** A readable text file of the app, or undefined when missing or skipped (binary, too large…). */
  file(path: string): SourceFile | undefined {
    const f = this.snapshot.files.get(path);
    return f && !f.skipped ? f : undefined;
  }

  /** Whether the app holds the file at all (readable or not). */
  has(path: string): boolean {
    return this.snapshot.files.has(path) || this.snapshot.sizes.has(path);
  }

  /** The first of the given names that the app has as a readable file. */
  firstFile(...paths: string[]): SourceFile | undefined {
    for (const p of paths) {
      const f = this.file(p);
      if (f) {
        return f;
      }
    }
    return undefined;
  }

  parse<T>(path: string, parser: Parser<T>): ParseResult<T> | undefined {
    const f = this.file(path);
    if (!f) {
      return undefined;
    }
    let byPath = this.memo.get(parser);
    if (!byPath) {
      byPath = new Map();
      this.memo.set(parser, byPath);
    }
    let r = byPath.get(path) as ParseResult<T> | undefined;
    if (!r) {
      r = parser(f.text);
      byPath.set(path, r);
    }
    return r;
  }

  /**
   * `.de-migrate/de4-app.json`, written when the app was cloned, linked or backed up from a DE4
   * server: the checked metadata, or the error that makes it unusable (`parse-error` reports it).
   * Empty when the app has no readable metadata file. Parsed once, like every `parse`.
   */
  de4Metadata(): { meta?: De4AppMetadataFile; error?: CoreError; file?: SourceFile } {
    const file = this.file(DE4_METADATA_FILE);
    const read = file ? this.parse(DE4_METADATA_FILE, readDe4MetadataFile)?.value : undefined;
    return file && read ? { ...read, file } : {};
  }

  /** Readable Python sources of the app (relative paths ending in .py), in path order. */
  pythonFiles(): SourceFile[] {
    return [...this.snapshot.files.values()]
      .filter((f) => f.path.endsWith('.py') && !f.skipped)
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * pip, conda or unknown. DE5 picks conda only from environment.yml; DE4 from conda-requirements.txt
   * (+ conda-runtime.txt). Either marks the app as conda: that is what its author meant.
   */
  get kind(): AppKind {
    if (this.has('environment.yml') || this.has('environment.yaml') || this.has('conda-requirements.txt')) {
      return 'conda';
    }
    if (this.has('requirements.txt') || this.has('runtime.txt') || this.has('app.py') || this.has('index.py')) {
      return 'pip';
    }
    return 'unknown';
  }
}
