import * as assert from 'node:assert/strict';
import { De4Client, normaliseDe4BaseUrl, type De4ClientOptions } from '../../../../src/core/api/de4Client';
import { retryAfterMs } from '../../../../src/core/api/graphqlTransport';
import { CoreError } from '../../../../src/core/errors';
import {
  FakeHttpClient,
  jsonResponse,
  networkError,
  textResponse,
  type FakeStep,
  type RecordedRequest,
} from '../../../support/fakeHttpClient';
import { RecordingLogger } from '../../../support/recordingLogger';

const API_KEY = 's3cret-Key';
const BASIC = 'Basic ' + Buffer.from(`alice:${API_KEY}`).toString('base64');
const CURRENT_OK = jsonResponse({ data: { current: { username: 'alice', isAdmin: true } } });

interface Harness {
  readonly client: De4Client;
  readonly http: FakeHttpClient;
  readonly log: RecordingLogger;
  readonly sleeps: number[];
}

function harness(script: FakeStep | readonly FakeStep[], extra: Partial<De4ClientOptions> = {}): Harness {
  const http = new FakeHttpClient(script);
  const log = new RecordingLogger();
  const sleeps: number[] = [];
  const client = new De4Client({
    baseUrl: 'https://de4.test/',
    http,
    getAuth: () => Promise.resolve({ username: 'alice', apiKey: API_KEY }),
    log,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...extra,
  });
  return { client, http, log, sleeps };
}

function assertNoSecret(h: Harness): void {
  const text = h.log.text();
  assert.ok(!text.includes(API_KEY), 'API key in the log');
  assert.ok(!text.includes(BASIC.slice(6)), 'Basic credentials in the log');
}

async function rejection(p: Promise<unknown>): Promise<CoreError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof CoreError, `not a CoreError: ${String(err)}`);
    return err;
  }
  assert.fail('did not reject');
}

describe('De4Client requests', () => {
  it('POSTs the query as JSON to /Manager/graphql with Basic auth and no-cache', async () => {
    const h = harness(CURRENT_OK);
    assert.deepEqual(await h.client.current(), { username: 'alice', isAdmin: true });
    const req = h.http.requests[0] as RecordedRequest;
    assert.equal(req.url, 'https://de4.test/Manager/graphql');
    assert.equal(req.headers['Authorization'], BASIC);
    assert.equal(req.headers['Cache-Control'], 'no-cache');
    assert.equal(req.headers['Content-Type'], 'application/json');
    assert.match(req.json?.query ?? '', /current\s*\{\s*username isAdmin\s*\}/);
    assert.equal(req.timeoutMs, 60_000);
    assertNoSecret(h);
  });

  it('encodes non-ASCII credentials as UTF-8', async () => {
    const h = harness(CURRENT_OK, { getAuth: () => Promise.resolve({ username: 'zoë', apiKey: 'ключ' }) });
    await h.client.current();
    assert.equal(h.http.requests[0]?.headers['Authorization'], 'Basic ' + Buffer.from('zoë:ключ', 'utf8').toString('base64'));
  });

  it('asks only for the fields it needs when listing', async () => {
    const h = harness(jsonResponse({ data: { apps: { apps: [], nextPage: null } } }));
    await h.client.listApps({ all: true });
    const query = h.http.requests[0]?.json?.query ?? '';
    assert.match(query, /apps\s*\{\s*name owner \{ username \} urlOnServer status \{ running \} \} nextPage/);
    assert.doesNotMatch(query, /environmentVariables|analytics|mutation/);
  });

  it('normalises the base URL', () => {
    assert.equal(normaliseDe4BaseUrl(' https://de4.example.com/ '), 'https://de4.example.com');
    assert.equal(normaliseDe4BaseUrl('https://de4.example.com/Manager/graphql'), 'https://de4.example.com');
    assert.equal(normaliseDe4BaseUrl('http://127.0.0.1:8080/prefix/Manager/'), 'http://127.0.0.1:8080/prefix');
    assert.throws(() => normaliseDe4BaseUrl('de4.example.com'), { code: 'invalid-input' });
    assert.throws(() => normaliseDe4BaseUrl('ftp://de4.example.com'), { code: 'invalid-input' });
    assert.throws(() => normaliseDe4BaseUrl('https://alice:key@de4.example.com'), { code: 'invalid-input' });
  });

  it('refuses an empty API key without sending anything', async () => {
    const h = harness(CURRENT_OK, { getAuth: () => Promise.resolve({ username: 'alice', apiKey: '' }) });
    assert.equal((await rejection(h.client.current())).code, 'auth-failed');
    assert.equal(h.http.requests.length, 0);
  });
});

