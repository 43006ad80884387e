import { lstatSync, promises as fsp, readFileSync } from 'node:fs';
import type { DirEntry, EntryType, FileStat, FileSystem } from '../core/ports';

function typeOf(d: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryType {
  return d.isFile() ? 'file' : d.isDirectory() ? 'directory' : d.isSymbolicLink() ? 'symlink' : 'other';
}

/**
 * The FileSystem port over Node's fs, for the CLI and tests. Symlinks are reported, not followed.
 *
 * File reads and stats are synchronous behind the async interface: app files are small, and a
 * thread-pool round trip per call costs several times the read itself (about 4× over thousands of
 * files). Directory listings stay asynchronous, so the event loop still turns once per folder and
 * Ctrl-C gets through during a long run.
 */
export class NodeFileSystem implements FileSystem {
  async readDirectory(path: string): Promise<readonly DirEntry[]> {
    const entries = await fsp.readdir(path, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, type: typeOf(e) }));
  }

  readFile(path: string): Promise<Uint8Array> {
    try {
      return Promise.resolve(readFileSync(path));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  stat(path: string): Promise<FileStat | undefined> {
    try {
      const s = lstatSync(path, { throwIfNoEntry: false });
      return Promise.resolve(s ? { type: typeOf(s), size: s.size } : undefined);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
