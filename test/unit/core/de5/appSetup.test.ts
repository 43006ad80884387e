import * as assert from 'node:assert/strict';
import type { De4AppMetadataFile } from '../../../../src/core/de4/appMetadata';
import { planAppSetup, runAppSetup, setupChecklist, type De5Admin, type De5ServiceType } from '../../../../src/core/de5/appSetup';
import { DeCliAdmin } from '../../../../src/core/de5/deCliAdmin';
import { verifyDeployed } from '../../../../src/core/de5/verify';
import type { ProcessResult, ProcessRunner } from '../../../../src/core/ports';
import { FakeHttpClient, jsonResponse, networkError, textResponse } from '../../../support/fakeHttpClient';
import { RecordingLogger } from '../../../support/recordingLogger';

const META: De4AppMetadataFile = {
  schemaVersion: 1,
  source: { server: 'https://de4.example.com', app: 'sales-dash' },
  savedAt: 't',
  deployed: {},
  access: { users: [], teams: [] },
  environmentVariables: [
    { name: 'DASH_SECRET_KEY', readonly: true, platform: true },
    { name: 'REDIS_URL', readonly: true, platform: true },
    { name: 'API_TOKEN', readonly: false, platform: false },
    { name: 'LOG_LEVEL', readonly: false, platform: false },
  ],
  linkedServices: [
    { name: 'r1', type: 'redis' },
    { name: 'r2', type: 'redis' },
  ],
  mounts: [{ hostDir: '/srv', targetDir: '/data' }],
  processes: [],
  portal: { tags: [] },
};

/** An in-memory DE5 behind the De5Admin port, counting calls; `seatErrors` first creates fail. */
class FakeAdmin implements De5Admin {
  readonly kind = 'cli' as const;
  apps = new Set<string>();
  env = new Map<string, string>();
  services = new Set<string>();
  pfs = false;
  calls: string[] = [];
  constructor(public seatErrors = 0) {}
  appExists(app: string): Promise<boolean> {
    return Promise.resolve(this.apps.has(app));
  }
  createApp(app: string): Promise<void> {
    this.calls.push(`create ${app}`);
    if (this.seatErrors-- > 0) {
      return Promise.reject(new Error('Error: no licensed_user seat is available'));
    }
    this.apps.add(app);
    return Promise.resolve();
  }
  setEnvironmentVariable(_app: string, name: string, value: string): Promise<void> {
    this.env.set(name, value);
    return Promise.resolve();
  }
  serviceExists(app: string, type: De5ServiceType): Promise<boolean> {
    return Promise.resolve(this.services.has(`${app}/${type}`));
  }
  createService(app: string, type: De5ServiceType): Promise<void> {
    this.calls.push(`service ${type}`);
    this.services.add(`${app}/${type}`);
    return Promise.resolve();
  }
  enablePersistentFilesystem(): Promise<void> {
    this.pfs = true;
    return Promise.resolve();
  }
}

describe('de5/appSetup (the app on DE5 before its first push)', () => {
  it('plans create, the user variables (not the platform ones), one service per type, and the persistent filesystem', () => {
    assert.deepEqual(planAppSetup(META), [
      { kind: 'create-app' },
      { kind: 'env', name: 'API_TOKEN' },
      { kind: 'env', name: 'LOG_LEVEL' },
      { kind: 'service', type: 'redis' },
      { kind: 'persistent-filesystem' },
    ]);
    assert.match(setupChecklist('sales-dash', planAppSetup(META)).join('\n'), /de services create --app-name sales-dash --type redis/);
  });

  it('retries a licence-seat error, skips variables without a value, and a second run changes nothing twice', async () => {
    const admin = new FakeAdmin(2);
    const log = new RecordingLogger();
    const asked: string[] = [];
    const slept: number[] = [];
    const opts = {
      app: 'sales-dash',
      valueFor: (n: string) => (asked.push(n), Promise.resolve(n === 'API_TOKEN' ? 'tok' : undefined)),
      log,
      sleep: (ms: number) => (slept.push(ms), Promise.resolve()),
    };
    const first = await runAppSetup(admin, planAppSetup(META), opts);
    assert.deepEqual(first.skipped, ['LOG_LEVEL']);
    assert.equal(admin.calls.filter((c) => c.startsWith('create')).length, 3, 'two seat errors, then success');
    assert.equal(slept.length, 2);
    assert.equal(admin.env.get('API_TOKEN'), 'tok');
    assert.ok(admin.pfs);
    assert.ok(!log.text().includes('tok'), 'values never reach the log');
    admin.calls = [];
    asked.length = 0;
    await runAppSetup(admin, planAppSetup(META), opts);
    assert.deepEqual(admin.calls, [], 'idempotent: nothing is created again');
    assert.deepEqual(asked, [], "an existing app's variables are left to its owner");
  });

  it('gives up on seat errors after bounded retries', async () => {
    const admin = new FakeAdmin(99);
    await assert.rejects(
      runAppSetup(admin, [{ kind: 'create-app' }], {
        app: 'a',
        valueFor: () => Promise.resolve(undefined),
        sleep: () => Promise.resolve(),
      }),
      /seat/,
    );
    assert.equal(admin.calls.length, 4);
  });
});

