import type { MigrationStep } from '../../shared/migrationState';
import { CoreError } from '../errors';
import { runAppMigration, type AppMigrationOptions, type AppRunResult, type MigrationSteps } from './machine';
import type { StateStore } from './stateStore';

export const DEFAULT_FLEET_CONCURRENCY = 4;
export const MAX_FLEET_CONCURRENCY = 32;

export interface FleetOptions extends Omit<AppMigrationOptions, 'signal'> {
  readonly steps: MigrationSteps;
  readonly store: StateStore;
  /** Apps migrated at once (1 to 32). */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  /** After each app stops (verified, failed, skipped or cancelled); `done` counts apps finished so far. */
  readonly onAppDone?: (result: AppRunResult, done: number, total: number) => void;
}

export interface FailedApp {
  readonly app: string;
  /** The step that failed. */
  readonly step: MigrationStep;
  readonly reason: string;
}

export interface FleetSummary {
  readonly total: number;
  readonly verified: readonly string[];
  /** Every app that ends failed: failed now, or failed before and not retried (also in `skipped`). */
  readonly failed: readonly FailedApp[];
  /** Failed in an earlier run and left alone (no retryFailed). */
  readonly skipped: readonly string[];
  /** Stopped by the signal between steps, or never started. */
  readonly cancelled: readonly string[];
  /** One per app, in the order given. */
  readonly results: readonly AppRunResult[];
}

/** Rejects a concurrency that is not a whole number from 1 to MAX_FLEET_CONCURRENCY. */
export function checkConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_FLEET_CONCURRENCY) {
    throw new CoreError('invalid-input', `The concurrency must be a whole number from 1 to ${MAX_FLEET_CONCURRENCY} (got ${n}).`);
  }
  return n;
}

export function summarize(results: readonly AppRunResult[]): FleetSummary {
  const failed: FailedApp[] = [];
  for (const r of results) {
    if (r.state.failed && (r.outcome === 'failed' || r.outcome === 'skipped')) {
      failed.push({ app: r.app, step: r.state.failed.step, reason: r.state.failed.reason });
    }
  }
  return {
    total: results.length,
    verified: results.filter((r) => r.outcome === 'verified').map((r) => r.app),
    failed,
    skipped: results.filter((r) => r.outcome === 'skipped').map((r) => r.app),
    cancelled: results.filter((r) => r.outcome === 'cancelled').map((r) => r.app),
    results,
  };
}

/**
 * Migrates `apps` with at most `concurrency` in flight: that many workers each take the next app
 * when their last one stops. After the signal, workers finish their current step and start nothing
 * new. Every app is recorded as `discovered` first, so the state file lists the whole selection even
 * when the run is stopped early. Rejects only when the state cannot be written (the other workers
 * are stopped first, so nothing runs on after the rejection).
 */
export async function runFleet(apps: readonly string[], opts: FleetOptions): Promise<FleetSummary> {
  const concurrency = checkConcurrency(opts.concurrency);
  const queue = [...new Set(apps)];
  const now = (): string => (opts.now ?? (() => new Date()))().toISOString();
  for (const app of queue) {
    await opts.store.update(app, (cur) => cur ?? { app, step: 'discovered', updatedAt: now() });
  }
  // Stops the other workers when the store fails, as well as on the caller's signal.
  const stop = new AbortController();
  const forward = (): void => stop.abort();
  opts.signal?.addEventListener('abort', forward, { once: true });
  if (opts.signal?.aborted) {
    stop.abort();
  }
  const results: AppRunResult[] = new Array<AppRunResult>(queue.length);
  let next = 0;
  let finished = 0;
  let fatal: { readonly error: unknown } | undefined;
  const { steps, store, onAppDone, concurrency: _c, signal: _s, ...appOptions } = opts;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const index = next++;
      const app = queue[index] ?? '';
      try {
        results[index] = await runAppMigration(app, steps, store, { ...appOptions, signal: stop.signal });
      } catch (error) {
        fatal ??= { error };
        stop.abort();
        results[index] = { app, outcome: 'cancelled', state: { app, step: 'discovered', updatedAt: now() }, ran: [] };
      }
      finished++;
      const done = results[index];
      if (done) {
        onAppDone?.(done, finished, queue.length);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, () => worker()));
  } finally {
    opts.signal?.removeEventListener('abort', forward);
  }
  if (fatal) {
    throw fatal.error;
  }
  return summarize(results);
}
