import * as path from 'node:path';
import type { DirEntry, FileStat, FileSystem } from '../../src/core/ports';

/**
 * An in-memory FileSystem port: `fakeFileSystem({ '/w/app/Procfile': 'web: …' })`. Folders are implied
 * by the file paths; a value of `{ size }` is a file known only by its size (e.g. a large data file).
 * `unreadable` paths reject like a permission error.
 */
export function fakeFileSystem(
  files: Record<string, string | Uint8Array | { size: number }>,
  options: { unreadable?: readonly string[] } = {},
): FileSystem & { reads: string[] } {
  const dirs = new Map<string, Map<string, DirEntry>>();
  const addEntry = (dir: string, entry: DirEntry): void => {
    let m = dirs.get(dir);
    if (!m) {
      m = new Map();
      dirs.set(dir, m);
    }
    m.set(entry.name, entry);
  };
  for (const file of Object.keys(files)) {
    let child = file;
    let type: DirEntry['type'] = 'file';
    for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
      addEntry(dir, { name: path.posix.basename(child), type });
      if (dir === '/' || dir === '.') {
        break;
      }
      child = dir;
      type = 'directory';
    }
  }
  const denied = (p: string): void => {
    if (options.unreadable?.includes(p)) {
      throw new Error(`EACCES: permission denied, ${p}`);
    }
  };
  const reads: string[] = [];
  return {
    reads,
    readDirectory(p: string): Promise<readonly DirEntry[]> {
      return Promise.resolve().then(() => {
        denied(p);
        const m = dirs.get(p);
        if (!m) {
          throw new Error(`ENOENT: no such directory, ${p}`);
        }
        return [...m.values()];
      });
    },
    readFile(p: string): Promise<Uint8Array> {
      return Promise.resolve().then(() => {
        denied(p);
        reads.push(p);
        const v = files[p];
        if (v === undefined || (typeof v === 'object' && !(v instanceof Uint8Array))) {
          throw new Error(`ENOENT: no such file, ${p}`);
        }
        return typeof v === 'string' ? new TextEncoder().encode(v) : v;
      });
    },
    stat(p: string): Promise<FileStat | undefined> {
      return Promise.resolve().then(() => {
        const v = files[p];
        if (v !== undefined) {
          const size = typeof v === 'string' ? new TextEncoder().encode(v).length : v instanceof Uint8Array ? v.length : v.size;
          return { type: 'file' as const, size };
        }
        return dirs.has(p) ? { type: 'directory' as const, size: 0 } : undefined;
      });
    },
  };
}
