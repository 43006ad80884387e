import * as assert from 'node:assert/strict';
import { De4Client, type De4ClientOptions } from '../../../../src/core/api/de4Client';
import type { De4AppSummary } from '../../../../src/core/api/de4Types';
import { CoreError } from '../../../../src/core/errors';
import { AxiosHttpClient } from '../../../../src/node/axiosHttpClient';
import {
  loadDe4Server,
  type De4ServerModule,
  type De4SeedModule,
  type De4ServerOptions,
  type LoopbackDe4Server,
} from '../../../support/de4ServerModule';
import { RecordingLogger } from '../../../support/recordingLogger';

// The bench for the DE4 API fault tests: the real loopback server (scripts/de4Server) with faults
// injected, the real AxiosHttpClient, and a hang guard around every call. It tallies what it saw so
// the tests can print the reliability figures.

export const ADMIN = { username: 'admin', apiKey: 'admin-key-123' } as const;

/** A ceiling against hangs, not a speed assertion: the slowest case needs about 2 s. */
export const HANG_GUARD_MS = 10_000;

/** Small timeouts and retry waits, so every fault case ends in a second or two. */
export const FAST: Partial<De4ClientOptions> = { timeoutMs: 400, retries: 2, retryBaseMs: 10, maxPageConcurrency: 1 };

/** What one call against a faulty server did. */
export interface Outcome<T> {
  readonly value: T | undefined;
  readonly error: CoreError | undefined;
  readonly elapsedMs: number;
  /** Requests the server received during the call. */
  readonly requests: number;
  readonly injected: number;
  readonly log: RecordingLogger;
}

/** Lists as the tree does: the account first, then its apps. */
export async function listing(client: De4Client): Promise<De4AppSummary[]> {
  const current = await client.current();
  return client.listApps({ all: current.isAdmin });
}

export class FaultLab {
  private mod: (De4ServerModule & De4SeedModule) | undefined;
  private readonly open: LoopbackDe4Server[] = [];
  private readonly http = new AxiosHttpClient();
  private injected = 0;
  private readonly kinds = new Set<string>();
  private hangs = 0;
  private crashes = 0;

  async load(): Promise<void> {
    this.mod = await loadDe4Server();
  }

  get module(): De4ServerModule & De4SeedModule {
    assert.ok(this.mod, 'load() first');
    return this.mod;
  }

  async start(options: De4ServerOptions = {}): Promise<LoopbackDe4Server> {
    const server = await this.module.startDe4Server(options);
    this.open.push(server);
    return server;
  }

  client(server: LoopbackDe4Server, log: RecordingLogger, extra: Partial<De4ClientOptions> = {}): De4Client {
    return new De4Client({ baseUrl: server.url, http: this.http, getAuth: () => Promise.resolve({ ...ADMIN }), log, ...FAST, ...extra });
  }

  /** A client as the tree model builds one, asking `getAuth` for the key; its log is dropped. */
  clientWith(server: LoopbackDe4Server, getAuth: De4ClientOptions['getAuth']): De4Client {
    return this.client(server, new RecordingLogger(), { getAuth });
  }

  /**
   * Runs `call` against `server` under the hang guard. A hang or an error that is not a CoreError (a
   * crash, e.g. a TypeError) fails the test here and is counted.
   */
  async run<T>(server: LoopbackDe4Server, call: (c: De4Client) => Promise<T>, extra: Partial<De4ClientOptions> = {}): Promise<Outcome<T>> {
    const log = new RecordingLogger();
    const client = this.client(server, log, extra);
    const requests0 = server.requests;
    const injected0 = server.faultsInjected;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<'hung'>((resolve) => {
      timer = setTimeout(() => resolve('hung'), HANG_GUARD_MS);
    });
    let value: T | undefined;
    let error: CoreError | undefined;
    try {
      const result = await Promise.race([call(client), guard]);
      if (result === 'hung') {
        this.hangs++;
        // Frees the hung request, so the rest of the run is not held up by it.
        await server.close();
        assert.fail(`no answer within ${HANG_GUARD_MS} ms`);
      }
      value = result;
    } catch (err) {
      if (err instanceof assert.AssertionError) {
        throw err;
      }
      if (!(err instanceof CoreError)) {
        this.crashes++;
        assert.fail(`crashed with ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
      error = err;
    } finally {
      clearTimeout(timer);
    }
    const injected = server.faultsInjected - injected0;
    this.injected += injected;
    Object.keys(server.faultsByKind).forEach((k) => this.kinds.add(k));
    this.assertNoSecret(log.text(), error);
    return { value, error, elapsedMs: performance.now() - started, requests: server.requests - requests0, injected, log };
  }

  /** The outcome's error, checked to be a CoreError with that code, a message and a hint. */
  failure<T>(outcome: Outcome<T>, code: CoreError['code']): CoreError {
    const err = outcome.error;
    assert.ok(err, `expected ${code}, but the call succeeded`);
    assert.equal(err.code, code, err.message);
    assert.ok(err.message.length > 20, `a message that says something: ${err.message}`);
    assert.ok((err.hint ?? '').length > 10, `a hint for ${err.message}`);
    return err;
  }

  private assertNoSecret(logText: string, error: CoreError | undefined): void {
    const basic = Buffer.from(`${ADMIN.username}:${ADMIN.apiKey}`).toString('base64');
    for (const text of [logText, error?.message ?? '', error?.hint ?? '']) {
      assert.ok(!text.includes(ADMIN.apiKey) && !text.includes(basic), `a secret in: ${text}`);
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((s) => s.close()));
  }

  summary(): string {
    return `reliability: DE4 API faults ${this.injected} injected, ${this.kinds.size} kinds, ${this.hangs} hangs, ${this.crashes} crashes`;
  }
}
