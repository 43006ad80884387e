import * as assert from 'node:assert/strict';
import { De4Client } from '../../../../src/core/api/de4Client';
import { readAppDetail, readAppSummary } from '../../../../src/core/api/de4Payloads';
import { NULL_LOGGER } from '../../../../src/core/ports';
import { FakeHttpClient, jsonResponse, type RecordedRequest } from '../../../support/fakeHttpClient';

/** The detail payload of reference §1.7, with every field filled in. */
function salesDash(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'sales-dash',
    owner: { username: 'alice' },
    urlOnServer: 'https://de4.example.com/sales-dash',
    collaborators: { users: ['bob'], teams: ['analysts'] },
    metadata: {
      title: 'Sales',
      description: null,
      tags: 'finance, weekly,',
      permissionLevel: 'RESTRICTED',
      showInPortal: false,
      sortRank: null,
      contact: { name: 'Alice', email: 'alice@example.com' },
    },
    hasWorkspace: true,
    mounts: [{ hostDir: '/srv/app-data', targetDir: '/data', status: 'ok' }],
    processes: [
      { type: 'web', number: 1, status: '' },
      { type: 'worker', number: 2, status: '' },
    ],
    environmentVariables: [
      { name: 'API_TOKEN', value: 'v', status: 'set', readonly: false },
      { name: 'DASH_APP_NAME', value: 'sales-dash', status: null, readonly: true },
    ],
    linkedServices: [{ name: 'sales-dash-redis', serviceType: 'REDIS', created: '2021-03-01T10:00:00.000000', status: 'running' }],
    analytics: {
      timestamps: { created: '2021-03-01T09:58:12.000001', updated: null },
      gitRevision: { sha1: 'abc123', subject: 'Fix chart' },
      dependencies: { python: 'dash==1.19.0\n' },
    },
    status: { running: 1, deploying: false, canScale: true },
    ...overrides,
  };
}

describe('DE4 payload readers', () => {
  it('reads a full detail payload and normalises casing, tags and 1/0 flags', () => {
    const app = readAppDetail(salesDash(), 'data.apps.apps[0]');
    assert.equal(app.owner, 'alice');
    assert.deepEqual(app.collaborators, { users: ['bob'], teams: ['analysts'] });
    assert.deepEqual(app.metadata, {
      title: 'Sales',
      description: undefined,
      tags: ['finance', 'weekly'],
      permissionLevel: 'restricted',
      showInPortal: false,
      sortRank: undefined,
      contact: { name: 'Alice', email: 'alice@example.com' },
    });
    assert.equal(app.hasWorkspace, true);
    assert.deepEqual(app.mounts, [{ hostDir: '/srv/app-data', targetDir: '/data', status: 'ok' }]);
    assert.deepEqual(
      app.processes.map((p) => `${p.type}=${p.number}`),
      ['web=1', 'worker=2'],
    );
    assert.deepEqual(
      app.environmentVariables.map((v) => [v.name, v.readonly]),
      [
        ['API_TOKEN', false],
        ['DASH_APP_NAME', true],
      ],
    );
    assert.equal(app.linkedServices[0]?.serviceType, 'redis');
    assert.deepEqual(app.analytics, {
      timestamps: { created: '2021-03-01T09:58:12.000001', updated: undefined },
      gitRevision: { sha1: 'abc123', subject: 'Fix chart' },
      dependencies: { python: 'dash==1.19.0\n' },
    });
    assert.deepEqual(app.status, { running: true, deploying: false, canScale: true });
  });

  it('takes lowercase service types as they are', () => {
    const app = readAppDetail(salesDash({ linkedServices: [{ name: 'db', serviceType: 'postgres' }] }), 'app');
    assert.equal(app.linkedServices[0]?.serviceType, 'postgres');
  });

  it('reads a payload of nulls as empty lists and undefined fields', () => {
    const app = readAppDetail(
      {
        name: 'bare',
        owner: null,
        collaborators: null,
        metadata: null,
        mounts: null,
        processes: [null],
        analytics: { timestamps: null },
        environmentVariables: null,
        linkedServices: null,
        status: null,
      },
      'app',
    );
    assert.equal(app.owner, undefined);
    assert.deepEqual(app.collaborators, { users: [], teams: [] });
    assert.deepEqual(app.metadata.tags, []);
    assert.deepEqual(app.processes, []);
    assert.equal(app.analytics.gitRevision.sha1, undefined);
    assert.deepEqual(app.status, { running: undefined, deploying: undefined, canScale: undefined });
  });

  it('accepts tags as a list', () => {
    assert.deepEqual(readAppDetail(salesDash({ metadata: { tags: ['a', ' b '] } }), 'app').metadata.tags, ['a', 'b']);
  });

  for (const [raw, running] of [
    [true, true],
    [false, false],
    [1, true],
    [0, false],
    [null, undefined],
  ] as const) {
    it(`reads status.running ${String(raw)} as ${String(running)}`, () => {
      assert.equal(readAppSummary({ name: 'a', status: { running: raw } }, 'app').running, running);
    });
  }

  it('names the path of a running flag it cannot read', () => {
    assert.throws(() => readAppSummary({ name: 'a', status: { running: 'yes' } }, 'data.apps.apps[4]'), {
      code: 'invalid-input',
      message: /data\.apps\.apps\[4\]\.status\.running should be true, false, 1 or 0 but is the text "yes"/,
    });
  });

  it('names the path of a wrong nested field in a detail payload', () => {
    assert.throws(() => readAppDetail(salesDash({ mounts: [{ hostDir: '/a', targetDir: 7 }] }), 'data.apps.apps[0]'), {
      message: /data\.apps\.apps\[0\]\.mounts\[0\]\.targetDir should be a non-empty name but is 7/,
    });
    assert.throws(() => readAppDetail(salesDash({ collaborators: { users: 'bob' } }), 'x'), {
      message: /x\.collaborators\.users should be a list but is the text "bob"/,
    });
  });
});

