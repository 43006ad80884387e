import { CoreError } from '../../src/core/errors';
import type { HttpClient, HttpRequestOptions, HttpResponse } from '../../src/core/ports';

export interface RecordedRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body: string;
  /** The body as JSON (GraphQL `{ query, variables }`), or undefined when it is not JSON. */
  readonly json: { readonly query?: string; readonly variables?: Record<string, unknown> } | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number | undefined;
  readonly signal: AbortSignal | undefined;
}

/** What a scripted step does: answer, fail as the network would, or compute the answer. */
export type FakeStep = HttpResponse | Error | ((req: RecordedRequest) => HttpResponse | Error | Promise<HttpResponse | Error>);

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function textResponse(body: string, status = 200, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, body };
}

/** A network failure as the Node port reports it. */
export function networkError(message = 'connect ECONNREFUSED 127.0.0.1:9'): CoreError {
  return new CoreError('io-failed', message);
}

/**
 * HttpClient fake: records every request and answers from a handler, or from a script consumed in
 * order (the last step repeats). An aborted signal rejects a pending request with `cancelled`, as the
 * real port does.
 */
export class FakeHttpClient implements HttpClient {
  readonly requests: RecordedRequest[] = [];
  private readonly steps: FakeStep[];

  constructor(script: FakeStep | readonly FakeStep[]) {
    this.steps = Array.isArray(script) ? [...(script as readonly FakeStep[])] : [script as FakeStep];
  }

  post(url: string, body: string, options: HttpRequestOptions): Promise<HttpResponse> {
    return this.answer('POST', url, body, options);
  }

  get(url: string, options: HttpRequestOptions): Promise<HttpResponse> {
    return this.answer('GET', url, '', options);
  }

  private async answer(method: 'GET' | 'POST', url: string, body: string, options: HttpRequestOptions): Promise<HttpResponse> {
    const req: RecordedRequest = {
      method,
      url,
      body,
      json: parseJson(body),
      headers: { ...options.headers },
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    };
    this.requests.push(req);
    const step = this.steps.length > 1 ? this.steps.shift() : this.steps[0];
    if (step === undefined) {
      throw new Error('FakeHttpClient has no script');
    }
    const outcome = typeof step === 'function' ? abortable(Promise.resolve(step(req)), options.signal) : Promise.resolve(step);
    const result = await outcome;
    if (result instanceof Error) {
      throw result;
    }
    return result;
  }

  /** The GraphQL variables of every request, in order. */
  variables(): (Record<string, unknown> | undefined)[] {
    return this.requests.map((r) => r.json?.variables);
  }
}

function parseJson(body: string): RecordedRequest['json'] {
  try {
    return JSON.parse(body) as RecordedRequest['json'];
  } catch {
    return undefined;
  }
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) {
    return p;
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CoreError('cancelled', 'The request was cancelled.'));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Resolves after `ms` of real time; for tests that need requests to overlap. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
