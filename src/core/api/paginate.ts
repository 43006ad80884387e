import type { Logger } from '../ports';

/** One fetched page: its items and the server's `nextPage`. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPage: number | undefined;
}

export interface PaginateOptions<T> {
  /** Fetches one page; must reject promptly when the signal aborts. */
  readonly fetchPage: (page: number, signal: AbortSignal) => Promise<Page<T>>;
  /** Items with the same key are one item (the first one seen is kept). */
  readonly keyOf: (item: T) => string;
  /** Pages in flight at once once pages look sequential (nextPage = page + 1); 1 = one at a time. */
  readonly concurrency: number;
  /** Hard bound on pages fetched, against a server that never says stop. */
  readonly maxPages: number;
  /** Stop as soon as an item matches (e.g. the exact name a detail lookup wants). */
  readonly until?: (item: T) => boolean;
  readonly log: Logger;
  readonly signal?: AbortSignal;
}

interface InFlight<T> {
  readonly controller: AbortController;
  readonly result: Promise<Page<T>>;
}

/**
 * DE4's `apps(page)` pagination, read conservatively (reference §1.3): start at page 0, follow
 * `nextPage`, de-duplicate by key, and stop when `nextPage` is absent, repeats a page already fetched
 * (this covers 0 after the first page and a page pointing at itself), or when a page is empty or adds
 * nothing new. Plotly's own clients disagree on whether pages count from 0 or 1, so two cases are
 * read as a server counting from 1 rather than as the end: an empty page 0 (page 1 is tried once),
 * and a page 1 that repeats page 0 exactly (its nextPage is followed).
 *
 * Once pages look sequential, up to `concurrency` pages are fetched ahead in parallel. Results are
 * still read strictly in order, so the stop rules are the same as fetching one at a time; pages
 * fetched beyond the end are cancelled and dropped.
 */
export async function paginate<T>(opts: PaginateOptions<T>): Promise<T[]> {
  const { log, signal } = opts;
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const seen = new Map<string, T>();
  const fetched = new Set<number>();
  const inFlight = new Map<number, InFlight<T>>();
  const live = new Set<AbortController>();
  let firstPageKeys: ReadonlySet<string> | undefined;
  let fullPage = 0;

  const start = (page: number): void => {
    if (inFlight.has(page) || fetched.has(page) || fetched.size + inFlight.size >= opts.maxPages) {
      return;
    }
    const controller = new AbortController();
    if (signal?.aborted) {
      controller.abort(signal.reason);
    }
    // Registered before the fetch starts: an abort may arrive while it is still being set up.
    live.add(controller);
    const result = opts.fetchPage(page, controller.signal);
    result.then(
      () => live.delete(controller),
      // Pages fetched ahead may be dropped unread; their failure then matters to no one.
      (err: unknown) => {
        live.delete(controller);
        log.debug(`[api] page ${page} dropped: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
    inFlight.set(page, { controller, result });
  };
  const drop = (): void => {
    for (const f of inFlight.values()) {
      f.controller.abort();
    }
    inFlight.clear();
  };
  // One listener for the whole listing, not one per request, however many pages there are.
  const onAbort = (): void => {
    for (const controller of live) {
      controller.abort(signal?.reason);
    }
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    let page = 0;
    start(page);
    for (;;) {
      const current = inFlight.get(page);
      if (current === undefined) {
        log.warn(`[api] listing stops at ${opts.maxPages} pages; the server may be paginating in a loop`);
        break;
      }
      const result = await current.result;
      inFlight.delete(page);
      fetched.add(page);
      const keys = result.items.map(opts.keyOf);
      let added = 0;
      result.items.forEach((item, i) => {
        const key = keys[i] ?? '';
        if (!seen.has(key)) {
          seen.set(key, item);
          added++;
        }
      });
      if (page === 0) {
        firstPageKeys = new Set(keys);
      }
      if (opts.until !== undefined && result.items.some(opts.until)) {
        break;
      }
      const next = nextPageOf(page, result, added, keys, firstPageKeys, fetched);
      if (typeof next === 'string') {
        // Pointing back past the page just read is no documented end (reference §1.3): a loop.
        const isLoop = result.nextPage !== undefined && result.nextPage > 0 && result.nextPage < page;
        const why = `[api] listing ends after page ${page}: ${next} (${seen.size} items)`;
        if (isLoop) {
          log.warn(`${why}; the server may be paginating in a loop, so items may be missing`);
        } else {
          log.debug(why);
        }
        break;
      }
      if (result.items.length < fullPage) {
        log.warn(
          `[api] page ${page} has ${result.items.length} items, fewer than the ${fullPage} of an earlier page, yet names page ${next}; items may be missing`,
        );
      }
      fullPage = Math.max(fullPage, result.items.length);
      const isSequential = next === page + 1 && next === result.nextPage;
      if (!isSequential) {
        // Pages fetched ahead were guesses that no longer hold.
        drop();
      }
      page = next;
      for (let i = 0; i < (isSequential ? concurrency : 1); i++) {
        start(page + i);
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    drop();
  }
  return [...seen.values()];
}

/** The page to fetch next, or why the listing ends. */
function nextPageOf<T>(
  page: number,
  result: Page<T>,
  added: number,
  keys: readonly string[],
  firstPageKeys: ReadonlySet<string> | undefined,
  fetched: ReadonlySet<number>,
): number | string {
  if (result.items.length === 0) {
    // A server counting from 1 may answer page 0 with nothing at all.
    return page === 0 && !fetched.has(1) ? 1 : 'empty page';
  }
  const aliasOfFirst =
    page === 1 && firstPageKeys !== undefined && keys.length === firstPageKeys.size && keys.every((k) => firstPageKeys.has(k));
  if (added === 0 && !aliasOfFirst) {
    return 'no new items';
  }
  const next = result.nextPage;
  if (next === undefined) {
    return 'no nextPage';
  }
  if (next < 0) {
    return `nextPage ${next} is negative`;
  }
  if (fetched.has(next)) {
    return `nextPage ${next} was already fetched`;
  }
  return next;
}