describe('De4Client.listApps validation', () => {
  it('names the app, field and page of a bad listing entry', async () => {
    const http = new FakeHttpClient(
      jsonResponse({ data: { apps: { apps: [{ name: 'ok' }, { name: null, owner: { username: 'x' } }], nextPage: null } } }),
    );
    const client = new De4Client({
      baseUrl: 'https://de4.test',
      http,
      getAuth: () => Promise.resolve({ username: 'a', apiKey: 'k' }),
      log: NULL_LOGGER,
    });
    await assert.rejects(client.listApps({ all: true }), {
      code: 'invalid-input',
      message: /data\.apps\.apps\[1\]\.name should be a non-empty name but is null \(page 0\)\./,
    });
  });

  it('rejects a nextPage that is not a whole number', async () => {
    const http = new FakeHttpClient(jsonResponse({ data: { apps: { apps: [{ name: 'a' }], nextPage: '2' } } }));
    const client = new De4Client({
      baseUrl: 'https://de4.test',
      http,
      getAuth: () => Promise.resolve({ username: 'a', apiKey: 'k' }),
      log: NULL_LOGGER,
    });
    await assert.rejects(client.listApps({ all: true }), { message: /data\.apps\.nextPage should be a number/ });
  });
});

describe('De4Client.appDetail', () => {
  function detailClient(handler: (req: RecordedRequest) => unknown): { client: De4Client; http: FakeHttpClient } {
    const http = new FakeHttpClient((req: RecordedRequest) => jsonResponse(handler(req)));
    const client = new De4Client({
      baseUrl: 'https://de4.test',
      http,
      getAuth: () => Promise.resolve({ username: 'a', apiKey: 'k' }),
      log: NULL_LOGGER,
    });
    return { client, http };
  }

  it('picks the exact-name match from a filtered list and asks by name', async () => {
    const { client, http } = detailClient(() => ({
      data: { apps: { apps: [salesDash({ name: 'sales-dash-old', owner: { username: 'zed' } }), salesDash()], nextPage: null } },
    }));
    const app = await client.appDetail('sales-dash', { all: true });
    assert.equal(app?.name, 'sales-dash');
    assert.equal(app?.owner, 'alice');
    assert.deepEqual(http.variables()[0], { name: 'sales-dash', all: true, page: 0 });
    assert.match(http.requests[0]?.json?.query ?? '', /environmentVariables \{ name value status readonly \}/);
  });

  it('returns undefined when no app has exactly that name', async () => {
    const { client } = detailClient(() => ({ data: { apps: { apps: [salesDash({ name: 'sales-dash-2' })], nextPage: null } } }));
    assert.equal(await client.appDetail('sales-dash', { all: false }), undefined);
  });

  it('follows pages when the filter matches more apps than one page holds', async () => {
    const { client, http } = detailClient((req) => {
      const page = req.json?.variables?.['page'];
      return page === 0
        ? { data: { apps: { apps: [salesDash({ name: 'sales-dash-a' })], nextPage: 1 } } }
        : { data: { apps: { apps: [salesDash()], nextPage: null } } };
    });
    assert.equal((await client.appDetail('sales-dash', { all: true }))?.name, 'sales-dash');
    assert.equal(http.requests.length, 2);
  });

  it('does not validate the other matches', async () => {
    const { client } = detailClient(() => ({
      data: { apps: { apps: [salesDash({ name: 'x', mounts: 'broken' }), salesDash()], nextPage: null } },
    }));
    assert.equal((await client.appDetail('sales-dash', { all: true }))?.mounts.length, 1);
  });
});