class ScriptedRunner implements ProcessRunner {
  calls: { args: readonly string[]; env: Readonly<Record<string, string>> }[] = [];
  constructor(private readonly answer: (args: readonly string[]) => ProcessResult) {}
  run(_cmd: string, args: readonly string[], o: { env?: Readonly<Record<string, string>> } = {}): Promise<ProcessResult> {
    this.calls.push({ args, env: o.env ?? {} });
    return Promise.resolve(this.answer(args));
  }
}

describe('de5/DeCliAdmin (the documented `de` CLI behind the port)', () => {
  it('reads the documented "does not exist" and "False" answers', async () => {
    const runner = new ScriptedRunner((args) =>
      args.includes('exists') && args.includes('apps')
        ? { code: 1, stdout: 'App [a] does not exist on [h].\n', stderr: '' }
        : args.includes('services')
          ? { code: 0, stdout: 'False\n', stderr: '' }
          : { code: 0, stdout: '', stderr: '' },
    );
    const admin = new DeCliAdmin({ runner, command: 'de', host: 'h', username: 'u', password: 'pw' });
    assert.equal(await admin.appExists('a'), false);
    assert.equal(await admin.serviceExists('a', 'redis'), false);
    await admin.setEnvironmentVariable('a', 'API_TOKEN', 'tok');
    const call = runner.calls[2];
    assert.deepEqual(call?.args, [
      '--host',
      'h',
      '--no-keyfile',
      'apps',
      'update',
      '--name',
      'a',
      '--add-environment-variable',
      'API_TOKEN=tok',
    ]);
    assert.equal(call?.env['DASH_ENTERPRISE_PASSWORD'], 'pw', 'the password goes by environment, never argv');
    assert.ok(!runner.calls.some((c) => c.args.includes('pw')));
  });

  it('turns failures into errors without the value', async () => {
    const runner = new ScriptedRunner(() => ({ code: 1, stdout: '', stderr: 'invalid value tok for API_TOKEN' }));
    const admin = new DeCliAdmin({ runner, command: 'de', host: 'h' });
    await assert.rejects(
      admin.setEnvironmentVariable('a', 'API_TOKEN', 'tok'),
      (e: Error) => !e.message.includes('tok ') && /\*\*\*/.test(e.message),
    );
    await assert.rejects(admin.appExists('a'), /de apps exists failed/);
  });
});

describe('de5/verifyDeployed (the app answers after the push)', () => {
  it('waits through 503s until the page and /_dash-layout answer', async () => {
    const http = new FakeHttpClient([textResponse('starting', 503), networkError(), textResponse('<html>'), jsonResponse({ props: {} })]);
    let clock = 0;
    const r = await verifyDeployed('https://h/a', http, {
      timeoutMs: 60_000,
      intervalMs: 1000,
      sleep: (ms) => ((clock += ms), Promise.resolve()),
      now: () => clock,
    });
    assert.deepEqual(r, { ok: true, attempts: 3 });
    assert.deepEqual(
      http.requests.map((q) => q.url),
      ['https://h/a/', 'https://h/a/', 'https://h/a/', 'https://h/a/_dash-layout'],
    );
  });

  it('gives up when the time is over, saying what it saw last', async () => {
    const http = new FakeHttpClient(textResponse('bad gateway', 502));
    let clock = 0;
    const r = await verifyDeployed('https://h/a/', http, {
      timeoutMs: 5000,
      intervalMs: 1000,
      sleep: (ms) => ((clock += ms), Promise.resolve()),
      now: () => clock,
    });
    assert.equal(r.ok, false);
    assert.ok(!r.ok && /502/.test(r.last));
    assert.ok(http.requests.length <= 7);
  });
});
