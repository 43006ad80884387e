import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppsJson } from '../../../src/cli/appsCommand';
import { loadDe4Server, type De4SeedModule, type De4ServerModule } from '../../support/de4ServerModule';
import { runCliCaptured, type CliRun as Run } from '../../support/cliRun';

const KEY = 'alice-secret-key';

function run(argv: readonly string[], env: Record<string, string | undefined> = { DE4_API_KEY: KEY }): Promise<Run> {
  return runCliCaptured(argv, { cwd: process.cwd(), env });
}

interface TinyRequest {
  readonly authorization: string | undefined;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

/** A tiny DE4 stand-in: `current` and pages of three apps, two per page, for alice (not an admin). */
function tinyDe4(seen: TinyRequest[]): http.Server {
  const apps = [
    { name: 'sales-dash', owner: { username: 'alice' }, urlOnServer: 'https://de4.test/sales-dash', status: { running: true } },
    { name: 'ops', owner: { username: 'alice' }, urlOnServer: null, status: { running: 0 } },
    { name: 'forecast', owner: null, urlOnServer: null, status: null },
  ];
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
      seen.push({ authorization: req.headers.authorization, query, variables });
      res.setHeader('Content-Type', 'application/json');
      if (req.headers.authorization !== 'Basic ' + Buffer.from(`alice:${KEY}`).toString('base64')) {
        res.statusCode = 401;
        res.end('{"message":"unauthorized"}');
        return;
      }
      if (query.includes('current')) {
        res.end(JSON.stringify({ data: { current: { username: 'alice', isAdmin: false } } }));
        return;
      }
      const page = Number(variables['page']);
      res.end(JSON.stringify({ data: { apps: { apps: apps.slice(page * 2, page * 2 + 2), nextPage: page < 1 ? page + 1 : null } } }));
    });
  });
}

describe('cli apps', () => {
  const seen: TinyRequest[] = [];
  let server: http.Server;
  let url: string;

  before(async () => {
    server = tinyDe4(seen);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('prints a table of name, owner and running', async () => {
    const r = await run(['apps', '--de4', url, '--user', 'alice']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'NAME        OWNER  RUNNING',
        'sales-dash  alice  yes',
        'ops         alice  no',
        'forecast    -      unknown',
        '',
        `3 apps on ${url} (own apps).`,
        '',
      ].join('\n'),
    );
    assert.equal(r.stderr, '');
    assert.deepEqual(
      seen.map((s) => s.variables['page']),
      [undefined, 0, 1],
    );
  });

  it('prints JSON with --format json', async () => {
    const r = await run(['apps', `--de4=${url}/`, '--user', 'alice', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as AppsJson;
    assert.deepEqual(out, {
      version: 1,
      server: url,
      user: 'alice',
      all: false,
      apps: [
        { name: 'sales-dash', owner: 'alice', urlOnServer: 'https://de4.test/sales-dash', running: true },
        { name: 'ops', owner: 'alice', urlOnServer: null, running: false },
        { name: 'forecast', owner: null, urlOnServer: null, running: null },
      ],
    });
  });

  it('falls back to own apps with a warning when --all is asked for without an admin key', async () => {
    const r = await run(['apps', '--de4', url, '--user', 'alice', '--all']);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /warn alice is not a DE4 admin, so only their own apps are listed/);
    assert.ok(seen.slice(1).every((s) => s.variables['all'] === false));
  });

  it('exits 2 when DE4_API_KEY is not set, without a request', async () => {
    const r = await run(['apps', '--de4', url, '--user', 'alice'], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /DE4_API_KEY/);
    assert.equal(seen.length, 0);
  });

  it('refuses the key as a flag', async () => {
    const r = await run(['apps', '--de4', url, '--user', 'alice', '--api-key', KEY]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /DE4_API_KEY environment variable only, never from a flag/);
    assert.equal(seen.length, 0);
  });

  it('needs --de4 and --user', async () => {
    assert.equal((await run(['apps', '--user', 'alice'])).code, 2);
    assert.match((await run(['apps', '--de4', url])).stderr, /apps needs --de4 <url> and --user <name>/);
  });

  it('exits 2 with the message and hint when the key is rejected, never printing the key', async () => {
    const r = await run(['apps', '--de4', url, '--user', 'alice'], { DE4_API_KEY: 'wrong-key' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /The DE4 server rejected the API key for alice\.\nCreate a new key in DE4: username menu → Manage API Key\./);
    assert.ok(!r.stderr.includes('wrong-key'));
    assert.equal(seen.length, 1);
  });

  it('exits 2 when the server cannot be reached', async function () {
    this.timeout(10_000);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await run(['apps', '--de4', `http://127.0.0.1:${port}`, '--user', 'alice']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Could not reach the DE4 server at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    assert.match(r.stderr, /retry 3 of 3/);
  });

  it('exits 2 on a --de4 value that is not a URL', async () => {
    const r = await run(['apps', '--de4', 'de4.example.com', '--user', 'alice']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"de4\.example\.com" is not a URL\.\nUse the DE4 address/);
    assert.equal(seen.length, 0);
  });

  it('exits 2 on an unreadable --ca-file', async () => {
    const r = await run(['apps', '--de4', url, '--user', 'alice', '--ca-file', 'no/such/ca.pem']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--ca-file no\/such\/ca\.pem cannot be read/);
  });
});

describe('cli apps against the loopback DE4 server', () => {
  let mod: De4ServerModule & De4SeedModule;

  before(async () => {
    mod = await loadDe4Server();
  });

  async function listJson(
    options: Parameters<De4ServerModule['startDe4Server']>[0],
    user: string,
    key: string,
    all: boolean,
  ): Promise<AppsJson> {
    const server = await mod.startDe4Server(options);
    try {
      const r = await run(['apps', '--de4', server.url, '--user', user, '--format', 'json', ...(all ? ['--all'] : [])], {
        DE4_API_KEY: key,
      });
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as AppsJson;
    } finally {
      await server.close();
    }
  }

  it('lists every seeded app for the admin with --all', async () => {
    const out = await listJson({}, 'admin', 'admin-key-123', true);
    const expected = (mod.seedApps() as { name: string }[]).map((a) => a.name).sort();
    assert.ok(expected.length >= 30);
    assert.deepEqual(out.apps.map((a) => a.name).sort(), expected);
    assert.equal(out.all, true);
  });

  it('lists only the own apps of a non-admin', async () => {
    const out = await listJson({}, 'alice', 'alice-key-123', false);
    assert.ok(out.apps.length > 0);
    assert.ok(out.apps.every((a) => a.owner === 'alice'));
  });

  it('reads a server counting pages from 1 with running as 1/0 and a repeated nextPage', async () => {
    const expected = (mod.seedApps() as { name: string }[]).map((a) => a.name).sort();
    const out = await listJson({ firstPage: 1, quirks: { runningAs: 'int', repeatNextPage: true } }, 'admin', 'admin-key-123', true);
    assert.deepEqual(out.apps.map((a) => a.name).sort(), expected);
    assert.ok(out.apps.some((a) => a.running === false) && out.apps.some((a) => a.running === true));
  });

  it('recovers from a 503 (honouring its Retry-After)', async () => {
    const out = await listJson({ quirks: { failFirst: 1 } }, 'admin', 'admin-key-123', true);
    assert.ok(out.apps.length >= 30);
  });
});
