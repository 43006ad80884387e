import { promises as fsp } from 'node:fs';
import type { DirEntry, EntryType, FileStat, FileSystem } from '../core/ports';

function typeOf(d: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryType {
  return d.isFile() ? 'file' : d.isDirectory() ? 'directory' : d.isSymbolicLink() ? 'symlink' : 'other';
}

/** The FileSystem port over Node's fs, for the CLI and tests. Symlinks are reported, not followed. */
export class NodeFileSystem implements FileSystem {
  async readDirectory(path: string): Promise<readonly DirEntry[]> {
    const entries = await fsp.readdir(path, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, type: typeOf(e) }));
  }

  async readFile(path: string): Promise<Uint8Array> {
    return fsp.readFile(path);
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const s = await fsp.lstat(path);
      return { type: typeOf(s), size: s.size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw err;
    }
  }
}
