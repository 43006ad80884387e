import * as path from 'node:path';
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

/**
 * Reads one app through the FileSystem port: root config files, `.git/config`, Python sources, and the
 * size of every file (for `large-data-file`). Nested apps are left to their own snapshot.
 */
export async function loadSnapshot(fs: FileSystem, root: string, opts: LoadOptions = {}): Promise<ProjectSnapshot> {
  const maxPython = opts.maxPythonFiles ?? 2000;
  const maxDepth = opts.maxDepth ?? 12;
  const excluded = makeExcluder(opts.exclude);
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
        toRead.push({ rel: childRel, abs, limit: Number.POSITIVE_INFINITY });
      } else if (e.name.endsWith('.py') && pythonCount < maxPython) {
        pythonCount++;
        toRead.push({ rel: childRel, abs, limit: MAX_PYTHON_BYTES });
      }
    }
    await Promise.all(subdirs);
  };
  await walk(root, '', 0);

  await inBatches(statTargets, 64, async (t) => {
    throwIfAborted(opts.signal);
    const overlay = opts.overlay?.get(t.abs);
    if (overlay !== undefined) {
      sizes.set(t.rel, overlay.length);
      return;
    }
    try {
      const st = await fs.stat(t.abs);
      if (st) {
        sizes.set(t.rel, st.size);
      }
    } catch (err) {
      opts.log?.debug(`[load] cannot stat ${t.abs}: ${String(err)}`);
    }
  });

  const files = new Map<string, SourceFile>();
  await inBatches(toRead, 32, async (t) => {
    throwIfAborted(opts.signal);
    const overlay = opts.overlay?.get(t.abs);
    if (overlay !== undefined) {
      files.set(t.rel, { path: t.rel, text: overlay.charCodeAt(0) === 0xfeff ? overlay.slice(1) : overlay, size: overlay.length });
      return;
    }
    const size = sizes.get(t.rel);
    if (size !== undefined && size > t.limit) {
      files.set(t.rel, { path: t.rel, text: '', size, skipped: 'too-large' });
      return;
    }
    try {
      const bytes = await fs.readFile(t.abs);
      files.set(t.rel, decodeSource(t.rel, bytes));
    } catch (err) {
      opts.log?.debug(`[load] cannot read ${t.abs}: ${String(err)}`);
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
