import * as path from 'node:path';
import { DE4_METADATA_FILE } from '../de4/appMetadata';
import { throwIfAborted } from '../errors';
import type { ProjectSnapshot, SourceFile } from '../model/types';
import type { DirEntry, FileStat, FileSystem, Logger } from '../ports';
import { SKIPPED_DIRS, VIRTUALENV_MARKER, isReadConfigFile } from './appMarkers';
import { decodeSource, MAX_PYTHON_BYTES, MAX_TEXT_BYTES } from './decode';
import { isAppRoot, makeExcluder } from './discoverApps';

export interface LoadOptions {
  readonly signal?: AbortSignal;
  readonly log?: Logger;
  /** Globs relative to the app root whose files are ignored. */
  readonly exclude?: readonly string[];
  /** Open editor buffers win over the disk (absolute path → text). */
  readonly overlay?: ReadonlyMap<string, string>;
  readonly maxPythonFiles?: number;
  readonly maxDepth?: number;
}

const DE4_METADATA_DIR = DE4_METADATA_FILE.split('/')[0];

/**
 * Reads one app through the FileSystem port: root config files, `.git/config`, Python sources, and the
 * size of every file (for `large-data-file`). Nested apps are left to their own snapshot.
 */
export async function loadSnapshot(fs: FileSystem, root: string, opts: LoadOptions = {}): Promise<ProjectSnapshot> {
  const maxPython = opts.maxPythonFiles ?? 2000;
  const maxDepth = opts.maxDepth ?? 12;
  const excluded = makeExcluder(opts.exclude);
  // Every file is sized before it is read, so one over its limit is never read at all: a 50 MB file
  // read whole would stall the editor and hold its bytes in memory for nothing.
  const toRead: { rel: string; abs: string; limit: number }[] = [];
  const sizes = new Map<string, number>();
  const statTargets: { rel: string; abs: string }[] = [];
  let pythonCount = 0;

  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    throwIfAborted(opts.signal);
    let entries: readonly DirEntry[];
    try {
      entries = await fs.readDirectory(dir);
    } catch (err) {
      opts.log?.debug(`[load] cannot read ${dir}: ${String(err)}`);
      return;
    }
    if (depth > 0 && (isAppRoot(entries, true) || entries.some((e) => e.name === VIRTUALENV_MARKER))) {
      return;
    }
    const subdirs: Promise<void>[] = [];
    for (const e of entries) {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      const abs = path.join(dir, e.name);
      if (excluded(childRel)) {
        continue;
      }
      if (e.type === 'directory') {
        if (depth === 0 && e.name === '.git') {
          toRead.push({ rel: '.git/config', abs: path.join(abs, 'config'), limit: MAX_PYTHON_BYTES });
        }
        // The one file of our own state folder the rules read: what the DE4 server said about the app.
        if (depth === 0 && e.name === DE4_METADATA_DIR && !excluded(DE4_METADATA_FILE)) {
          toRead.push({
            rel: DE4_METADATA_FILE,
            abs: path.join(dir, ...DE4_METADATA_FILE.split('/')),
            limit: MAX_PYTHON_BYTES,
          });
        }
        if (!SKIPPED_DIRS.has(e.name) && depth < maxDepth) {
          subdirs.push(walk(abs, childRel, depth + 1));
        }
        continue;
      }
      if (e.type !== 'file') {
        continue;
      }
      statTargets.push({ rel: childRel, abs });
      if (depth === 0 && isReadConfigFile(e.name)) {
        toRead.push({ rel: childRel, abs, limit: e.name.endsWith('.py') ? MAX_PYTHON_BYTES : MAX_TEXT_BYTES });
      } else if (e.name.endsWith('.py') && pythonCount < maxPython) {
        pythonCount++;
        toRead.push({ rel: childRel, abs, limit: MAX_PYTHON_BYTES });
      }
    }
    await Promise.all(subdirs);
  };
  await walk(root, '', 0);

  const statOf = async (abs: string): Promise<FileStat | undefined> => {
    try {
      return await fs.stat(abs);
    } catch (err) {
      opts.log?.debug(`[load] cannot stat ${abs}: ${String(err)}`);
      return undefined;
    }
  };
  await inBatches(statTargets, 64, async (t) => {
    throwIfAborted(opts.signal);
    const overlay = opts.overlay?.get(t.abs);
    if (overlay !== undefined) {
      sizes.set(t.rel, overlay.length);
      return;
    }
    const st = await statOf(t.abs);
    if (st) {
      sizes.set(t.rel, st.size);
    }
  });

  const files = new Map<string, SourceFile>();
  await inBatches(toRead, 32, async (t) => {
    throwIfAborted(opts.signal);
    const overlay = opts.overlay?.get(t.abs);
    if (overlay !== undefined) {
      // An open editor buffer is held to the same limit as the file on disk (in UTF-16 units, a lower bound of its bytes).
      files.set(
        t.rel,
        overlay.length > t.limit
          ? { path: t.rel, text: '', size: overlay.length, skipped: 'too-large' }
          : { path: t.rel, text: overlay.charCodeAt(0) === 0xfeff ? overlay.slice(1) : overlay, size: overlay.length },
      );
      return;
    }
    // Files outside the listing (.git/config, the DE4 metadata) are sized here; only regular files are
    // read, since a FIFO or a link to a device would block or never end.
    const st = sizes.has(t.rel) ? undefined : await statOf(t.abs);
    if (st && st.type !== 'file') {
      opts.log?.debug(`[load] not a regular file: ${t.abs}`);
      return;
    }
    const size = sizes.get(t.rel) ?? st?.size;
    if (size !== undefined && size > t.limit) {
      files.set(t.rel, { path: t.rel, text: '', size, skipped: 'too-large' });
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(t.abs);
    } catch (err) {
      // The file still exists for the rules (`unreadable-file`, `large-data-file`) through its size.
      opts.log?.debug(`[load] cannot read ${t.abs}: ${String(err)}`);
      return;
    }
    files.set(t.rel, decodeSource(t.rel, bytes, t.limit));
  });
  return { root, files: sortedMap(files), sizes: sortedMap(sizes) };
}

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(fn));
  }
}

function sortedMap<V>(m: Map<string, V>): Map<string, V> {
  return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
