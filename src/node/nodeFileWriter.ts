import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { FileWriter, Logger, WriteOptions } from '../core/ports';
import { NULL_LOGGER } from '../core/ports';

/** The few fs calls an atomic write makes; tests swap one for a failing version to interrupt a write. */
export interface AtomicFsOps {
  open(path: string, flags: string, mode?: number): Promise<fsp.FileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<{ mode: number }>;
}

const NODE_OPS: AtomicFsOps = {
  open: (p, flags, mode) => fsp.open(p, flags, mode),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  stat: (p) => fsp.stat(p),
};

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}

/** The FileWriter port over Node's fs: temp file in the same folder, fsync, rename, then fsync of the folder. */
export class NodeFileWriter implements FileWriter {
  constructor(
    private readonly ops: AtomicFsOps = NODE_OPS,
    private readonly log: Logger = NULL_LOGGER,
  ) {}

  async writeFileAtomic(target: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    const dir = path.dirname(target);
    // Same folder, so the rename never crosses file systems; the dot keeps it out of most listings.
    const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.de-migrate.tmp`);
    let mode = options.mode ?? 0o666;
    try {
      const existing = (await this.ops.stat(target)).mode & 0o7777;
      // A requested mode may only narrow the existing file's permissions, never widen them.
      mode = options.mode === undefined ? existing : existing & options.mode;
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
    }
    try {
      const handle = await this.ops.open(tmp, 'wx', mode);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await this.ops.rename(tmp, target);
    } catch (err) {
      await this.ops.unlink(tmp).catch((cleanup: unknown) => {
        if (!isNotFound(cleanup)) {
          this.log.warn(`[write] could not remove the temp file ${tmp}: ${String(cleanup)}`);
        }
      });
      throw err;
    }
    await this.syncDir(dir);
  }

  async deleteFile(target: string): Promise<void> {
    try {
      await fsp.unlink(target);
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
    }
  }

  async removeTree(dir: string): Promise<void> {
    await fsp.rm(dir, { recursive: true, force: true });
  }

  async mkdir(dir: string): Promise<void> {
    await fsp.mkdir(dir, { recursive: true });
  }

  /** Makes the rename itself durable; not possible on Windows, where opening a folder fails. */
  private async syncDir(dir: string): Promise<void> {
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(dir, 'r');
      await handle.sync();
    } catch (err) {
      this.log.debug(`[write] folder sync skipped for ${dir}: ${String(err)}`);
    } finally {
      await handle?.close();
    }
  }
}
