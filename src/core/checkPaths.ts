import { discoverApps } from './discovery/discoverApps';
import { loadSnapshot, type LoadOptions } from './discovery/loadSnapshot';
import { checkApp, type AppReport } from './engine/checkApp';
import type { EngineConfig } from './engine/config';
import { throwIfAborted } from './errors';
import type { ProjectSnapshot } from './model/types';
import type { FileSystem, Logger } from './ports';
import { ALL_RULES } from './rules';
import type { Rule } from './rules/rule';

export interface CheckPathsOptions {
  readonly config: EngineConfig;
  readonly exclude?: readonly string[];
  readonly rules?: readonly Rule[];
  readonly signal?: AbortSignal;
  readonly log?: Logger;
  /** Called after each app, in app order, for progress. */
  readonly onApp?: (report: AppReport, done: number, total: number) => void;
}

/**
 * Apps loaded ahead of the one being checked: their reads overlap the rules' CPU work. A few are
 * enough to hide the I/O; more would only hold more snapshots in memory.
 */
const LOAD_AHEAD = 4;

/** Finds every app below the given folders and checks each one; reports come in app order. */
export async function checkPaths(fs: FileSystem, roots: readonly string[], opts: CheckPathsOptions): Promise<AppReport[]> {
  const apps = await discoverApps(fs, roots, {
    ...(opts.exclude ? { exclude: opts.exclude } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  const loadOptions: LoadOptions = {
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.exclude ? { exclude: opts.exclude } : {}),
  };
  const pending: Promise<ProjectSnapshot>[] = [];
  const startLoad = (i: number): void => {
    const root = apps[i];
    if (root !== undefined) {
      const p = loadSnapshot(fs, root, loadOptions);
      // Failures surface when the app's turn comes; until then the rejection is handled here.
      p.catch(() => undefined);
      pending.push(p);
    }
  };
  for (let i = 0; i < LOAD_AHEAD; i++) {
    startLoad(i);
  }
  const reports: AppReport[] = [];
  for (let i = 0; i < apps.length; i++) {
    throwIfAborted(opts.signal);
    const next = pending.shift();
    startLoad(i + LOAD_AHEAD);
    if (!next) {
      break;
    }
    const report = checkApp(await next, opts.rules ?? ALL_RULES, opts.config);
    reports.push(report);
    opts.onApp?.(report, reports.length, apps.length);
  }
  return reports;
}
