import * as assert from 'node:assert/strict';
import type { De4Client, De4ClientOptions } from '../../../../src/core/api/de4Client';
import { De4AppsModel } from '../../../../src/core/de4/appsModel';
import type { De4ServerConfig } from '../../../../src/core/de4/serverConfig';
import type { CoreErrorCode } from '../../../../src/core/errors';
import type { De4Fault, LoopbackDe4Server } from '../../../support/de4ServerModule';
import { RecordingLogger } from '../../../support/recordingLogger';
import { ADMIN, FaultLab, HANG_GUARD_MS, listing } from './de4FaultLab';

// DE4 API faults injected by the real loopback server and met by the real client over real HTTP:
// every one ends in a bounded number of requests and a CoreError with a message and a hint, or, where
// the data still makes sense, in a listing with a warning. Nothing hangs, nothing crashes.

/** Where a fault is aimed: page 1 of the listing (after `current` and page 0), or the detail lookup. */
interface Target {
  readonly name: 'listing' | 'detail';
  readonly fault: Pick<De4Fault, 'operation' | 'page'>;
  /** Requests before the faulted one. */
  readonly before: number;
}

const TARGETS: readonly Target[] = [
  { name: 'listing', fault: { operation: 'ListApps', page: 1 }, before: 2 },
  { name: 'detail', fault: { operation: 'AppDetail' }, before: 0 },
];

interface FaultCase {
  readonly title: string;
  readonly fault: De4Fault;
  readonly code: CoreErrorCode;
  /** Checked against the message; `{op}` is replaced by the target's operation. */
  readonly message: string;
  readonly hint: RegExp;
  /** Requests the faulted query makes: 1, or 1 + retries. */
  readonly attempts: number;
  readonly client?: Partial<De4ClientOptions>;
  /** The least the call must take: the server's Retry-After was honoured. */
  readonly minMs?: number;
}

const OP = { listing: 'ListApps', detail: 'AppDetail' } as const;

const CASES: readonly FaultCase[] = [
  {
    title: 'connection reset before answering',
    fault: { kind: 'reset' },
    code: 'io-failed',
    message: 'dropped the connection before it answered: .*\\(3 attempts\\)',
    hint: /proxy/,
    attempts: 3,
  },
  {
    title: 'a hang: no answer until the client gives up',
    fault: { kind: 'hang' },
    code: 'timeout',
    message: 'did not answer within 400 ms \\(3 attempts\\)',
    hint: /reachable/,
    attempts: 3,
    minMs: 3 * 400,
  },
  ...([500, 502, 503, 504] as const).map((status): FaultCase => ({
    title: `HTTP ${status}`,
    fault: { kind: 'status', status },
    code: 'io-failed',
    message: `failed \\(HTTP ${status}\\) \\(3 attempts\\)`,
    hint: /overloaded/,
    attempts: 3,
  })),
  ...(['seconds', 'date'] as const).map((form): FaultCase => ({
    title: `429 with Retry-After as ${form}, honoured`,
    fault: { kind: 'rateLimit', retryAfter: 1, retryAfterForm: form },
    code: 'remote-rejected',
    message: 'limiting the rate of requests \\(HTTP 429\\) \\(2 attempts\\)',
    hint: /rate limit/,
    attempts: 2,
    client: { retries: 1 },
    // A date has whole seconds; the server rounds it up, and a little is lost on the way.
    minMs: 900,
  })),
  {
    title: '429 asking for an hour, capped',
    fault: { kind: 'rateLimit', retryAfter: 3600 },
    code: 'remote-rejected',
    message: 'HTTP 429\\) \\(3 attempts\\)',
    hint: /rate limit/,
    attempts: 3,
    client: { maxRetryDelayMs: 50 },
  },
  {
    title: 'a connection cut midway through the answer',
    fault: { kind: 'cutConnection' },
    code: 'io-failed',
    message: 'dropped the connection before it answered: .*\\(3 attempts\\)',
    hint: /proxy/,
    attempts: 3,
  },
  {
    title: 'a complete answer whose JSON is truncated',
    fault: { kind: 'truncated', at: 0.6 },
    code: 'invalid-input',
    message: 'answer to {op} is cut off or malformed JSON \\(\\d+ characters\\)',
    hint: /cut the answer short/,
    attempts: 1,
  },
  {
    title: 'an HTML login page with 200',
    fault: { kind: 'loginPage' },
    code: 'invalid-input',
    message: 'answer to {op} is not JSON \\(it starts with "<!DOCTYPE html>',
    hint: /login page/,
    attempts: 1,
  },
  {
    title: 'a GraphQL errors array without data',
    fault: { kind: 'graphqlErrors', message: 'Internal server error' },
    code: 'remote-rejected',
    message: 'rejected the {op} request: Internal server error',
    hint: /report it with the log/,
    attempts: 1,
  },
  {
    title: 'a GraphQL errors array beside partial data',
    fault: { kind: 'graphqlErrors', message: 'Cannot read app metadata', withData: true },
    code: 'remote-rejected',
    message: 'answered the {op} request only in part: Cannot read app metadata',
    hint: /report it with the log/,
    attempts: 1,
  },
  {
    title: 'a GraphQL error that echoes the credentials',
    fault: { kind: 'graphqlErrors', message: `bad key ${ADMIN.apiKey} (Basic ${Buffer.from(`admin:${ADMIN.apiKey}`).toString('base64')})` },
    code: 'remote-rejected',
    message: 'request: bad key \\*\\*\\* \\(Basic \\*\\*\\*\\)',
    hint: /report it/,
    attempts: 1,
  },
  {
    title: 'a page cut midway, ending in an app without its fields',
    fault: { kind: 'cutPage' },
    code: 'invalid-input',
    message: 'data\\.apps\\.apps\\[\\d+\\]\\.name should be a non-empty name but is null \\(page \\d\\)',
    hint: /API version/,
    attempts: 1,
  },
  {
    title: 'an app without its name',
    fault: { kind: 'brokenApp', index: 0, field: 'name' },
    code: 'invalid-input',
    message: 'data\\.apps\\.apps\\[0\\]\\.name should be a non-empty name but is null \\(page \\d\\)',
    hint: /API version/,
    attempts: 1,
  },
];

