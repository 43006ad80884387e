import { AppContext } from '../../src/core/model/appContext';
import type { ProjectSnapshot, SourceFile } from '../../src/core/model/types';

/**
 * Builds an in-memory app for rule tests: `appOf({ 'requirements.txt': 'dash==1.0\n' })`.
 * `sizes` adds files that exist with a size but no text (e.g. a large data file).
 */
export function snapshotOf(
  files: Record<string, string>,
  extra: { sizes?: Record<string, number>; root?: string; skipped?: Record<string, SourceFile['skipped']> } = {},
): ProjectSnapshot {
  const map = new Map<string, SourceFile>();
  const sizes = new Map<string, number>();
  for (const [path, text] of Object.entries(files)) {
    const skipped = extra.skipped?.[path];
    map.set(path, skipped ? { path, text: '', size: text.length, skipped } : { path, text, size: text.length });
    sizes.set(path, text.length);
  }
  for (const [path, size] of Object.entries(extra.sizes ?? {})) {
    sizes.set(path, size);
  }
  return { root: extra.root ?? '/work/app', files: map, sizes };
}

export function appOf(...args: Parameters<typeof snapshotOf>): AppContext {
  return new AppContext(snapshotOf(...args));
}
