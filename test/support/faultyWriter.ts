// A FileWriter that is the real NodeFileWriter, except that its Nth call fails the way a full or broken
// disk makes it fail (ENOSPC, EIO). Writes can fail at every stage of the atomic write: before it starts,
// with half the bytes in the temp file, at the fsync or at the rename, so the real clean-up runs.
import { existsSync, promises as fsp, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { BACKUP_DIR, MANIFEST } from '../../src/core/backup/folderBackup';
import type { FileWriter, WriteOptions } from '../../src/core/ports';
import { NodeFileWriter, type AtomicFsOps } from '../../src/node/nodeFileWriter';

export type WriterOp = 'write' | 'delete' | 'mkdir' | 'removeTree';

/** Where a failing atomic write stops. */
export type WriteStage = 'before' | 'half-written' | 'sync' | 'rename';
export const WRITE_STAGES: readonly WriteStage[] = ['before', 'half-written', 'sync', 'rename'];

export interface FaultPlan {
  /** 1-based number of the call that fails; none fails when omitted. */
  readonly failAt?: number;
  /** Every call from `failAt` on fails (a disk that stays broken), not only that one. */
  readonly staysBroken?: boolean;
  /** Where a failing write stops; `before` when omitted. */
  readonly stage?: WriteStage;
  readonly code?: 'EIO' | 'ENOSPC';
}

export interface WriterCall {
  readonly n: number;
  readonly op: WriterOp;
  readonly path: string;
  readonly failed: boolean;
}

/** The error Node gives for a failed system call, with `code`, `syscall` and `path`. */
export function errnoError(code: 'EIO' | 'ENOSPC', syscall: string, file: string): NodeJS.ErrnoException {
  const text = code === 'EIO' ? 'i/o error' : 'no space left on device';
  return Object.assign(new Error(`${code}: ${text}, ${syscall} '${file}'`), {
    code,
    errno: code === 'EIO' ? -5 : -28,
    syscall,
    path: file,
  });
}

/** The name pattern NodeFileWriter gives its temp files. */
export const TEMP_FILE = /\.de-migrate\.tmp$/;

export class FaultyWriter implements FileWriter {
  readonly calls: WriterCall[] = [];
  /** The bytes of every write that completed, by path, oldest first. */
  readonly written = new Map<string, Uint8Array[]>();

  constructor(private readonly plan: FaultPlan = {}) {}

  get injected(): readonly WriterCall[] {
    return this.calls.filter((c) => c.failed);
  }

  async writeFileAtomic(target: string, data: Uint8Array, options?: WriteOptions): Promise<void> {
    const stage = this.next('write', target) ? (this.plan.stage ?? 'before') : undefined;
    if (stage === 'before') {
      throw errnoError(this.code(), 'open', target);
    }
    // A writer per call, so concurrent writes (a fleet's apps) never share an armed fault.
    await new NodeFileWriter(this.ops(stage)).writeFileAtomic(target, data, options);
    this.written.set(target, [...(this.written.get(target) ?? []), new Uint8Array(data)]);
  }

  async deleteFile(target: string): Promise<void> {
    if (this.next('delete', target)) {
      throw errnoError(this.code(), 'unlink', target);
    }
    await new NodeFileWriter().deleteFile(target);
  }

  async mkdir(dir: string): Promise<void> {
    if (this.next('mkdir', dir)) {
      throw errnoError(this.code(), 'mkdir', dir);
    }
    await new NodeFileWriter().mkdir(dir);
  }

  async removeTree(dir: string): Promise<void> {
    if (this.next('removeTree', dir)) {
      throw errnoError(this.code(), 'rmdir', dir);
    }
    await new NodeFileWriter().removeTree(dir);
  }

  /** Records the call; true when it is to fail. */
  private next(op: WriterOp, file: string): boolean {
    const n = this.calls.length + 1;
    const { failAt } = this.plan;
    const failed = failAt !== undefined && (n === failAt || (this.plan.staysBroken === true && n > failAt));
    this.calls.push({ n, op, path: file, failed });
    return failed;
  }

  private code(): 'EIO' | 'ENOSPC' {
    return this.plan.code ?? 'ENOSPC';
  }

  /** The real fs calls, with the armed stage failing. */
  private ops(stage: WriteStage | undefined): AtomicFsOps {
    const code = this.code();
    return {
      open: async (p, flags, mode) => {
        const handle = await fsp.open(p, flags, mode);
        if (stage === 'half-written') {
          handle.writeFile = async (data: Parameters<fsp.FileHandle['writeFile']>[0]) => {
            const bytes = data as Uint8Array;
            await handle.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
            throw errnoError(code, 'write', p);
          };
        } else if (stage === 'sync') {
          handle.sync = () => Promise.reject(errnoError(code, 'fsync', p));
        }
        return handle;
      },
      rename: (from, to) => (stage === 'rename' ? Promise.reject(errnoError(code, 'rename', to)) : fsp.rename(from, to)),
      unlink: (p) => fsp.unlink(p),
      stat: (p) => fsp.stat(p),
    };
  }
}

/** Every file under `dir` (relative, forward slashes), `.git` included when asked. */
export async function listFiles(dir: string, withGit = false): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string, prefix: string): Promise<void> => {
    for (const e of await fsp.readdir(at, { withFileTypes: true })) {
      const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
      if (e.isDirectory()) {
        if (withGit || e.name !== '.git') {
          await walk(path.join(at, e.name), rel);
        }
      } else {
        out.push(rel);
      }
    }
  };
  await walk(dir, '');
  return out.sort();
}

/** An app's files and their bytes, without git and this tool's own `.de-migrate/` folder. */
export async function appFiles(root: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const f of await listFiles(root)) {
    if (!f.startsWith('.de-migrate/')) {
      out.set(f, await fsp.readFile(path.join(root, ...f.split('/'))));
    }
  }
  return out;
}

/** Equal bytes, or both missing. */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a === undefined ? b === undefined : b !== undefined && Buffer.from(a).equals(b);
}

/**
 * Leftovers of an interrupted write anywhere under `dir`, `.git` included: temp files and scratch git
 * indexes, except those at the absolute paths in `allowed` (a delete that was made to fail).
 */
export async function strayFiles(dir: string, allowed: readonly string[] = []): Promise<string[]> {
  return (await listFiles(dir, true)).filter(
    (f) => (TEMP_FILE.test(f) || /de-migrate-[^/]*\.index$/.test(f)) && !allowed.includes(path.join(dir, ...f.split('/'))),
  );
}

/** Folder backups of the app without a manifest: cut short. */
export function unfinishedBackups(root: string): string[] {
  const dir = path.join(root, ...BACKUP_DIR.split('/'));
  return existsSync(dir) ? readdirSync(dir).filter((d) => !existsSync(path.join(dir, d, MANIFEST))) : [];
}