describe('De4Client errors', () => {
  for (const status of [401, 403]) {
    it(`maps HTTP ${status} to auth-failed with a hint and does not retry`, async () => {
      const h = harness(textResponse('Unauthorized', status));
      const err = await rejection(h.client.current());
      assert.equal(err.code, 'auth-failed');
      assert.equal(err.message, 'The DE4 server rejected the API key for alice.');
      assert.equal(err.hint, 'Create a new key in DE4: username menu → Manage API Key.');
      assert.equal(h.http.requests.length, 1);
      assert.ok(!err.message.includes(API_KEY));
      assertNoSecret(h);
    });
  }

  it('maps a GraphQL errors array to remote-rejected with the first message', async () => {
    const h = harness(jsonResponse({ errors: [{ message: 'Cannot query field "x" on type "App".' }, { message: 'second' }] }));
    const err = await rejection(h.client.current());
    assert.equal(err.code, 'remote-rejected');
    assert.match(err.message, /Cannot query field "x" on type "App"\./);
    assert.doesNotMatch(err.message, /second/);
  });

  it('does not retry a 400 and reports its GraphQL message', async () => {
    const h = harness(jsonResponse({ errors: [{ message: 'Variable "$page" got invalid value' }] }, 400));
    const err = await rejection(h.client.listApps({ all: true }));
    assert.equal(err.code, 'remote-rejected');
    assert.match(err.message, /Variable "\$page" got invalid value/);
    assert.equal(h.http.requests.length, 1);
    assert.deepEqual(h.sleeps, []);
  });

  it('maps 404 to not-found with a hint about the URL', async () => {
    const h = harness(textResponse('Not Found', 404));
    const err = await rejection(h.client.current());
    assert.equal(err.code, 'not-found');
    assert.match(err.hint ?? '', /URL/);
  });

  it('reports a login page instead of JSON as invalid-input', async () => {
    const h = harness(textResponse('<!DOCTYPE html><html>Sign in</html>', 200));
    const err = await rejection(h.client.current());
    assert.equal(err.code, 'invalid-input');
    assert.match(err.message, /not JSON/);
    assert.match(err.hint ?? '', /login page/);
  });

  it('names the wrong field path when the response has the wrong shape', async () => {
    const h = harness(jsonResponse({ data: { current: { username: 42, isAdmin: true } } }));
    const err = await rejection(h.client.current());
    assert.equal(err.code, 'invalid-input');
    assert.match(err.message, /data\.current\.username should be a non-empty name but is 42/);
  });

  it('reports a missing data object', async () => {
    const h = harness(jsonResponse({ nothing: true }));
    assert.match((await rejection(h.client.current())).message, /data should be an object but is undefined/);
  });
});

