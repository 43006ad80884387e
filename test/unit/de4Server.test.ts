import * as assert from 'node:assert/strict';
import { de4ServerPerTest, type LoopbackDe4Server } from '../support/de4ServerModule';

// The loopback DE4 API server (scripts/de4Server) over real HTTP: auth, paging, visibility, the
// name filter, GraphQL validation, the read-only schema and every quirk; and the seeded apps' code.

interface GraphqlResponse {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string }[] };
}

interface AppsPage {
  apps: { name: string; owner?: { username: string } }[];
  nextPage: number | null;
}

/** The parts of the detail answer the test reads. */
interface DetailApp {
  name: string;
  owner: { username: string };
  collaborators: { users: string[]; teams: string[] };
  metadata: { permissionLevel: string };
  hasWorkspace: boolean;
  mounts: { hostDir: string; targetDir: string; status: string }[];
  processes: { type: string; number: number }[];
  analytics: { timestamps: { created: string }; gitRevision: { sha1: string }; dependencies: { python: string } };
  environmentVariables: { name: string; readonly: boolean }[];
  linkedServices: { name: string; serviceType: string; created: string; status: string }[];
  status: { running: boolean; deploying: boolean; canScale: boolean };
}

const ADMIN = { username: 'admin', apiKey: 'admin-key-123' };
const ALICE = { username: 'alice', apiKey: 'alice-key-123' };
const BOB = { username: 'bob', apiKey: 'bob-key-123' };
const PAGE_QUERY = 'query($p:Int,$all:Boolean,$n:String){apps(page:$p,allApps:$all,name:$n){apps{name owner{username}} nextPage}}';

function basic(user: { username: string; apiKey: string }): string {
  return `Basic ${Buffer.from(`${user.username}:${user.apiKey}`).toString('base64')}`;
}

