import * as assert from 'node:assert/strict';
import { de4ServerPerTest, type LoopbackDe4Server } from '../support/de4ServerModule';

// The loopback DE4 API server's fault layer over real HTTP (scripts/de4Server/faults.mjs): what the
// client's fault tests (test/unit/core/api/de4Faults.test.ts) rely on the server to do.

const ADMIN = { username: 'admin', apiKey: 'admin-key-123' };

function basic(user: { username: string; apiKey: string }): string {
  return `Basic ${Buffer.from(`${user.username}:${user.apiKey}`).toString('base64')}`;
}

async function post(server: LoopbackDe4Server, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(server.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
}

describe('scripts/de4Server (loopback DE4 API): fault injection', () => {
  const servers = de4ServerPerTest();
  const start = servers.start;

  describe('faults', () => {
    const body = JSON.stringify({ query: 'query Current { current { username } }' });
    const auth = { Authorization: basic(ADMIN) };

    it('answers 429 with Retry-After in seconds or as an HTTP-date, counts, stops after `times`, and can be cleared', async () => {
      const s = await start({
        faults: [
          { kind: 'rateLimit', retryAfter: 2, retryAfterForm: 'date', times: 1 },
          { kind: 'status', status: 504, requests: [3] },
        ],
      });
      const limited = await post(s, body, auth);
      assert.equal(limited.status, 429);
      const wait = Date.parse(limited.headers.get('retry-after') ?? '') - Date.now();
      assert.ok(wait > 1000 && wait <= 3000, `Retry-After date ${wait} ms ahead`);
      assert.equal((await post(s, body, auth)).status, 200, 'times: 1');
      assert.equal((await post(s, body, auth)).status, 504, 'request 3');
      s.setFaults([{ kind: 'rateLimit', retryAfter: 7 }]);
      assert.equal((await post(s, body, auth)).headers.get('retry-after'), '7');
      s.setFaults([]);
      assert.equal((await post(s, body, auth)).status, 200);
      assert.equal(s.faultsInjected, 3);
      assert.deepEqual(s.faultsByKind, { rateLimit: 2, status: 1 });
      assert.deepEqual(
        s.log.map((e) => e.fault ?? '-'),
        ['rateLimit', '-', 'status', 'rateLimit', '-'],
      );
    });

    it('close() ends a hung request at once', async () => {
      const s = await start({ faults: [{ kind: 'hang' }] });
      const pending = post(s, body, auth).then(
        () => 'answered',
        () => 'dropped',
      );
      await new Promise((r) => setTimeout(r, 50));
      const t0 = Date.now();
      await s.close();
      assert.ok(Date.now() - t0 < 2000);
      assert.equal(await pending, 'dropped');
    });

    it('rejects unknown kinds, options and bad values', async () => {
      assert.deepEqual(servers.mod().FAULT_KINDS.length, 13);
      for (const bad of [
        { kind: 'nope' },
        { kind: 'reset', status: 500 },
        { kind: 'status', status: 418 },
        { kind: 'loop' },
        { kind: 'hang', times: 0 },
      ]) {
        await assert.rejects(servers.mod().startDe4Server({ faults: [bad as never] }), /fault /, JSON.stringify(bad));
      }
    });
  });
});
