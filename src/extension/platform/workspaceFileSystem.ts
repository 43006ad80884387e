import * as vscode from 'vscode';
import type { DirEntry, EntryType, FileStat, FileSystem } from '../../core/ports';

function typeOf(t: vscode.FileType): EntryType {
  if (t & vscode.FileType.SymbolicLink) {
    return 'symlink';
  }
  if (t & vscode.FileType.Directory) {
    return 'directory';
  }
  return t & vscode.FileType.File ? 'file' : 'other';
}

/** The FileSystem port over `vscode.workspace.fs`, so remote and virtual workspaces read the same way. */
export class WorkspaceFileSystem implements FileSystem {
  async readDirectory(path: string): Promise<readonly DirEntry[]> {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(path));
    return entries.map(([name, t]) => ({ name, type: typeOf(t) }));
  }

  async readFile(path: string): Promise<Uint8Array> {
    return vscode.workspace.fs.readFile(vscode.Uri.file(path));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const s = await vscode.workspace.fs.stat(vscode.Uri.file(path));
      return { type: typeOf(s.type), size: s.size };
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') {
        return undefined;
      }
      throw err;
    }
  }
}
