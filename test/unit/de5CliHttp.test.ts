import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DE_CLI_PATH, loadDe5Cli, loadDe5Http, runDeCli, type De5CliModule } from '../support/de5StandIns';

// The `de` CLI stand-in (scripts/de5Cli) as a real executable over its state file, and the
// deployed-app HTTP stand-in (scripts/de5Http). The git endpoint is covered in de5StandIns.test.ts.

describe('DE5 de CLI and app HTTP stand-ins', function () {
  this.timeout(20_000);
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'de5-cli-test-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  describe('de CLI (scripts/de5Cli)', () => {
    let cli: De5CliModule;
    let stateFile: string;
    let reposDir: string;
    const auth = { DASH_ENTERPRISE_HOST: 'de5.example.com', DASH_ENTERPRISE_USERNAME: 'alice', DASH_ENTERPRISE_PASSWORD: 's3cret-pw' };
    /** The executable, as the product will run it. */
    const de = (args: string[], extra: Record<string, string> = {}) => runDeCli(args, { DE_STUB_STATE: stateFile, ...auth, ...extra });
    /** The same code in-process (the executable is a thin wrapper; a Node start-up per call is slow on a busy machine). */
    const deInProcess = (args: string[]) => {
      const { exitCode, stdout, stderr } = cli.runDe(args, { DE_STUB_STATE: stateFile, ...auth });
      return Promise.resolve({ code: exitCode, stdout, stderr });
    };

    before(async () => {
      cli = await loadDe5Cli();
      stateFile = path.join(tmp, 'de-state.json');
      reposDir = path.join(tmp, 'de-repos');
      cli.createDeStubState(stateFile, {
        host: 'de5.example.com',
        users: { alice: 's3cret-pw' },
        apps: ['old-app'],
        seatErrorsOnCreate: 1,
        reposDir,
      });
    });

    it('is an executable that prints its version', async () => {
      assert.ok((statSync(DE_CLI_PATH).mode & 0o111) !== 0, 'chmod +x');
      const r = await de(['--version']);
      assert.deepEqual(r, { code: 0, stdout: `de, version ${cli.DE_VERSION}\n`, stderr: '' });
    });

    it('apps exists / create: the documented sentence, a licence seat error once, then the app and its repository', async () => {
      assert.equal(
        (await de(['--no-keyfile', 'apps', 'exists', '-n', 'new-app'])).stdout,
        'App [new-app] does not exist on [de5.example.com].\n',
      );
      assert.equal((await de(['--no-keyfile', 'apps', 'exists', '-n', 'old-app'])).stdout, 'App [old-app] exists on [de5.example.com].\n');
      const seat = await de(['--no-keyfile', 'apps', 'create', '-n', 'new-app']);
      assert.equal(seat.code, 1);
      assert.match(seat.stderr, /License seat limit reached/);
      const created = await de(['--no-keyfile', 'apps', 'create', '-n', 'new-app']);
      assert.deepEqual(created, { code: 0, stdout: 'App [new-app] created on [de5.example.com].\n', stderr: '' });
      assert.ok(existsSync(path.join(reposDir, 'new-app.git', 'HEAD')));
      assert.equal((await de(['--no-keyfile', 'apps', 'create', '-n', 'new-app'])).code, 1, 'exists already');
      assert.equal(cli.readDeStubState(stateFile).apps['new-app']?.owner, 'alice');
    });

    it('apps update / info and services create / exists change and report the app', async () => {
      const update = ['--no-keyfile', 'apps', 'update', '--name', 'new-app', '--persistent-filesystem', '--python-version', '3.11'];
      const updated = await deInProcess([
        ...update,
        '--add-environment-variable',
        'API_TOKEN=tok-123',
        '--add-environment-variable=MODE=prod',
      ]);
      assert.equal(updated.code, 0, updated.stderr);
      assert.equal((await deInProcess(['--no-keyfile', 'services', 'exists', '-n', 'new-app', '-t', 'redis'])).stdout, 'False\n');
      assert.equal((await deInProcess(['--no-keyfile', 'services', 'create', '--app-name', 'new-app', '--type', 'redis'])).code, 0);
      assert.equal((await deInProcess(['--no-keyfile', 'services', 'exists', '-n', 'new-app', '-t', 'redis'])).stdout, 'True\n');
      assert.equal((await deInProcess(['--no-keyfile', 'services', 'create', '--app-name', 'new-app', '--type', 'mysql'])).code, 2);
      const info = JSON.parse((await deInProcess(['--no-keyfile', 'apps', 'info', '-n', 'new-app'])).stdout) as Record<string, unknown>;
      assert.deepEqual(
        [info.persistentFilesystem, info.pythonVersion, info.environmentVariables, info.services],
        [true, '3.11', ['API_TOKEN', 'MODE'], ['redis']],
      );
      assert.deepEqual(cli.readDeStubState(stateFile).apps['new-app']?.environmentVariables, { API_TOKEN: 'tok-123', MODE: 'prod' });
      const missing = await deInProcess(['--no-keyfile', 'apps', 'update', '--name', 'nope', '--persistent-filesystem']);
      assert.deepEqual([missing.code, missing.stderr], [1, 'App [nope] does not exist on [de5.example.com].\n']);
    });

    it('checks credentials with --no-keyfile, and logs every call with variable values redacted', async () => {
      const wrong = await de(['--no-keyfile', 'apps', 'exists', '-n', 'old-app'], { DASH_ENTERPRISE_PASSWORD: 'wrong' });
      assert.deepEqual([wrong.code, wrong.stdout], [1, '']);
      assert.match(wrong.stderr, /Authentication failed/);
      assert.equal((await de(['apps', 'exists', '-n', 'old-app'])).code, 1, 'no keyfile login');
      assert.equal((await de(['--host', 'other.example.com', '--no-keyfile', 'apps', 'exists', '-n', 'old-app'])).code, 1);
      const { log } = cli.readDeStubState(stateFile);
      const text = JSON.stringify(log);
      for (const secret of ['tok-123', 'prod', 's3cret-pw', 'wrong']) {
        assert.ok(!text.includes(secret), `log holds ${secret}`);
      }
      const update = log.find((e) => e.argv.includes('update') && e.argv.includes('--python-version'));
      assert.deepEqual(update?.argv.slice(-3), [
        '--add-environment-variable',
        'API_TOKEN=<redacted>',
        '--add-environment-variable=MODE=<redacted>',
      ]);
      assert.deepEqual(
        log.slice(-3).map((e) => [e.user, e.exitCode]),
        [
          [null, 1],
          [null, 1],
          [null, 1],
        ],
      );
      assert.ok(log.length >= 15);
    });
  });

  describe('deployed app over HTTP (scripts/de5Http)', () => {
    it('answers 503 until the app is ready, then the index page and the layout; unknown apps 404', async () => {
      const http = await loadDe5Http();
      const server = await http.startDe5AppServer({ apps: { 'sales-dash': { readyAfterRequests: 2 } } });
      try {
        const get = async (p: string) => {
          const res = await fetch(`${server.url}${p}`, { redirect: 'manual' });
          return { status: res.status, body: await res.text() };
        };
        assert.equal((await get('/sales-dash/')).status, 503);
        assert.equal((await get('/sales-dash/_dash-layout')).status, 503);
        const page = await get('/sales-dash/');
        assert.equal(page.status, 200);
        assert.match(page.body, /react-entry-point/);
        const layout = await get('/sales-dash/_dash-layout');
        assert.equal(layout.status, 200);
        assert.ok('props' in (JSON.parse(layout.body) as object));
        assert.equal((await get('/nope/')).status, 404);
        assert.equal((await get('/sales-dash')).status, 308);
        assert.equal(server.hits('sales-dash'), 5);
        assert.equal(server.hits('nope'), 0);
      } finally {
        await server.close();
      }
    });
  });
});
