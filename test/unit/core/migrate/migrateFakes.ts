// Fakes for the migration engine's tests: steps that log their calls and fail or stall on demand, and
// an in-memory file store behind the real FileStateStore whose writes yield, so queued updates interleave.
import { CoreError } from '../../../../src/core/errors';
import type { AppContext, CloneContext, MigrationAction, MigrationSteps } from '../../../../src/core/migrate/machine';
import { FileStateStore } from '../../../../src/core/migrate/stateStore';
import type { DirEntry, FileStat, FileSystem, FileWriter } from '../../../../src/core/ports';
import { parseMigrationState, type MigrationStateFile } from '../../../../src/shared/migrationState';

export const STATE_FILE = '/srv/apps/.de-migrate/state.json';

/** One file system in memory, readable through FileSystem and written through FileWriter. */
export class MemoryFiles implements FileSystem, FileWriter {
  readonly files = new Map<string, Uint8Array>();
  writes = 0;
  /** Makes every write from now on reject. */
  failWrites = false;

  readDirectory(): Promise<readonly DirEntry[]> {
    return Promise.resolve([]);
  }

  readFile(path: string): Promise<Uint8Array> {
    const data = this.files.get(path);
    return data ? Promise.resolve(data) : Promise.reject(Object.assign(new Error(`ENOENT: no such file, ${path}`), { code: 'ENOENT' }));
  }

  stat(path: string): Promise<FileStat | undefined> {
    const data = this.files.get(path);
    return Promise.resolve(data ? { type: 'file', size: data.length } : undefined);
  }

  async writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
    // A real write takes time: other updates get the chance to run in between, if nothing queues them.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failWrites) {
      throw new Error('EIO: disk on fire');
    }
    this.files.set(path, new Uint8Array(data));
    this.writes++;
  }

  deleteFile(path: string): Promise<void> {
    this.files.delete(path);
    return Promise.resolve();
  }

  mkdir(): Promise<void> {
    return Promise.resolve();
  }

  text(path: string): string {
    const data = this.files.get(path);
    if (!data) {
      throw new Error(`${path} was never written`);
    }
    return new TextDecoder().decode(data);
  }

  /** The state file as written (not as the store caches it). */
  state(): MigrationStateFile {
    return parseMigrationState(this.text(STATE_FILE));
  }
}

export function memoryStore(files = new MemoryFiles()): { files: MemoryFiles; store: FileStateStore } {
  return { files, store: new FileStateStore({ file: STATE_FILE, fs: files, writer: files, de4: 'https://de4.test', de5: 'de5.test' }) };
}

export interface StepCall {
  readonly app: string;
  readonly action: MigrationAction;
  readonly dir?: string;
  readonly sha?: string;
}

/**
 * Steps that record each call. `failAt(app, action)` makes that action throw (until `heal`), `onCall`
 * runs inside each call (to abort a signal or count what is in flight), `delayMs` makes each call take time.
 */
export class FakeSteps implements MigrationSteps {
  readonly calls: StepCall[] = [];
  private readonly failures = new Map<string, () => Error>();
  delayMs = 0;
  onCall?: (call: StepCall, phase: 'enter' | 'leave') => void;

  failAt(
    app: string,
    action: MigrationAction,
    error: () => Error = () => new CoreError('remote-rejected', `${action} refused`, { hint: 'Ask the admin.' }),
  ): void {
    this.failures.set(`${app}/${action}`, error);
  }

  heal(app: string, action: MigrationAction): void {
    this.failures.delete(`${app}/${action}`);
  }

  log(app?: string): string[] {
    return this.calls.filter((c) => app === undefined || c.app === app).map((c) => `${c.app}:${c.action}`);
  }

  private async call(action: MigrationAction, ctx: CloneContext & { dir?: string; sha?: string }): Promise<void> {
    const call: StepCall = {
      app: ctx.app,
      action,
      ...(ctx.dir !== undefined ? { dir: ctx.dir } : {}),
      ...(ctx.sha !== undefined ? { sha: ctx.sha } : {}),
    };
    this.calls.push(call);
    this.onCall?.(call, 'enter');
    try {
      if (this.delayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      }
      if (ctx.signal?.aborted) {
        throw new CoreError('cancelled', 'The operation was cancelled.');
      }
      const failure = this.failures.get(`${ctx.app}/${action}`);
      if (failure) {
        throw failure();
      }
    } finally {
      this.onCall?.(call, 'leave');
    }
  }

  async clone(ctx: CloneContext): Promise<{ dir: string; sha: string }> {
    await this.call('clone', ctx);
    return { dir: `/srv/apps/${ctx.app}`, sha: `de4-${ctx.app}` };
  }

  async convert(ctx: AppContext): Promise<{ sha: string }> {
    await this.call('convert', ctx);
    return { sha: `converted-${ctx.app}` };
  }

  async create(ctx: AppContext): Promise<void> {
    await this.call('create', ctx);
  }

  async push(ctx: AppContext): Promise<{ sha: string }> {
    await this.call('push', ctx);
    return { sha: `pushed-${ctx.app}` };
  }

  async verify(ctx: AppContext): Promise<void> {
    await this.call('verify', ctx);
  }
}
