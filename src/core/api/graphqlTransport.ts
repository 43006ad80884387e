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
  /** Retries after the first attempt, on network errors, timeouts, 429 and 5xx only. */
  readonly retries: number;
  /** First retry waits about this long; each further one twice as long, with jitter. */
  readonly retryBaseMs: number;
  /** Longest wait between retries, also the cap for a server's Retry-After. */
  readonly maxRetryDelayMs: number;
  readonly sleep: Sleep;
  /** In [0, 1); spreads retries of many parallel requests apart. */
  readonly random: () => number;
  readonly now: () => number;
}

/** Longest wait between retries by default, also the cap for a server's Retry-After. */
export const MAX_RETRY_DELAY_MS = 10_000;

/** Server text quoted in a message is cut to this many characters. */
const MAX_QUOTED = 300;

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

/**
 * Milliseconds a `Retry-After` value asks to wait: delay-seconds or an HTTP-date (RFC 9110 §10.2.3),
 * or undefined when it is absent or neither. Dates must start with a day name, so a stray number such
 * as `1.5` is not read as a date.
 */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  const at = /^[A-Za-z]{3,9},?\s/.test(text) ? Date.parse(text) : NaN;
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

function durationText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function attemptsText(attempts: number): string {
  return attempts > 1 ? ` (${attempts} attempts)` : '';
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

/** True when `data` holds something besides the errors: the server answered in part. */
function hasPartialData(json: unknown): boolean {
  const data = isObject(json) ? json['data'] : undefined;
  return isObject(data) && Object.values(data).some((v) => v !== null && v !== undefined);
}

/** Server text for a message: the credentials blanked out (a server may echo them), and cut short. */
function quoted(text: string, auth: De4Auth): string {
  let out = text;
  for (const secret of [auth.apiKey, basicAuth(auth).slice('Basic '.length)]) {
    if (secret !== '') {
      out = out.split(secret).join('***');
    }
  }
  return out.length > MAX_QUOTED ? `${out.slice(0, MAX_QUOTED)}…` : out;
}

/** Messages of network failures where the connection was there and then dropped (Node's and axios' wording). */
const DROPPED = /ECONNRESET|EPIPE|socket hang up|aborted|ERR_BAD_RESPONSE|premature close/i;

const GRAPHQL_HINT =
  'If it names a field or an argument, the server may run a DE4 version this extension does not know; please report it with the log. Otherwise try again later.';

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

type Attempt = { readonly ok: true; readonly response: HttpResponse } | { readonly ok: false; readonly error: unknown };

interface Answer {
  readonly response: HttpResponse;
  readonly attempts: number;
}

/** POSTs GraphQL queries with auth, bounded retries and errors mapped to CoreError codes. */
export class GraphqlTransport {
  constructor(private readonly opts: GraphqlTransportOptions) {}

  /** Runs one query and returns its `data` object. */
  async query(operation: string, query: string, variables: JsonObject, auth: De4Auth, signal?: AbortSignal): Promise<JsonObject> {
    const answer = await this.postWithRetries(operation, JSON.stringify({ query, variables }), auth, signal);
    return this.dataOf(operation, answer, auth);
  }

  /** Bounded: at most `retries` + 1 requests, each bounded by the timeout, with capped waits between. */
  private async postWithRetries(operation: string, body: string, auth: De4Auth, signal: AbortSignal | undefined): Promise<Answer> {
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
        if (!isRetryable(result.response.status) || attempt >= retries) {
          return { response: result.response, attempts: attempt + 1 };
        }
      } else if (attempt >= retries) {
        throw this.networkError(result.error, auth, attempt + 1);
      }
      const delay = this.retryDelay(attempt, result.ok ? result.response : undefined);
      const why = result.ok ? `HTTP ${result.response.status}` : quoted(errorText(result.error), auth);
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
      return { ok: false, error: err };
    }
  }

  /** The error for a request that never got an answer, after `attempts` tries. */
  private networkError(err: unknown, auth: De4Auth, attempts: number): CoreError {
    const { server, timeoutMs } = this.opts;
    if (err instanceof CoreError && err.code === 'timeout') {
      return new CoreError(
        'timeout',
        `The DE4 server at ${server} did not answer within ${durationText(timeoutMs)}${attemptsText(attempts)}.`,
        {
          hint: 'Check that the server is reachable from this machine (VPN, proxy), or try again later.',
          cause: err,
        },
      );
    }
    const detail = quoted(errorText(err), auth);
    const cause: unknown = err instanceof Error ? err.cause : undefined;
    if (DROPPED.test(detail) || (cause instanceof Error && DROPPED.test(cause.message))) {
      return new CoreError(
        'io-failed',
        `The DE4 server at ${server} dropped the connection before it answered: ${detail}${attemptsText(attempts)}.`,
        {
          hint: 'The server, a proxy or a load balancer closed the connection; try again later, and check the VPN or proxy if it keeps happening.',
          cause: err,
        },
      );
    }
    return new CoreError('io-failed', `Could not reach the DE4 server at ${server}: ${detail}${attemptsText(attempts)}`, {
      hint: 'Check the URL and the network (VPN, proxy). A self-signed certificate needs its CA file configured.',
      cause: err,
    });
  }

  /** Exponential backoff with jitter; a Retry-After (seconds or a date) is honoured up to the cap. */
  private retryDelay(attempt: number, response: HttpResponse | undefined): number {
    const backoff = this.opts.retryBaseMs * 2 ** attempt * (0.5 + this.opts.random());
    const retryAfter = retryAfterMs(response?.headers['retry-after'], this.opts.now());
    const wanted = retryAfter !== undefined ? Math.max(backoff, retryAfter) : backoff;
    return Math.round(Math.min(wanted, this.opts.maxRetryDelayMs));
  }

  private dataOf(operation: string, answer: Answer, auth: De4Auth): JsonObject {
    const { server } = this.opts;
    const { response, attempts } = answer;
    const { status } = response;
    const json = parseJson(response.body);
    if (status === 401 || status === 403) {
      throw new CoreError('auth-failed', `The DE4 server rejected the API key for ${auth.username}.`, {
        hint: 'Create a new key in DE4: username menu → Manage API Key.',
      });
    }
    if (status >= 500) {
      throw new CoreError('io-failed', `The DE4 server at ${server} failed (HTTP ${status})${attemptsText(attempts)}.`, {
        hint: 'The server may be overloaded or restarting; try again later.',
      });
    }
    if (status === 429) {
      throw new CoreError(
        'remote-rejected',
        `The DE4 server at ${server} is limiting the rate of requests (HTTP 429)${attemptsText(attempts)}.`,
        {
          hint: 'Wait a minute and try again. If it keeps happening, ask the DE4 administrator about the rate limit.',
        },
      );
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
      throw new CoreError('remote-rejected', `The DE4 server rejected the ${operation} request: ${quoted(why, auth)}`, {
        hint: GRAPHQL_HINT,
      });
    }
    if (json === undefined) {
      throw this.notJson(operation, response.body, auth);
    }
    const graphqlError = firstGraphqlError(json);
    if (graphqlError !== undefined) {
      // Partial data is refused too: a migration must not go on with part of an app's settings.
      const how = hasPartialData(json) ? `answered the ${operation} request only in part` : `rejected the ${operation} request`;
      throw new CoreError('remote-rejected', `The DE4 server ${how}: ${quoted(graphqlError, auth)}`, {
        hint: GRAPHQL_HINT,
      });
    }
    return requireObject(requireObject(json, 'the response')['data'], 'data');
  }

  /** An answer that is not JSON: a login page or proxy page, or JSON cut short. */
  private notJson(operation: string, body: string, auth: De4Auth): CoreError {
    const text = body.trim();
    if (text === '' || text.startsWith('{') || text.startsWith('[')) {
      const what = text === '' ? 'is empty' : `is cut off or malformed JSON (${body.length} characters)`;
      return new CoreError('invalid-input', `The DE4 server's answer to ${operation} ${what}.`, {
        hint: 'A proxy or a dropped connection may have cut the answer short; try again. If it keeps happening, report it with the log.',
      });
    }
    const start = quoted(text.slice(0, 30), auth);
    return new CoreError(
      'invalid-input',
      `The DE4 server's answer to ${operation} is not JSON (it starts with ${JSON.stringify(start)}).`,
      {
        hint: 'The URL may point to a login page or a proxy rather than the DE4 App Manager.',
      },
    );
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
