import { CoreError } from '../errors';
import type { HttpClient, HttpResponse, Logger } from '../ports';
import { isObject, requireObject, type JsonObject } from './validate';

/** Who is asking: DE4 takes the username and an API key over HTTP Basic (reference §1.2). */
export interface De4Auth {
  readonly username: string;
  readonly apiKey: string;
}

/** Waits `ms`, or less when the signal aborts (the caller checks the signal after). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface GraphqlTransportOptions {
  /** The GraphQL endpoint, e.g. `https://de4.example.com/Manager/graphql`. */
  readonly endpoint: string;
  /** How the server is named in messages (its base URL). */
  readonly server: string;
  readonly http: HttpClient;
  readonly log: Logger;
  /** Per request. */
  readonly timeoutMs: number;
  /** Retries after the first attempt, on network errors, timeouts and 5xx only. */
  readonly retries: number;
  /** First retry waits about this long; each further one twice as long, with jitter. */
  readonly retryBaseMs: number;
  readonly sleep: Sleep;
  /** In [0, 1); spreads retries of many parallel requests apart. */
  readonly random: () => number;
  readonly now: () => number;
}

/** Longest wait between retries, also the cap for a server's Retry-After. */
const MAX_RETRY_DELAY_MS = 10_000;

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** The error for an aborted signal: a deadline (AbortSignal.timeout) is a timeout, anything else a cancel. */
export function abortedError(signal: AbortSignal | undefined, server: string): CoreError {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new CoreError('timeout', `The DE4 server at ${server} did not finish answering in the time allowed.`, {
      hint: 'Try again, or with fewer apps (without --all); the server may be busy.',
    });
  }
  return new CoreError('cancelled', 'The operation was cancelled.');
}

/** `Basic base64(username:apiKey)`, UTF-8 encoded as curl and requests do. */
export function basicAuth(auth: De4Auth): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(`${auth.username}:${auth.apiKey}`)) {
    binary += String.fromCharCode(byte);
  }
  return 'Basic ' + btoa(binary);
}

