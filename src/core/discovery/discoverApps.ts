import * as path from 'node:path';
import picomatch from 'picomatch';
import { throwIfAborted } from '../errors';
import type { DirEntry, FileSystem, Logger } from '../ports';
import { isAppMarkerAt, SKIPPED_DIRS, VIRTUALENV_MARKER } from './appMarkers';

export interface DiscoverOptions {
  /** Globs relative to each search root (e.g. `archive/**`) whose folders are not searched. */
  readonly exclude?: readonly string[];
  readonly maxDepth?: number;
  /** Upper bound on folders visited per root, so a huge tree cannot stall the editor. */
  readonly maxDirectories?: number;
  readonly signal?: AbortSignal;
  readonly log?: Logger;
}

export function makeExcluder(globs: readonly string[] | undefined): (relPath: string) => boolean {
  const clean = (globs ?? []).map((g) => g.trim()).filter((g) => g !== '');
  if (clean.length === 0) {
    return () => false;
  }
  const matchers = clean.flatMap((g) => {
    try {
      return [picomatch(g, { dot: true })];
    } catch {
      return [];
    }
  });
  // A folder glob like `legacy/**` must exclude the folder `legacy` itself too.
  return (rel) => rel !== '' && matchers.some((m) => m(rel) || m(`${rel}/`) || m(`${rel}/x`));
}

/** Whether a folder with these entries is an app; `nested` when it lies inside another app. */
export function isAppRoot(entries: readonly DirEntry[], nested = false): boolean {
  return entries.some((e) => e.type === 'file' && isAppMarkerAt(e.name, nested));
}

/**
 * Every app root below the given folders (a folder that holds a Procfile, requirements.txt, …).
 * Nested apps are found too (a monorepo root and its apps). Unreadable folders are skipped and logged.
 */
export async function discoverApps(fs: FileSystem, roots: readonly string[], opts: DiscoverOptions = {}): Promise<string[]> {
  const maxDepth = opts.maxDepth ?? 8;
  const maxDirs = opts.maxDirectories ?? 20_000;
  const excluded = makeExcluder(opts.exclude);
  const found: string[] = [];
  for (const root of roots) {
    const queue: { dir: string; depth: number; inApp: boolean }[] = [{ dir: root, depth: 0, inApp: false }];
    let visited = 0;
    while (queue.length > 0 && visited < maxDirs) {
      throwIfAborted(opts.signal);
      const batch = queue.splice(0, 16);
      visited += batch.length;
      const listed = await Promise.all(
        batch.map(async (item) => {
          try {
            return { item, entries: await fs.readDirectory(item.dir) };
          } catch (err) {
            opts.log?.debug(`[discovery] cannot read ${item.dir}: ${String(err)}`);
            return { item, entries: [] as readonly DirEntry[] };
          }
        }),
      );
      for (const { item, entries } of listed) {
        if (entries.some((e) => e.name === VIRTUALENV_MARKER)) {
          continue;
        }
        const isApp = isAppRoot(entries, item.inApp);
        if (isApp) {
          found.push(item.dir);
        }
        if (item.depth >= maxDepth) {
          continue;
        }
        for (const e of entries) {
          if (e.type !== 'directory' || SKIPPED_DIRS.has(e.name)) {
            continue;
          }
          const child = path.join(item.dir, e.name);
          const rel = path.relative(root, child).split(path.sep).join('/');
          if (!excluded(rel)) {
            queue.push({ dir: child, depth: item.depth + 1, inApp: item.inApp || isApp });
          }
        }
      }
    }
    if (visited >= maxDirs) {
      opts.log?.warn(`[discovery] stopped after ${maxDirs} folders under ${root}`);
    }
  }
  return [...new Set(found)].sort();
}