describe('DE4 API faults (loopback server, real HTTP client)', function () {
  this.timeout(HANG_GUARD_MS + 5000);
  const lab = new FaultLab();
  before(() => lab.load());
  afterEach(() => lab.closeAll());
  after(() => {
    // eslint-disable-next-line no-console
    console.log(`      ${lab.summary()}`);
  });

  describe('every fault ends in a clear error, boundedly', () => {
    for (const c of CASES) {
      for (const target of TARGETS) {
        it(`${c.title} (${target.name})`, async () => {
          const server = await lab.start({ faults: [{ ...c.fault, ...target.fault }] });
          const call = (cl: De4Client): Promise<unknown> =>
            target.name === 'listing' ? listing(cl) : cl.appDetail('sales-dash', { all: true });
          const out = await lab.run(server, call, c.client);
          const err = lab.failure(out, c.code);
          assert.match(err.message, new RegExp(c.message.replace('{op}', OP[target.name])));
          assert.match(err.hint ?? '', c.hint);
          assert.equal(out.requests, target.before + c.attempts, 'requests: the ones before, then 1 + retries at most');
          assert.equal(out.injected, c.attempts);
          assert.ok(out.elapsedMs >= (c.minMs ?? 0), `took ${out.elapsedMs.toFixed(0)} ms; Retry-After or the timeout not honoured`);
        });
      }
    }

    it('an app missing a required nested field in the detail names its path', async () => {
      const server = await lab.start({ faults: [{ kind: 'brokenApp', operation: 'AppDetail', field: 'mounts.0.hostDir' }] });
      const out = await lab.run(server, (c) => c.appDetail('sales-dash', { all: true }));
      const err = lab.failure(out, 'invalid-input');
      assert.match(err.message, /data\.apps\.apps\[0\]\.mounts\[0\]\.hostDir should be a non-empty name but is null\./);
      assert.equal(out.requests, 1);
    });

    it('an app missing an optional field is read as absent', async () => {
      const server = await lab.start({ faults: [{ kind: 'brokenApp', operation: 'ListApps', page: 2, index: 3, field: 'owner' }] });
      const out = await lab.run(server, listing);
      assert.equal(out.value?.length, 34);
      const broken = (lab.module.seedApps()[23] as { name: string }).name;
      assert.equal(out.value?.find((a) => a.name === broken)?.owner, undefined);
      assert.ok(out.value?.some((a) => a.owner !== undefined));
      assert.equal(out.injected, 1);
    });
  });

  describe('transient faults are retried and the call succeeds', () => {
    const transient: readonly De4Fault[] = [
      { kind: 'reset' },
      { kind: 'hang' },
      { kind: 'status', status: 503, retryAfter: 0 },
      { kind: 'rateLimit', retryAfter: 0 },
      { kind: 'cutConnection', at: 0.3 },
    ];
    for (const fault of transient) {
      it(`${fault.kind}, twice on page 1, then served`, async () => {
        const server = await lab.start({ faults: [{ ...fault, operation: 'ListApps', page: 1, times: 2 }] });
        const out = await lab.run(server, listing);
        assert.equal(out.error, undefined, out.error?.message);
        assert.equal(out.value?.length, 34);
        // current, page 0, page 1 three times, pages 2 and 3.
        assert.equal(out.requests, 7);
        assert.equal(out.injected, 2);
        assert.match(out.log.text(), /warn \[api\] ListApps failed \(.+\); retry 2 of 2/);
      });
    }

    it('selects by request number and by the first k requests', async () => {
      const first = await lab.start({ faults: [{ kind: 'status', status: 502, first: 2 }] });
      const a = await lab.run(first, listing);
      assert.equal(a.value?.length, 34);
      assert.equal(a.requests, 3 + 4, 'current three times, then four pages');
      const numbered = await lab.start({ faults: [{ kind: 'reset', requests: [3] }] });
      const b = await lab.run(numbered, listing);
      assert.equal(b.value?.length, 34);
      assert.equal(b.requests, 1 + 5, 'page 1 (request 3) once more');
      assert.deepEqual(
        numbered.log.map((e) => e.fault ?? e.status),
        [200, 200, 'reset', 200, 200, 200],
      );
    });

    it('a hang on a page fetched ahead in parallel still ends in a timeout, boundedly', async () => {
      const server = await lab.start({ faults: [{ kind: 'hang', operation: 'ListApps', page: 2 }] });
      const out = await lab.run(server, listing, { maxPageConcurrency: 4 });
      assert.equal(lab.failure(out, 'timeout').message, `The DE4 server at ${server.url} did not answer within 400 ms (3 attempts).`);
      assert.equal(out.injected, 3);
      assert.ok(out.requests <= 1 + 4 + 2 + 4, `${out.requests} requests`);
    });
  });

  describe('broken pagination ends the listing, boundedly, with a warning', () => {
    it('a short page that still names a next page: the apps sent, and a warning', async () => {
      const server = await lab.start({ faults: [{ kind: 'shortPage', operation: 'ListApps', page: 1, keep: 7 }] });
      const out = await lab.run(server, listing);
      assert.equal(out.value?.length, 31);
      assert.equal(out.requests, 1 + 4);
      assert.match(out.log.text(), /warn \[api\] page 1 has 7 items, fewer than the 10 of an earlier page, yet names page 2/);
    });

    it('a cycle between two pages (1 → 2 → 1) stops at the repeat, with a warning', async () => {
      const server = await lab.start({ faults: [{ kind: 'loop', operation: 'ListApps', page: 2, to: 1 }] });
      const out = await lab.run(server, listing);
      assert.equal(out.value?.length, 30);
      assert.equal(out.requests, 1 + 3);
      assert.match(out.log.text(), /warn \[api\] listing ends after page 2: nextPage 1 was already fetched .*paginating in a loop/);
    });

    it('a cycle in a detail lookup stops too; the app is reported missing', async () => {
      const server = await lab.start({ pageSize: 2, faults: [{ kind: 'loop', operation: 'AppDetail', page: 2, to: 1 }] });
      // `report-0` is no app, but its filter matches report-01…report-09 (five pages of two).
      const out = await lab.run(server, (c) => c.appDetail('report-0', { all: true }));
      assert.equal(out.error, undefined, out.error?.message);
      assert.equal(out.value, undefined);
      assert.equal(out.requests, 3);
    });

    it('a last page that points at itself forever: every app, no extra request', async () => {
      const server = await lab.start({ faults: [{ kind: 'loop', operation: 'ListApps', page: 3, to: 3 }] });
      const out = await lab.run(server, listing);
      assert.equal(out.value?.length, 34);
      assert.equal(out.requests, 1 + 4);
    });

    it('pages that repeat the last page under new numbers forever: stops when nothing is new', async () => {
      const server = await lab.start({ faults: [{ kind: 'endless', fresh: false }] });
      const out = await lab.run(server, listing);
      assert.equal(out.value?.length, 34);
      assert.equal(out.requests, 1 + 5);
    });

    it('pages with new apps forever: stops at maxPages, for listings and lookups', async () => {
      const server = await lab.start({ faults: [{ kind: 'endless', fresh: true }] });
      const out = await lab.run(server, listing, { maxPages: 12 });
      assert.equal(out.value?.length, 34 + 8 * 4);
      assert.equal(out.requests, 1 + 12);
      assert.match(out.log.text(), /warn \[api\] listing stops at 12 pages/);
      // A lookup has its own bound (100 pages): the name is never matched exactly.
      const lookup = await lab.run(server, (c) => c.appDetail('report-2', { all: true }));
      assert.equal(lookup.value, undefined);
      assert.equal(lookup.requests, 100);
      assert.match(lookup.log.text(), /warn \[api\] listing stops at 100 pages/);
    });
  });

  describe('the DE4 Apps tree model', () => {
    const SERVER: De4ServerConfig = Object.freeze({
      id: 'loopback|admin',
      label: 'loopback',
      url: '',
      username: ADMIN.username,
      caFile: undefined,
      verifyTls: true,
      ssh: { host: '127.0.0.1', port: 3022, user: 'dokku' },
    });

    function modelFor(server: LoopbackDe4Server): { model: De4AppsModel; config: De4ServerConfig } {
      const config = { ...SERVER, url: server.url };
      const model = new De4AppsModel({
        createApi: (_s, getAuth) => lab.clientWith(server, getAuth),
        apiKey: () => Promise.resolve(ADMIN.apiKey),
        isTrusted: () => true,
        log: new RecordingLogger(),
      });
      model.setServers([config]);
      return { model, config };
    }

    it('a permanent fault ends in the error state with its message; a refresh after it clears loads', async () => {
      const server = await lab.start({ faults: [{ kind: 'status', status: 502 }] });
      const { model, config } = modelFor(server);
      try {
        const failed = await settled(model, () => model.serverState(config.id));
        assert.equal(failed.kind, 'error');
        assert.equal(failed.failure.message, `The DE4 server at ${server.url} failed (HTTP 502) (3 attempts).`);
        assert.match(failed.failure.hint ?? '', /try again later/);
        assert.equal(server.requests, 3, 'current, 1 + 2 retries; the error state does not retry by itself');

        server.setFaults([]);
        model.refresh(config.id);
        const loaded = await settled(model, () => model.serverState(config.id));
        assert.equal(loaded.kind, 'loaded');
        assert.equal(loaded.apps.length, 34);
        assert.equal(server.faultsInjected, 3);
      } finally {
        model.dispose();
      }
    });

    it('an app whose details keep failing shows the error; Retry after the fault clears loads them', async () => {
      const server = await lab.start({ faults: [{ kind: 'truncated', operation: 'AppDetail' }] });
      const { model, config } = modelFor(server);
      try {
        assert.equal((await settled(model, () => model.serverState(config.id))).kind, 'loaded');
        const failed = await settled(model, () => model.detailState(config.id, 'sales-dash'));
        assert.equal(failed.kind, 'error');
        assert.match(failed.failure.message, /^The DE4 server's answer to AppDetail is cut off or malformed JSON \(\d+ characters\)\.$/);
        assert.match(failed.failure.hint ?? '', /try again/);
        server.setFaults([]);
        model.retryDetail(config.id, 'sales-dash');
        const loaded = await settled(model, () => model.detailState(config.id, 'sales-dash'));
        assert.equal(loaded.kind, 'loaded');
        assert.equal(loaded.detail.name, 'sales-dash');
      } finally {
        model.dispose();
      }
    });
  });
});

/** The state once it is no longer loading, waiting on the model's change events (bounded). */
async function settled<S extends { kind: string }>(model: De4AppsModel, state: () => S): Promise<S> {
  const deadline = Date.now() + HANG_GUARD_MS;
  let now = state();
  while (now.kind === 'loading' || now.kind === 'idle') {
    assert.ok(Date.now() < deadline, `still ${now.kind} after ${HANG_GUARD_MS} ms`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 200);
      const sub = model.onDidChange(done);
      function done(): void {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
    now = state();
  }
  return now;
}