describe('De4Client retries', () => {
  it('retries a 503 with exponential backoff, then succeeds', async () => {
    const h = harness([textResponse('busy', 503), textResponse('busy', 503), CURRENT_OK]);
    assert.equal((await h.client.current()).username, 'alice');
    assert.equal(h.http.requests.length, 3);
    // random() = 0.5 makes the jitter factor exactly 1.
    assert.deepEqual(h.sleeps, [200, 400]);
    assert.match(h.log.text(), /warn \[api\] Current failed \(HTTP 503\); retry 1 of 3 in 200 ms/);
  });

  it('spreads retries with jitter from the injected random source', async () => {
    const h = harness([textResponse('busy', 502), CURRENT_OK], { random: () => 0 });
    await h.client.current();
    assert.deepEqual(h.sleeps, [100]);
  });

  it('honours Retry-After on a 503, capped', async () => {
    const h = harness([
      textResponse('busy', 503, { 'retry-after': '2' }),
      textResponse('busy', 503, { 'retry-after': '3600' }),
      CURRENT_OK,
    ]);
    await h.client.current();
    assert.deepEqual(h.sleeps, [2000, 10_000]);
  });

  it('retries a 429, honouring Retry-After as seconds or as an HTTP-date, capped', async () => {
    const now = Date.parse('Tue, 01 Jul 2025 12:00:00 GMT');
    const h = harness(
      [
        textResponse('slow down', 429, { 'retry-after': '3' }),
        textResponse('slow down', 429, { 'retry-after': 'Tue, 01 Jul 2025 12:00:05 GMT' }),
        textResponse('slow down', 429, { 'retry-after': 'Tue, 01 Jul 2025 13:00:00 GMT' }),
        CURRENT_OK,
      ],
      { now: () => now },
    );
    assert.equal((await h.client.current()).username, 'alice');
    assert.deepEqual(h.sleeps, [3000, 5000, 10_000]);
  });

  it('gives up on a lasting 429 with remote-rejected and a hint', async () => {
    const h = harness(textResponse('slow down', 429, { 'retry-after': 'soon' }), { retries: 1 });
    const err = await rejection(h.client.current());
    assert.equal(err.code, 'remote-rejected');
    assert.equal(err.message, 'The DE4 server at https://de4.test is limiting the rate of requests (HTTP 429) (2 attempts).');
    assert.match(err.hint ?? '', /rate limit/);
    assert.deepEqual(h.sleeps, [200], 'an unreadable Retry-After falls back to the backoff');
  });

  it('reads Retry-After values', () => {
    const now = Date.parse('Tue, 01 Jul 2025 12:00:00 GMT');
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs(' 0 ', now), 0);
    assert.equal(retryAfterMs('Tue, 01 Jul 2025 12:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Tuesday, 01-Jul-25 12:00:30 GMT', now), 30_000, 'RFC 850 form');
    assert.equal(retryAfterMs('Mon, 30 Jun 2025 12:00:00 GMT', now), 0, 'a date in the past: no wait');
    for (const bad of [undefined, '', '-1', '1.5', 'soon', '2025-07-01']) {
      assert.equal(retryAfterMs(bad, now), undefined, String(bad));
    }
  });

  it('reports a cut-off JSON answer and an empty one with a hint to try again, not as a login page', async () => {
    for (const body of ['{"data":{"current":{"user', '  ']) {
      const err = await rejection(harness(textResponse(body, 200)).client.current());
      assert.equal(err.code, 'invalid-input');
      assert.match(err.message, /answer to Current (is cut off or malformed JSON \(\d+ characters\)|is empty)\.$/);
      assert.match(err.hint ?? '', /try again/);
    }
  });

  it('keeps the API key out of messages quoting the server', async () => {
    const h = harness(jsonResponse({ errors: [{ message: `no such key ${API_KEY} for ${BASIC}` }] }));
    const err = await rejection(h.client.current());
    assert.equal(err.message, 'The DE4 server rejected the Current request: no such key *** for Basic ***');
    assert.match(err.hint ?? '', /report it/);
  });

  it('gives up after three retries of a 5xx with io-failed', async () => {
    const h = harness(textResponse('boom', 500));
    const err = await rejection(h.client.current());
    assert.equal(err.code, 'io-failed');
    assert.match(err.message, /HTTP 500/);
    assert.equal(h.http.requests.length, 4);
    assert.deepEqual(h.sleeps, [200, 400, 800]);
    assertNoSecret(h);
  });

  it('retries network errors and reports the last as io-failed with a hint', async () => {
    const h = harness(networkError('getaddrinfo ENOTFOUND de4.test'));
    const err = await rejection(h.client.current());
    assert.equal(err.code, 'io-failed');
    assert.match(err.message, /Could not reach the DE4 server at https:\/\/de4\.test: getaddrinfo ENOTFOUND/);
    assert.match(err.hint ?? '', /VPN/);
    assert.equal(h.http.requests.length, 4);
  });

  it('retries a timeout and recovers', async () => {
    const h = harness([new CoreError('timeout', 'timeout of 60000ms exceeded'), CURRENT_OK]);
    assert.equal((await h.client.current()).isAdmin, true);
    assert.equal(h.http.requests.length, 2);
  });

  it('reports repeated timeouts as timeout', async () => {
    const h = harness(new CoreError('timeout', 'timeout of 5000ms exceeded'), { timeoutMs: 5000 });
    const err = await rejection(h.client.current());
    assert.equal(err.code, 'timeout');
    assert.match(err.message, /did not answer within 5 s/);
  });

  it('respects a retry count of 0', async () => {
    const h = harness(textResponse('boom', 503), { retries: 0 });
    await rejection(h.client.current());
    assert.equal(h.http.requests.length, 1);
  });

  it('stops retrying promptly when cancelled during the backoff', async () => {
    const controller = new AbortController();
    const h = harness(textResponse('busy', 503), {
      sleep: () => {
        controller.abort();
        return Promise.resolve();
      },
    });
    const err = await rejection(h.client.current(controller.signal));
    assert.equal(err.code, 'cancelled');
    assert.equal(h.http.requests.length, 1);
  });

  it('the default sleep ends early when the signal aborts', async () => {
    const controller = new AbortController();
    const h = harness(textResponse('busy', 503), { sleep: undefined, retryBaseMs: 60_000 });
    setTimeout(() => controller.abort(), 10);
    const started = Date.now();
    assert.equal((await rejection(h.client.current(controller.signal))).code, 'cancelled');
    assert.ok(Date.now() - started < 1000);
  });
});

describe('De4Client redirects', () => {
  it('reports a redirect with where it points, without its query string', async () => {
    const h = harness(textResponse('', 302, { location: 'https://sso.test/login?state=abc' }));
    const err = await rejection(h.client.current());
    assert.equal(err.code, 'remote-rejected');
    assert.match(err.message, /redirected the Current request to https:\/\/sso\.test\/login \(HTTP 302\)/);
    assert.doesNotMatch(err.message, /state=abc/);
    assert.equal(h.http.requests.length, 1);
  });
});