/** The first GraphQL error message of a response body, when it has one. */
function firstGraphqlError(json: unknown): string | undefined {
  if (!isObject(json) || !Array.isArray(json['errors']) || json['errors'].length === 0) {
    return undefined;
  }
  const first: unknown = json['errors'][0];
  const message = isObject(first) ? first['message'] : undefined;
  return typeof message === 'string' && message !== '' ? message : 'no message given';
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

type Attempt = { readonly ok: true; readonly response: HttpResponse } | { readonly ok: false; readonly error: CoreError };

/** POSTs GraphQL queries with auth, bounded retries and errors mapped to CoreError codes. */
export class GraphqlTransport {
  constructor(private readonly opts: GraphqlTransportOptions) {}

  /** Runs one query and returns its `data` object. */
  async query(operation: string, query: string, variables: JsonObject, auth: De4Auth, signal?: AbortSignal): Promise<JsonObject> {
    const response = await this.postWithRetries(operation, JSON.stringify({ query, variables }), auth, signal);
    return this.dataOf(operation, response, auth);
  }

  private async postWithRetries(operation: string, body: string, auth: De4Auth, signal: AbortSignal | undefined): Promise<HttpResponse> {
    const { log, retries } = this.opts;
    log.trace(`[api] POST ${this.opts.endpoint} ${operation} ${body.length} bytes`);
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) {
        throw abortedError(signal, this.opts.server);
      }
      const started = this.opts.now();
      const result = await this.attempt(body, auth, signal);
      if (signal?.aborted) {
        throw abortedError(signal, this.opts.server);
      }
      if (result.ok) {
        log.debug(`[api] ${operation}: HTTP ${result.response.status} in ${this.opts.now() - started} ms`);
        const { status } = result.response;
        if (status < 500 || attempt >= retries) {
          return result.response;
        }
      } else if (attempt >= retries) {
        throw result.error;
      }
      const delay = this.retryDelay(attempt, result.ok ? result.response : undefined);
      const why = result.ok ? `HTTP ${result.response.status}` : result.error.message;
      log.warn(`[api] ${operation} failed (${why}); retry ${attempt + 1} of ${retries} in ${delay} ms`);
      await this.opts.sleep(delay, signal);
    }
  }

  private async attempt(body: string, auth: De4Auth, signal: AbortSignal | undefined): Promise<Attempt> {
    const headers = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      // The API key stays in this header only: never in logs, messages or errors.
      Authorization: basicAuth(auth),
      // As Plotly's own client does, so no proxy answers from a cache.
      'Cache-Control': 'no-cache',
    };
    try {
      const response = await this.opts.http.post(this.opts.endpoint, body, {
        headers,
        timeoutMs: this.opts.timeoutMs,
        ...(signal ? { signal } : {}),
      });
      return { ok: true, response };
    } catch (err) {
      return { ok: false, error: this.networkError(err) };
    }
  }

  private networkError(err: unknown): CoreError {
    const { server, timeoutMs } = this.opts;
    const detail = err instanceof Error ? err.message : String(err);
    if (err instanceof CoreError && err.code === 'timeout') {
      return new CoreError('timeout', `The DE4 server at ${server} did not answer within ${Math.round(timeoutMs / 1000)} s.`, {
        hint: 'Check that the server is reachable from this machine (VPN, proxy), or try again later.',
        cause: err,
      });
    }
    return new CoreError('io-failed', `Could not reach the DE4 server at ${server}: ${detail}`, {
      hint: 'Check the URL and the network (VPN, proxy). A self-signed certificate needs its CA file configured.',
      cause: err,
    });
  }

  /** Exponential backoff with jitter; a 503's Retry-After (in seconds) is honoured up to the cap. */
  private retryDelay(attempt: number, response: HttpResponse | undefined): number {
    const backoff = this.opts.retryBaseMs * 2 ** attempt * (0.5 + this.opts.random());
    const retryAfter = Number(response?.headers['retry-after']);
    const wanted = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.max(backoff, retryAfter * 1000) : backoff;
    return Math.round(Math.min(wanted, MAX_RETRY_DELAY_MS));
  }

  private dataOf(operation: string, response: HttpResponse, auth: De4Auth): JsonObject {
    const { server } = this.opts;
    const { status } = response;
    const json = parseJson(response.body);
    if (status === 401 || status === 403) {
      throw new CoreError('auth-failed', `The DE4 server rejected the API key for ${auth.username}.`, {
        hint: 'Create a new key in DE4: username menu → Manage API Key.',
      });
    }
    if (status >= 500) {
      throw new CoreError('io-failed', `The DE4 server at ${server} failed (HTTP ${status}).`, {
        hint: 'The server may be overloaded or restarting; try again later.',
      });
    }
    if (status >= 300 && status < 400) {
      // Only where it points, without a query string that might carry a token.
      const to = response.headers['location']?.split('?')[0];
      throw new CoreError(
        'remote-rejected',
        `The DE4 server redirected the ${operation} request${to ? ` to ${to}` : ''} (HTTP ${status}).`,
        {
          hint: 'Check the DE4 URL (https rather than http?). A redirect to a sign-in page means the URL is not the App Manager API.',
        },
      );
    }
    if (status === 404) {
      throw new CoreError('not-found', `${this.opts.endpoint} does not exist (HTTP 404).`, {
        hint: 'Check the DE4 server URL: it is the address of the App Manager without /Manager.',
      });
    }
    if (status < 200 || status >= 300) {
      const why = firstGraphqlError(json) ?? `HTTP ${status}`;
      throw new CoreError('remote-rejected', `The DE4 server rejected the ${operation} request: ${why}`);
    }
    if (json === undefined) {
      const start = response.body.trimStart().slice(0, 30);
      throw new CoreError(
        'invalid-input',
        `The DE4 server's answer to ${operation} is not JSON (it starts with ${JSON.stringify(start)}).`,
        {
          hint: 'The URL may point to a login page or a proxy rather than the DE4 App Manager.',
        },
      );
    }
    const graphqlError = firstGraphqlError(json);
    if (graphqlError !== undefined) {
      throw new CoreError('remote-rejected', `The DE4 server rejected the ${operation} request: ${graphqlError}`);
    }
    return requireObject(requireObject(json, 'the response')['data'], 'data');
  }
}
