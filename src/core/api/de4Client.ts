import { CoreError } from '../errors';
import type { HttpClient, Logger } from '../ports';
import {
  CURRENT_QUERY,
  DETAIL_QUERY,
  LIST_QUERY,
  readAppDetail,
  readAppSummary,
  readAppsPage,
  readCurrent,
  type RawAppsPage,
} from './de4Payloads';
import type { De4AppDetail, De4AppSummary, De4Current } from './de4Types';
import { abortedError, defaultSleep, GraphqlTransport, MAX_RETRY_DELAY_MS, type De4Auth, type Sleep } from './graphqlTransport';
import { paginate, type Page } from './paginate';
import { requireName, type JsonObject } from './validate';

export type { De4Auth } from './graphqlTransport';

export interface De4ClientOptions {
  /** The DE4 server, e.g. `https://de4.example.com`; a pasted `/Manager/graphql` suffix is tolerated. */
  readonly baseUrl: string;
  readonly http: HttpClient;
  /** Asked once per call, so a key changed in the meantime is picked up. */
  readonly getAuth: () => Promise<De4Auth>;
  readonly log: Logger;
  /** Listing pages fetched in parallel once the page numbers look sequential (default 4). */
  readonly maxPageConcurrency?: number;
  /** Per request (default 60 s); a whole listing is bounded by the caller's signal. */
  readonly timeoutMs?: number;
  /** Retries on network errors, timeouts, 429 and 5xx (default 3); other 4xx never retry. */
  readonly retries?: number;
  /** First retry delay before backoff and jitter (default 200 ms). */
  readonly retryBaseMs?: number;
  /** Longest wait between retries, also the cap on a server's Retry-After (default 10 s). */
  readonly maxRetryDelayMs?: number;
  /** Bound on listing pages (default 10,000). */
  readonly maxPages?: number;
  /** Test seams: waiting, jitter and the clock. */
  readonly sleep?: Sleep;
  readonly random?: () => number;
  readonly now?: () => number;
}

export interface De4ListOptions {
  /** Every app on the server (`allApps: true`; needs an admin key) rather than the caller's own. */
  readonly all: boolean;
}

/** Pages a name-filtered lookup may follow: the filter is not exact, so a short name can match many. */
const MAX_DETAIL_PAGES = 100;