async function post(server: LoopbackDe4Server, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(server.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
}

async function gql(
  server: LoopbackDe4Server,
  query: string,
  variables: Record<string, unknown> = {},
  user: { username: string; apiKey: string } = ADMIN,
): Promise<GraphqlResponse> {
  const res = await post(server, JSON.stringify({ query, variables }), { Authorization: basic(user) });
  return { status: res.status, body: (await res.json()) as GraphqlResponse['body'] };
}

async function page(server: LoopbackDe4Server, vars: Record<string, unknown>, user = ADMIN): Promise<AppsPage> {
  const res = await gql(server, PAGE_QUERY, vars, user);
  assert.equal(res.status, 200);
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return (res.body.data as { apps: AppsPage }).apps;
}

/** Follows nextPage from `start` and returns the pages' sizes and the numbers visited. */
async function walk(
  server: LoopbackDe4Server,
  start: number,
  user = ADMIN,
): Promise<{ names: string[]; sizes: number[]; pages: number[] }> {
  const names: string[] = [];
  const sizes: number[] = [];
  const pages: number[] = [];
  let next: number | null = start;
  while (next !== null && pages.length < 20) {
    pages.push(next);
    const p = await page(server, { p: next, all: true }, user);
    sizes.push(p.apps.length);
    names.push(...p.apps.map((a) => a.name));
    next = p.nextPage;
  }
  return { names, sizes, pages };
}

describe('scripts/de4Server (loopback DE4 API)', () => {
  const servers = de4ServerPerTest();
  const start = servers.start;

  describe('transport and auth', () => {
    it('listens on loopback and refuses other hosts', async () => {
      const s = await start();
      assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(s.endpoint, `${s.url}/Manager/graphql`);
      await assert.rejects(servers.mod().startDe4Server({ host: '0.0.0.0' }), /loopback only/);
    });

    it('answers 401 without credentials, with a wrong key and for an unknown user', async () => {
      const s = await start();
      const body = JSON.stringify({ query: '{current{username}}' });
      const none = await post(s, body);
      assert.equal(none.status, 401);
      assert.match(none.headers.get('www-authenticate') ?? '', /^Basic/);
      assert.equal((await post(s, body, { Authorization: basic({ username: 'admin', apiKey: 'wrong' }) })).status, 401);
      assert.equal((await post(s, body, { Authorization: basic({ username: 'eve', apiKey: 'admin-key-123' }) })).status, 401);
      assert.equal((await post(s, body, { Authorization: 'Bearer admin-key-123' })).status, 401);
    });

    it('answers current for an admin and a non-admin', async () => {
      const s = await start();
      assert.deepEqual((await gql(s, '{current{username isAdmin}}')).body, { data: { current: { username: 'admin', isAdmin: true } } });
      assert.deepEqual((await gql(s, '{current{username isAdmin}}', {}, ALICE)).body, {
        data: { current: { username: 'alice', isAdmin: false } },
      });
    });

    it('rejects other paths, other methods, non-JSON and bodies over 1 MB', async () => {
      const s = await start();
      const auth = { Authorization: basic(ADMIN) };
      assert.equal((await fetch(`${s.url}/Manager/other`, { method: 'POST', headers: auth, body: '{}' })).status, 404);
      assert.equal((await fetch(s.endpoint, { headers: auth })).status, 405);
      const bad = await post(s, '{not json', auth);
      assert.equal(bad.status, 400);
      assert.ok(Array.isArray(((await bad.json()) as GraphqlResponse['body']).errors));
      assert.equal((await post(s, JSON.stringify({ variables: {} }), auth)).status, 400);
      const huge = JSON.stringify({ query: `{current{username}} #${'x'.repeat(1024 * 1024)}` });
      assert.equal((await post(s, huge, auth)).status, 413);
      assert.equal((await gql(s, '{current{username}}')).status, 200, 'still serving after a refused body');
    });
  });

  describe('GraphQL validation and the read-only schema', () => {
    it('reports an unknown field in the standard errors array and executes nothing', async () => {
      const s = await start();
      const res = await gql(s, '{apps{apps{name password}}}');
      assert.equal(res.status, 200);
      assert.equal(res.body.data, undefined);
      assert.match(res.body.errors?.[0]?.message ?? '', /Cannot query field "password" on type "App"/);
    });

    it('refuses every mutation with a GraphQL error', async () => {
      const s = await start();
      const res = await gql(s, 'mutation{deleteApp(name:"sales-dash"){ok error}}');
      assert.equal(res.body.data ?? null, null);
      assert.ok((res.body.errors?.length ?? 0) > 0);
      assert.equal((await page(s, { all: true, n: 'sales-dash' })).apps.length, 2, 'nothing was deleted');
    });

    it('reports a syntax error, the same way each time a query is sent again', async () => {
      const s = await start();
      const first = await gql(s, '{apps{apps{name}');
      assert.match(first.body.errors?.[0]?.message ?? '', /^Syntax Error/);
      assert.deepEqual((await gql(s, '{apps{apps{name}')).body, first.body);
      assert.equal((await page(s, { p: 0, all: true })).apps.length, 10);
      assert.equal((await page(s, { p: 1, all: true })).apps.length, 10, 'a cached query runs with new variables');
    });

    it('checks variable types', async () => {
      const s = await start();
      const res = await gql(s, PAGE_QUERY, { p: 'one' });
      assert.match(res.body.errors?.[0]?.message ?? '', /\$p/);
    });

    it('answers the reference detail query with every documented field', async () => {
      const s = await start();
      const query = `query($n:String,$all:Boolean){apps(name:$n,allApps:$all){apps{name owner{username} urlOnServer thumbnailUrl
        logs{app failed} collaborators{users teams}
        metadata{title description tags permissionLevel showInPortal sortRank contact{name email}} hasWorkspace
        mounts{hostDir targetDir status} processes{type number status}
        analytics{timestamps{created updated visited error} gitRevision{sha1 subject error}
          resources{cpuUsage containersRunning memoryUsage memoryCapacity imageSize diskCapacity containerSize error}
          dependencies{python error} appname}
        environmentVariables{name value status readonly} linkedServices{name serviceType created status}
        status{running deploying canScale} resources{type status request{cpu gpu memory} limit{cpu gpu memory}}}}}`;
      const res = await gql(s, query, { n: 'sales-dash', all: true });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      const apps = (res.body.data as { apps: { apps: Record<string, unknown>[] } }).apps.apps;
      const app = apps.find((a) => a.name === 'sales-dash') as DetailApp | undefined;
      assert.ok(app);
      assert.deepEqual(app.owner, { username: 'alice' });
      assert.deepEqual(app.collaborators, { users: ['bob'], teams: ['analysts'] });
      assert.equal(app.metadata.permissionLevel, 'restricted');
      assert.equal(app.hasWorkspace, true);
      assert.deepEqual(app.mounts, [{ hostDir: '/srv/app-data', targetDir: '/data', status: 'mounted' }]);
      assert.deepEqual(
        app.processes.map((p) => `${p.type}=${p.number}`),
        ['web=2', 'worker=1'],
      );
      assert.match(app.analytics.timestamps.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
      assert.match(app.analytics.gitRevision.sha1, /^[0-9a-f]{40}$/);
      assert.match(app.analytics.dependencies.python, /^dash==1\.19\.0$/m);
      const env = app.environmentVariables;
      assert.ok(env.some((e) => e.name === 'DASH_APP_NAME' && e.readonly));
      assert.ok(env.some((e) => e.name === 'REDIS_URL'));
      assert.ok(env.some((e) => e.name === 'API_TOKEN' && !e.readonly));
      assert.equal(app.linkedServices.length, 1);
      assert.equal(app.linkedServices[0]?.name, 'sales-dash-redis');
      assert.equal(app.linkedServices[0]?.serviceType, 'REDIS');
      assert.match(app.linkedServices[0]?.created ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
      assert.deepEqual(app.status, { running: true, deploying: false, canScale: true });
    });

    it('serves appsCount, services and sshKeys for the caller', async () => {
      const s = await start();
      const admin = (await gql(s, '{appsCount{username count user{username isDashCreator}} services{name serviceType} sshKeys{keys}}')).body
        .data as { appsCount: { username: string; count: number }[]; services: { name: string }[]; sshKeys: { keys: string } };
      assert.equal(
        admin.appsCount.reduce((n, c) => n + c.count, 0),
        servers.mod().seedApps().length,
      );
      assert.ok(admin.services.some((x) => x.name === 'inventory-pg-postgres'));
      const alice = (await gql(s, '{appsCount{username count} services{name} sshKeys{keys}}', {}, ALICE)).body.data as typeof admin;
      assert.deepEqual(
        alice.appsCount.map((c) => c.username),
        ['alice'],
      );
      assert.ok(alice.services.every((x) => !x.name.startsWith('inventory-pg')));
      assert.equal(alice.sshKeys.keys.split('\n').length, 2);
    });
  });

  describe('listing', () => {
    it('pages from 0 by default: 10 per page, nextPage null at the end, every seeded app once', async () => {
      const s = await start();
      const all = await walk(s, 0);
      assert.deepEqual(all.pages, [0, 1, 2, 3]);
      assert.deepEqual(all.sizes, [10, 10, 10, 4]);
      assert.equal(new Set(all.names).size, 34);
      assert.deepEqual(await page(s, { p: 9, all: true }), { apps: [], nextPage: null });
    });

    it('pages from 1 when firstPage is 1, and reads page 0 as the first page', async () => {
      const s = await start({ firstPage: 1, pageSize: 15 });
      const all = await walk(s, 1);
      assert.deepEqual(all.pages, [1, 2, 3]);
      assert.deepEqual(all.sizes, [15, 15, 4]);
      const zero = await page(s, { p: 0, all: true });
      assert.deepEqual(zero, await page(s, { p: 1, all: true }));
      assert.equal(zero.nextPage, 2);
    });

    it('lists every app for an admin with allApps, and only the caller’s own apps otherwise', async () => {
      const s = await start();
      const seed = servers.mod().seedApps() as { owner: { username: string } }[];
      const owned = (u: string) => seed.filter((a) => a.owner.username === u).length;
      assert.equal((await walk(s, 0)).names.length, seed.length);
      const adminOwn = await page(s, { all: false });
      assert.ok(adminOwn.apps.every((a) => a.owner?.username === 'admin'));
      const alice = await walk(s, 0, ALICE);
      assert.equal(alice.names.length, owned('alice'));
      assert.ok(alice.names.includes('sales-dash') && !alice.names.includes('inventory-pg'));
      assert.ok(owned('alice') < seed.length);
    });

    it('filters by name as a substring; the exact match is the client’s to pick', async () => {
      const s = await start();
      const names = async (n: string, user = ADMIN) => (await page(s, { all: true, n }, user)).apps.map((a) => a.name).sort();
      assert.deepEqual(await names('sales-dash'), ['sales-dash', 'sales-dash-v2']);
      assert.deepEqual(await names('inventory-pg'), ['inventory-pg']);
      assert.deepEqual(await names('sales-dash', BOB), ['sales-dash-v2']);
      assert.deepEqual(await names('no-such-app'), []);
    });

    it('serves manyApps for the bench: 5,000 apps in 500 pages', async () => {
      const s = await start({ apps: servers.mod().manyApps(5000) });
      const last = await page(s, { p: 499, all: true });
      assert.equal(last.apps.length, 10);
      assert.equal(last.apps[9]?.name, 'bench-app-05000');
      assert.equal(last.nextPage, null);
    });
  });

  describe('quirks', () => {
    const runningOf = async (s: LoopbackDe4Server, name: string): Promise<unknown> => {
      const res = await gql(s, 'query($n:String){apps(name:$n,allApps:true){apps{name status{running} linkedServices{serviceType}}}}', {
        n: name,
      });
      const apps = (res.body.data as { apps: { apps: { name: string; status: { running: unknown } }[] } }).apps.apps;
      return apps.find((a) => a.name === name)?.status.running;
    };
    const serviceTypes = async (s: LoopbackDe4Server): Promise<unknown[]> => {
      const res = await gql(s, '{services{serviceType}}');
      return [...new Set((res.body.data as { services: { serviceType: string }[] }).services.map((x) => x.serviceType))].sort();
    };

    it('serviceTypeCase: REDIS/POSTGRES by default or when upper, redis/postgres when lower', async () => {
      assert.deepEqual(await serviceTypes(await start()), ['POSTGRES', 'REDIS']);
      assert.deepEqual(await serviceTypes(await start({ quirks: { serviceTypeCase: 'upper' } })), ['POSTGRES', 'REDIS']);
      assert.deepEqual(await serviceTypes(await start({ quirks: { serviceTypeCase: 'lower' } })), ['postgres', 'redis']);
    });

    it('runningAs: booleans by default, 1 and 0 when int', async () => {
      const bool = await start();
      assert.equal(await runningOf(bool, 'sales-dash'), true);
      assert.equal(await runningOf(bool, 'climate-conda'), false);
      const int = await start({ quirks: { runningAs: 'int' } });
      assert.equal(await runningOf(int, 'sales-dash'), 1);
      assert.equal(await runningOf(int, 'climate-conda'), 0);
    });

    it('repeatNextPage: the last page points at itself', async () => {
      const s = await start({ quirks: { repeatNextPage: true } });
      assert.equal((await page(s, { p: 2, all: true })).nextPage, 3);
      const last = await page(s, { p: 3, all: true });
      assert.equal(last.apps.length, 4);
      assert.equal(last.nextPage, 3);
    });

    it('emptyPageAt: that page is empty but still points onwards', async () => {
      const s = await start({ quirks: { emptyPageAt: 1 } });
      assert.deepEqual(await page(s, { p: 1, all: true }), { apps: [], nextPage: 2 });
      assert.equal((await page(s, { p: 2, all: true })).apps.length, 10);
    });

    it('failFirst: the first k requests answer 503, then the server serves', async () => {
      const s = await start({ quirks: { failFirst: 2 } });
      const body = JSON.stringify({ query: '{current{username}}' });
      const auth = { Authorization: basic(ADMIN) };
      assert.equal((await post(s, body, auth)).status, 503);
      assert.equal((await post(s, body, auth)).status, 503);
      assert.equal((await post(s, body, auth)).status, 200);
      assert.equal(s.requests, 3);
      assert.deepEqual(
        s.log.map((e) => e.status),
        [503, 503, 200],
      );
    });

    it('errorStatus 400: a response with only errors gets HTTP 400, as graphene servers answer', async () => {
      const s = await start({ quirks: { errorStatus: 400 } });
      const res = await gql(s, '{apps{apps{nope}}}');
      assert.equal(res.status, 400);
      assert.ok(res.body.errors?.length);
      assert.equal((await gql(s, '{current{username}}')).status, 200);
    });

    it('delayMs: answers late, requests overlap, and close() does not wait for a sleeping request', async () => {
      const s = await start({ quirks: { delayMs: 200 } });
      const t0 = Date.now();
      await Promise.all([0, 1, 2].map((p) => page(s, { p, all: true })));
      const elapsed = Date.now() - t0;
      assert.ok(elapsed >= 190 && elapsed < 1500, `elapsed ${elapsed} ms`);
      assert.equal(s.maxInFlight, 3);
      const slow = await start({ quirks: { delayMs: 30_000 } });
      const pending = gql(slow, '{current{username}}').then(
        () => 'answered',
        () => 'dropped',
      );
      await new Promise((r) => setTimeout(r, 50));
      const c0 = Date.now();
      await slow.close();
      assert.ok(Date.now() - c0 < 2000);
      assert.ok(['answered', 'dropped'].includes(await pending));
    });

    it('rejects unknown quirks and bad options', async () => {
      await assert.rejects(servers.mod().startDe4Server({ quirks: { nope: true } as never }), /unknown quirk/);
      await assert.rejects(servers.mod().startDe4Server({ firstPage: 2 as never }), /firstPage/);
      await assert.rejects(servers.mod().startDe4Server({ pageSize: 0 }), /pageSize/);
    });
  });

  describe('seeded apps’ code', () => {
    const seeded = (name: string): DetailApp & { analytics: { dependencies: { python: string } } } => {
      const app = (servers.mod().seedApps() as DetailApp[]).find((a) => a.name === name);
      assert.ok(app, name);
      return app;
    };

    it('gives a pip app requirements from its installed packages, runtime.txt, and a worker with DOKKU_SCALE', () => {
      const app = seeded('sales-dash');
      const files = servers.mod().appSourceFiles(app);
      assert.equal(servers.mod().isCondaApp(app), false);
      assert.deepEqual(Object.keys(files).sort(), ['DOKKU_SCALE', 'Procfile', 'app.py', 'requirements.txt', 'runtime.txt', 'worker.py']);
      const reqs = (files['requirements.txt'] ?? '').split('\n').slice(1, -1);
      assert.deepEqual(reqs, app.analytics.dependencies.python.split('\n'));
      assert.match(files.Procfile ?? '', /^worker: /m);
      assert.equal(files.DOKKU_SCALE, 'web=1\nworker=1\n');
      assert.match(files['app.py'] ?? '', /'\/data'/);
      assert.match(files['app.py'] ?? '', /REDIS_URL/);
    });

    it('gives a conda app both conda files, and no worker when it runs none', () => {
      const app = seeded('climate-conda');
      const files = servers.mod().appSourceFiles(app);
      assert.equal(servers.mod().isCondaApp(app), true);
      assert.equal(files['conda-runtime.txt'], 'Miniconda3-4.5.12\n');
      assert.match(files['conda-requirements.txt'] ?? '', /^numpy=1\.21\.2=py37_0$/m);
      assert.equal(files['runtime.txt'], undefined);
      assert.equal(files.DOKKU_SCALE, undefined);
      assert.deepEqual(servers.mod().appSourceFiles(app), files, 'deterministic');
    });
  });

  it('describes itself with the seeded credentials for the start banner', async () => {
    const s = await start();
    const lines = servers.mod().describeDe4Server(s).join('\n');
    assert.ok(lines.includes(s.url));
    assert.match(lines, /admin \/ API key admin-key-123/);
  });
});
