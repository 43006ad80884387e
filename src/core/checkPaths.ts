import { discoverApps } from './discovery/discoverApps';
import { loadSnapshot } from './discovery/loadSnapshot';
import { checkApp, type AppReport } from './engine/checkApp';
import type { EngineConfig } from './engine/config';
import { throwIfAborted } from './errors';
import type { FileSystem, Logger } from './ports';
import { ALL_RULES } from './rules';
import type { Rule } from './rules/rule';

export interface CheckPathsOptions {
  readonly config: EngineConfig;
  readonly exclude?: readonly string[];
  readonly rules?: readonly Rule[];
  readonly signal?: AbortSignal;
  readonly log?: Logger;
  /** Called after each app, for progress. */
  readonly onApp?: (report: AppReport, done: number, total: number) => void;
}

/** Finds every app below the given folders and checks each one. */
export async function checkPaths(fs: FileSystem, roots: readonly string[], opts: CheckPathsOptions): Promise<AppReport[]> {
  const apps = await discoverApps(fs, roots, {
    ...(opts.exclude ? { exclude: opts.exclude } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  const reports: AppReport[] = [];
  for (const root of apps) {
    throwIfAborted(opts.signal);
    const snapshot = await loadSnapshot(fs, root, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.log ? { log: opts.log } : {}),
      ...(opts.exclude ? { exclude: opts.exclude } : {}),
    });
    const report = checkApp(snapshot, opts.rules ?? ALL_RULES, opts.config);
    reports.push(report);
    opts.onApp?.(report, reports.length, apps.length);
  }
  return reports;
}