/** `https://host/x/` or `https://host/x/Manager/graphql` → `https://host/x`. */
export function normaliseDe4BaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new CoreError('invalid-input', `"${raw}" is not a URL.`, { hint: 'Use the DE4 address, e.g. https://de4.example.com.' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CoreError('invalid-input', `"${raw}" is not an http or https URL.`, {
      hint: 'Use the DE4 address, e.g. https://de4.example.com.',
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new CoreError('invalid-input', 'The DE4 URL must not contain a user name or password.', {
      hint: 'Give the user name separately; the API key is asked for on its own.',
    });
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/Manager(\/graphql)?$/i, '');
  return `${url.protocol}//${url.host}${path}`;
}

/**
 * Read-only client for the DE4 App Manager GraphQL API (reference §1). It has no mutation method:
 * the migration never changes anything on DE4.
 */
export class De4Client {
  /** Normalised: no trailing slash, no `/Manager/graphql`. */
  readonly baseUrl: string;
  private readonly transport: GraphqlTransport;
  private readonly concurrency: number;
  private readonly maxPages: number;

  constructor(private readonly opts: De4ClientOptions) {
    this.baseUrl = normaliseDe4BaseUrl(opts.baseUrl);
    this.concurrency = Math.max(1, Math.floor(opts.maxPageConcurrency ?? 4));
    this.maxPages = Math.max(1, Math.floor(opts.maxPages ?? 10_000));
    this.transport = new GraphqlTransport({
      endpoint: `${this.baseUrl}/Manager/graphql`,
      server: this.baseUrl,
      http: opts.http,
      log: opts.log,
      timeoutMs: opts.timeoutMs ?? 60_000,
      retries: Math.max(0, Math.floor(opts.retries ?? 3)),
      retryBaseMs: opts.retryBaseMs ?? 200,
      maxRetryDelayMs: Math.max(0, opts.maxRetryDelayMs ?? MAX_RETRY_DELAY_MS),
      sleep: opts.sleep ?? defaultSleep,
      random: opts.random ?? Math.random,
      now: opts.now ?? Date.now,
    });
  }

  /** The account the key belongs to; also the cheapest way to check a key. */
  async current(signal?: AbortSignal): Promise<De4Current> {
    const auth = await this.auth(signal);
    return readCurrent(await this.transport.query('Current', CURRENT_QUERY, {}, auth, signal));
  }

  /** Every app the key may see (all of the server's with `all` and an admin key), de-duplicated by name. */
  async listApps(options: De4ListOptions, signal?: AbortSignal): Promise<De4AppSummary[]> {
    const auth = await this.auth(signal);
    const apps = await paginate<De4AppSummary>({
      fetchPage: async (page, pageSignal) => {
        const raw = await this.page('ListApps', LIST_QUERY, { page, all: options.all }, auth, page, pageSignal);
        return { items: withPageContext(page, () => raw.apps.map((a) => readAppSummary(a.item, a.path))), nextPage: raw.nextPage };
      },
      keyOf: (app) => app.name,
      concurrency: this.concurrency,
      maxPages: this.maxPages,
      log: this.opts.log,
      ...(signal ? { signal } : {}),
    });
    this.opts.log.info(`[api] ${this.baseUrl}: ${apps.length} apps`);
    return apps;
  }

  /** One app's details, or undefined when the key sees no app of exactly that name. */
  async appDetail(name: string, options: De4ListOptions, signal?: AbortSignal): Promise<De4AppDetail | undefined> {
    const auth = await this.auth(signal);
    // `apps(name:)` still returns a list and may match more than the exact name (reference §1.3).
    const matches = await paginate<{ readonly name: string; readonly item: JsonObject; readonly path: string }>({
      fetchPage: async (page, pageSignal): Promise<Page<{ name: string; item: JsonObject; path: string }>> => {
        const raw = await this.page('AppDetail', DETAIL_QUERY, { name, all: options.all, page }, auth, page, pageSignal);
        const items = withPageContext(page, () => raw.apps.map((a) => ({ ...a, name: requireName(a.item['name'], `${a.path}.name`) })));
        return { items, nextPage: raw.nextPage };
      },
      keyOf: (m) => m.name,
      until: (m) => m.name === name,
      concurrency: 1,
      maxPages: MAX_DETAIL_PAGES,
      log: this.opts.log,
      ...(signal ? { signal } : {}),
    });
    const match = matches.find((m) => m.name === name);
    return match === undefined ? undefined : readAppDetail(match.item, match.path);
  }

  private async page(
    operation: string,
    query: string,
    variables: JsonObject,
    auth: De4Auth,
    page: number,
    signal: AbortSignal,
  ): Promise<RawAppsPage> {
    const data = await this.transport.query(operation, query, variables, auth, signal);
    return withPageContext(page, () => readAppsPage(data));
  }

  private async auth(signal: AbortSignal | undefined): Promise<De4Auth> {
    if (signal?.aborted) {
      throw abortedError(signal, this.baseUrl);
    }
    const auth = await this.opts.getAuth();
    if (auth.username === '' || auth.apiKey === '') {
      throw new CoreError('auth-failed', `No DE4 user name or API key is set for ${this.baseUrl}.`, {
        hint: 'Create a key in DE4: username menu → Manage API Key.',
      });
    }
    return auth;
  }
}

/** Adds the page number to a shape error, so a bad app in a long listing can be found. */
function withPageContext<T>(page: number, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof CoreError && err.code === 'invalid-input') {
      throw new CoreError('invalid-input', `${err.message.replace(/\.$/, '')} (page ${page}).`, {
        ...(err.hint !== undefined ? { hint: err.hint } : {}),
        cause: err,
      });
    }
    throw err;
  }
}
