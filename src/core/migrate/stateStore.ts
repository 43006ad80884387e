import * as path from 'node:path';
import {
  MigrationStateError,
  parseMigrationState,
  serializeMigrationState,
  type AppMigrationState,
  type MigrationStateFile,
} from '../../shared/migrationState';
import { CoreError } from '../errors';
import type { FileSystem, FileWriter } from '../ports';

/** Where the migration keeps its per-app progress, relative to the work folder. */
export const MIGRATION_STATE_FILE = '.de-migrate/state.json';

/** The migration's memory between runs. Calls are serialised, so concurrent apps never lose each other's updates. */
export interface StateStore {
  load(): Promise<MigrationStateFile>;
  /** Replaces one app's state with `change(current)` and persists the whole file; resolves with the new state. */
  update(app: string, change: (current: AppMigrationState | undefined) => AppMigrationState): Promise<AppMigrationState>;
}

export interface FileStateStoreOptions {
  readonly file: string;
  readonly fs: FileSystem;
  readonly writer: FileWriter;
  /** Stamped into the file on every write: the servers this state belongs to. */
  readonly de4?: string;
  readonly de5?: string;
}

function isMissing(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || /ENOENT|no such file/i.test(err instanceof Error ? err.message : String(err));
}

/**
 * The state as a JSON file written atomically through the FileWriter port. One store per file and
 * process: it keeps the file in memory after the first read and applies changes one at a time, so
 * two apps finishing together both land. An update resolves once a write that holds it is on disk;
 * updates made while a write runs share the next write, so a large fleet does not write once per step.
 */
export class FileStateStore implements StateStore {
  private queue: Promise<unknown> = Promise.resolve();
  private current: MigrationStateFile | undefined;
  /** Changes applied in memory, and how many of them are on disk. */
  private version = 0;
  private written = 0;
  private writing: Promise<void> | undefined;

  constructor(private readonly o: FileStateStoreOptions) {}

  get file(): string {
    return this.o.file;
  }

  load(): Promise<MigrationStateFile> {
    return this.serially(async () => structuredClone(await this.read()));
  }

  async update(app: string, change: (current: AppMigrationState | undefined) => AppMigrationState): Promise<AppMigrationState> {
    const { next, version } = await this.serially(async () => {
      const before = await this.read();
      const changed = change(before.apps[app] === undefined ? undefined : structuredClone(before.apps[app]));
      if (changed.app !== app) {
        throw new CoreError('internal', `A state update for ${app} returned the state of ${changed.app}.`);
      }
      this.current = {
        ...before,
        ...(this.o.de4 !== undefined ? { de4: this.o.de4 } : {}),
        ...(this.o.de5 !== undefined ? { de5: this.o.de5 } : {}),
        apps: { ...before.apps, [app]: changed },
      };
      return { next: changed, version: ++this.version };
    });
    await this.persist(version);
    return structuredClone(next);
  }

  /** Resolves once change `version` is on disk: joins the write in progress, or starts the next one. */
  private async persist(version: number): Promise<void> {
    while (this.written < version) {
      if (!this.writing) {
        const upTo = this.version;
        const text = serializeMigrationState(this.current ?? { schemaVersion: 1, apps: {} });
        this.writing = this.write(text)
          .then(() => {
            this.written = Math.max(this.written, upTo);
          })
          .finally(() => {
            this.writing = undefined;
          });
      }
      await this.writing;
    }
  }

  private async write(text: string): Promise<void> {
    await this.o.writer.mkdir(path.dirname(this.o.file));
    await this.o.writer.writeFileAtomic(this.o.file, new TextEncoder().encode(text));
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    // The queue goes on after a failed task; the caller still sees the failure.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<MigrationStateFile> {
    if (this.current) {
      return this.current;
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.o.fs.readFile(this.o.file);
    } catch (err) {
      if (!isMissing(err)) {
        throw new CoreError('io-failed', `Cannot read the migration state ${this.o.file}: ${String(err)}`, { cause: err });
      }
    }
    if (bytes === undefined) {
      this.current = { schemaVersion: 1, apps: {} };
      return this.current;
    }
    try {
      this.current = parseMigrationState(new TextDecoder().decode(bytes));
    } catch (err) {
      const detail = err instanceof MigrationStateError ? err.message : String(err);
      throw new CoreError('invalid-input', `The migration state ${this.o.file} is damaged: ${detail}`, {
        hint: 'Fix that entry, or move the file away to start the migration over (cloned folders that exist then stop the clone step).',
        cause: err,
      });
    }
    return this.current;
  }
}
