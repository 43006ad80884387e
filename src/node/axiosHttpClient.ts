import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { CoreError } from '../core/errors';
import type { HttpClient, HttpRequestOptions, HttpResponse } from '../core/ports';

export interface AxiosHttpClientOptions {
  /** PEM text of extra CA certificates (e.g. an enterprise root), trusted besides Node's own list. */
  readonly ca?: string;
  /**
   * Certificate checks are on unless this is explicitly `false`, an opt-out the caller must warn
   * about (self-signed DE4 servers are common; a CA file is the better answer).
   */
  readonly rejectUnauthorized?: boolean;
  /**
   * Called for every new HTTPS connection made while certificate checks are off (never for a reused
   * keep-alive socket), so the opt-out is warned about on each connection, not once per session.
   */
  readonly onInsecureConnection?: (host: string) => void;
  /**
   * `false` ignores HTTP(S)_PROXY for every request. By default axios follows those variables,
   * except for loopback hosts, which a proxy could never reach.
   */
  readonly proxy?: false;
}

/** TLS error codes Node reports when a certificate cannot be trusted. */
const CERT_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function headersOf(response: AxiosResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number') {
      out[name.toLowerCase()] = String(value);
    } else if (Array.isArray(value)) {
      out[name.toLowerCase()] = value.map(String).join(', ');
    }
  }
  return out;
}

/**
 * The HttpClient port over axios. Every status resolves (the API clients map them); failures without
 * a response reject with a CoreError. The axios error is never passed on as the cause: it holds the
 * request headers, and with them the credentials.
 */
export class AxiosHttpClient implements HttpClient {
  private readonly axios: AxiosInstance;
  private readonly useProxy: boolean;
  private readonly onInsecure: ((host: string) => void) | undefined;

  constructor(options: AxiosHttpClientOptions = {}) {
    this.useProxy = options.proxy !== false;
    this.onInsecure = options.rejectUnauthorized === false ? (options.onInsecureConnection ?? (() => undefined)) : undefined;
    this.axios = axios.create({
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({
        keepAlive: true,
        // A `ca` list replaces Node's roots, so the roots are kept next to the extra certificate.
        ...(options.ca !== undefined ? { ca: [...tls.rootCertificates, options.ca] } : {}),
        rejectUnauthorized: options.rejectUnauthorized !== false,
      }),
      responseType: 'text',
      // Text in and out: no JSON guessing in either direction.
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      // A redirect is reported, not followed: for an API call it means a login page or a wrong URL.
      maxRedirects: 0,
    });
  }

  post(url: string, body: string, options: HttpRequestOptions): Promise<HttpResponse> {
    return this.request('POST', url, body, options);
  }

  get(url: string, options: HttpRequestOptions): Promise<HttpResponse> {
    return this.request('GET', url, undefined, options);
  }

  private async request(method: 'GET' | 'POST', url: string, body: string | undefined, options: HttpRequestOptions): Promise<HttpResponse> {
    const { signal, timeoutMs } = options;
    if (signal?.aborted) {
      throw new CoreError('cancelled', 'The request was cancelled.');
    }
    try {
      const response = await this.axios.request<unknown>({
        method,
        url,
        ...(body !== undefined ? { data: body } : {}),
        headers: { ...options.headers },
        ...(signal ? { signal } : {}),
        ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}),
        ...(this.useProxy && !isLoopback(url) ? {} : { proxy: false as const }),
      });
      this.warnIfInsecure(url, response);
      const data = response.data;
      const text =
        typeof data === 'string'
          ? data
          : Buffer.isBuffer(data)
            ? data.toString('utf8')
            : data === undefined || data === null
              ? ''
              : JSON.stringify(data);
      return { status: response.status, headers: headersOf(response), body: text };
    } catch (err) {
      throw this.failure(err, signal, timeoutMs);
    }
  }

  private warnIfInsecure(url: string, response: AxiosResponse): void {
    // axios's Node adapter exposes the ClientRequest, which says whether a kept-alive socket served it.
    const request = response.request as { reusedSocket?: boolean } | undefined;
    if (this.onInsecure && url.startsWith('https:') && request?.reusedSocket !== true) {
      this.onInsecure(new URL(url).host);
    }
  }

  private failure(err: unknown, signal: AbortSignal | undefined, timeoutMs: number | undefined): CoreError {
    if (signal?.aborted || axios.isCancel(err)) {
      return new CoreError('cancelled', 'The request was cancelled.');
    }
    const code = axios.isAxiosError(err) ? err.code : undefined;
    const message = err instanceof Error ? err.message : String(err);
    // A plain Error keeps the diagnosis without the request (and its Authorization header).
    const cause = new Error(code !== undefined ? `${code}: ${message}` : message);
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
      return new CoreError('timeout', `No answer within ${timeoutMs ?? 0} ms.`, { cause });
    }
    if (code !== undefined && CERT_ERRORS.has(code)) {
      return new CoreError('io-failed', `the server's certificate is not trusted (${code})`, {
        hint: 'Configure the CA file of the server; turn certificate checks off only if you trust the network.',
        cause,
      });
    }
    return new CoreError('io-failed', message === '' ? (code ?? 'network error') : message, { cause });
  }
}
