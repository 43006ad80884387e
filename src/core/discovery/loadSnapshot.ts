import * as path from 'node:path';
import { DE4_METADATA_FILE } from '../de4/appMetadata';
import { throwIfAborted } from '../errors';
import type { ProjectSnapshot, SourceFile } from '../model/types';
import type { DirEntry, FileSystem, Logger } from '../ports';
import { SKIPPED_DIRS, VIRTUALENV_MARKER, isReadConfigFile } from './appMarkers';
import { decodeSource } from './decode';
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

const MAX_PYTHON_BYTES = 2 * 1024 * 1024;
const DE4_METADATA_DIR = DE4_METADATA_FILE.split('/')[0];

/**
 * Reads one app through the FileSystem port: root config files, `.git/config`, Python sources, and the
 * size of every file (for `large-data-file`). Nested apps are left to their own snapshot.
 */
export async function loadSnapshot(fs: FileSystem, root: string, opts: LoadOptions = {}): Promise<ProjectSnapshot> {
  const maxPython = opts.maxPythonFiles ?? 2000;
  const maxDepth = opts.maxDepth ?? 12;
  const excluded = makeExcluder(opts.exclude);
  // `sized`: a file of the listing, whose size the read gives (so it needs no stat of its own).
  const toRead: { rel: string; abs: string; limit: number; sized: boolean }[] = [];
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
          toRead.push({ rel: '.git/config', abs: path.join(abs, 'config'), limit: MAX_PYTHON_BYTES, sized: false });
        }
        // The one file of our own state folder the rules read: what the DE4 server said about the app.
        if (depth === 0 && e.name === DE4_METADATA_DIR && !excluded(DE4_METADATA_FILE)) {
          toRead.push({
            rel: DE4_METADATA_FILE,
            abs: path.join(dir, ...DE4_METADATA_FILE.split('/')),
            limit: MAX_PYTHON_BYTES,
            sized: false,
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
      if (depth === 0 && isReadConfigFile(e.name)) {
        toRead.push({ rel: childRel, abs, limit: Number.POSITIVE_INFINITY, sized: true });
        continue;
      }
      // Python files are stat'ed before reading too: one too large for the rules is not read at all.
      statTargets.push({ rel: childRel, abs });
      if (e.name.endsWith('.py') && pythonCount < maxPython) {
        pythonCount++;
        toRead.push({ rel: childRel, abs, limit: MAX_PYTHON_BYTES, sized: false });
      }
    }
    await Promise.all(subdirs);
  };
  await walk(root, '', 0);

  const statSize = async (abs: string, rel: string): Promise<void> => {
    try {
      const st = await fs.stat(abs);
      if (st) {
        sizes.set(rel, st.size);
      }
    } catch (err) {
      opts.log?.debug(`[load] cannot stat ${abs}: ${String(err)}`);
    }
  };
  await inBatches(statTargets, 64, async (t) => {
    throwIfAborted(opts.signal);
    const overlay = opts.overlay?.get(t.abs);
    if (overlay !== undefined) {
      sizes.set(t.rel, overlay.length);
      return;
    }
    await statSize(t.abs, t.rel);
  });

  const files = new Map<string, SourceFile>();
  await inBatches(toRead, 32, async (t) => {
    throwIfAborted(opts.signal);
    const overlay = opts.overlay?.get(t.abs);
    if (overlay !== undefined) {
      files.set(t.rel, { path: t.rel, text: overlay.charCodeAt(0) === 0xfeff ? overlay.slice(1) : overlay, size: overlay.length });
      if (t.sized) {
        sizes.set(t.rel, overlay.length);
      }
      return;
    }
    const size = sizes.get(t.rel);
    if (size !== undefined && size > t.limit) {
      files.set(t.rel, { path: t.rel, text: '', size, skipped: 'too-large' });
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(t.abs);
    } catch (err) {
      opts.log?.debug(`[load] cannot read ${t.abs}: ${String(err)}`);
      // The file still exists for the rules (`unreadable-file`, `large-data-file`) when a stat works.
      if (t.sized) {
        await statSize(t.abs, t.rel);
      }
      return;
    }
    files.set(t.rel, decodeSource(t.rel, bytes));
    if (t.sized) {
      sizes.set(t.rel, bytes.byteLength);
    }
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
