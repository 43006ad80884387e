import { errorMessage, isCancellation, throwIfAborted } from '../errors';
import type { HttpClient } from '../ports';

export interface VerifyOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly onAttempt?: (attempt: number, status: string) => void;
}

export type VerifyResult =
  { readonly ok: true; readonly attempts: number } | { readonly ok: false; readonly attempts: number; readonly last: string };

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * After a push DE5 builds and starts the app, which takes a while: polls `<appUrl>` until it answers
 * 200 and `<appUrl>_dash-layout` returns JSON (Dash is serving, not a proxy's holding page). Bounded
 * in time and in the number of requests.
 */
export async function verifyDeployed(appUrl: string, http: HttpClient, o: VerifyOptions): Promise<VerifyResult> {
  const interval = o.intervalMs ?? 3000;
  const now = o.now ?? (() => Date.now());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + o.timeoutMs;
  const maxAttempts = Math.min(1000, Math.ceil(o.timeoutMs / Math.max(1, interval)) + 1);
  const base = appUrl.endsWith('/') ? appUrl : `${appUrl}/`;
  let last = 'no answer yet';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    throwIfAborted(o.signal);
    try {
      const page = await http.get(base, { headers: { accept: 'text/html' }, timeoutMs: 15_000, ...(o.signal ? { signal: o.signal } : {}) });
      if (page.status === 200) {
        const layout = await http.get(`${base}_dash-layout`, {
          headers: { accept: 'application/json' },
          timeoutMs: 15_000,
          ...(o.signal ? { signal: o.signal } : {}),
        });
        if (layout.status === 200 && isJson(layout.body)) {
          o.onAttempt?.(attempt, 'the app answers');
          return { ok: true, attempts: attempt };
        }
        last = `${base}_dash-layout answered ${layout.status}${layout.status === 200 ? ' without JSON' : ''}`;
      } else {
        last = `${base} answered ${page.status}`;
      }
    } catch (err) {
      if (isCancellation(err)) {
        throw err;
      }
      last = errorMessage(err);
    }
    o.onAttempt?.(attempt, last);
    if (now() + interval > deadline) {
      return { ok: false, attempts: attempt, last };
    }
    await sleep(interval);
  }
  return { ok: false, attempts: maxAttempts, last };
}
