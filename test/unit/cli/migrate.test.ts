// `de-migrate migrate` end to end over the real parts: the loopback DE4 API, real git over the DE4
// sshd stand-in, the `de` stand-in, real git over the DE5 sshd stand-in and the DE5 app HTTP
// stand-in. Twenty apps, one of which never answers on DE5; a rerun with the cause fixed and
// --retry-failed reruns only that app's failed step.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../../../src/cli/args';
import { runCli } from '../../../src/cli/main';
import { parseMigrateArgs } from '../../../src/cli/migrateArgs';
import { parseMigrationState, type MigrationStateFile } from '../../../src/shared/migrationState';
import { loadDe4Server, type LoopbackDe4Server } from '../../support/de4ServerModule';
import { loadDe4Ssh, type LoopbackDe4SshServer } from '../../support/de4SshModule';
import {
  DE_CLI_PATH,
  loadDe5Cli,
  loadDe5Http,
  loadDe5Ssh,
  type De5AppServer,
  type De5CliModule,
  type LoopbackDe5SshServer,
} from '../../support/de5StandIns';

const APPS = Array.from({ length: 20 }, (_, i) => `fleet-${String(i + 1).padStart(2, '0')}`);
/** Its DE5 app server does not know it, so the verify step fails (404) until the test adds it. */
const SILENT = 'fleet-13';
/** Has a user variable whose value comes from --env-file. */
const WITH_VALUE = 'fleet-05';
const SECRET = 'tok-fleet-05-s3cret';
const CONDA = ['dash==1.21.0', 'numpy==1.21.2', 'scipy==1.7.1', 'pandas==1.3.3', 'gunicorn==20.1.0'];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

describe('cli migrate (20 apps over the loopback DE4 and DE5 stand-ins)', function () {
  this.timeout(120_000);
  let de4: LoopbackDe4Server;
  let de4Ssh: LoopbackDe4SshServer;
  let de5Ssh: LoopbackDe5SshServer;
  let web: De5AppServer;
  let deCli: De5CliModule;
  let work: string;
  let deState: string;
  let argv: string[];
  let first: Run;

  const run = async (extra: readonly string[], onStderr?: (text: string) => void, signal?: AbortSignal): Promise<Run> => {
    let stdout = '';
    let stderr = '';
    const code = await runCli([...argv, ...extra], {
      cwd: work,
      stdout: (t) => (stdout += t),
      stderr: (t) => {
        stderr += t;
        onStderr?.(t);
      },
      env: { ...process.env, DE4_API_KEY: 'admin-key-123', XDG_CONFIG_HOME: path.join(work, 'config') },
      ...(signal ? { signal } : {}),
    });
    return { code, stdout, stderr };
  };
  const state = (): MigrationStateFile =>
    parseMigrationState(fs.readFileSync(path.join(work, 'apps', '.de-migrate', 'state.json'), 'utf8'));

  before(async () => {
    const mod = await loadDe4Server();
    const apps = APPS.map((name, i) =>
      mod.makeApp(name, ['admin', 'alice', 'bob'][i % 3] ?? 'admin', i, {
        ...(i % 5 === 4 ? { deps: CONDA } : {}),
        ...(name === WITH_VALUE
          ? {
              environmentVariables: [
                { name: 'DASH_APP_NAME', value: name, status: 'set', readonly: true },
                { name: 'API_TOKEN', value: 'from-de4', status: 'set', readonly: false },
              ],
            }
          : {}),
      }),
    );
    de4 = await mod.startDe4Server({ port: 0, apps });
    de4Ssh = await (await loadDe4Ssh()).startDe4SshServer({ port: 0, apps });
    de5Ssh = await (await loadDe5Ssh()).startDe5SshServer({ port: 0 });
    web = await (await loadDe5Http()).startDe5AppServer({ apps: Object.fromEntries(APPS.filter((a) => a !== SILENT).map((a) => [a, {}])) });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-cli-migrate-'));
    deState = path.join(work, 'de-state.json');
    deCli = await loadDe5Cli();
    deCli.createDeStubState(deState, { host: '127.0.0.1', users: {}, keyfileUser: 'ci', reposDir: de5Ssh.reposDir });
    process.env['DE_STUB_STATE'] = deState;
    fs.writeFileSync(path.join(work, 'values.env'), `API_TOKEN=${SECRET}\n`);
    argv = [
      'migrate',
      '--de4',
      de4.url,
      '--user',
      'admin',
      '--de5',
      '127.0.0.1',
      '--workdir',
      'apps',
      '--de4-ssh-host',
      de4Ssh.host,
      '--de4-ssh-port',
      String(de4Ssh.port),
      '--de4-ssh-user',
      de4Ssh.user,
      '--de4-identity-file',
      de4Ssh.identityFile,
      '--de4-known-hosts',
      de4Ssh.knownHostsFile,
      '--de4-ssh-config',
      de4Ssh.sshConfigFile,
      '--de4-strict-host-key-checking',
      'yes',
      '--ssh-user',
      de5Ssh.user,
      '--ssh-port',
      String(de5Ssh.port),
      '--identity-file',
      de5Ssh.clientKey.identityFile,
      '--ssh-config',
      '/dev/null',
      '--known-hosts',
      path.join(work, 'de5_known_hosts'),
      '--accept-host-key',
      de5Ssh.hostKeyFingerprint,
      '--de-cli',
      DE_CLI_PATH,
      '--env-file',
      'values.env',
      '--app-url',
      `${web.url}/{app}/`,
      '--verify-seconds',
      '2',
    ];
    first = await run(['--all', '--concurrency', '4']);
  });

  after(async () => {
    delete process.env['DE_STUB_STATE'];
    await de4Ssh?.close();
    await de4?.close();
    await de5Ssh?.close();
    await web?.close();
    if (work) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('migrates every app but the silent one, which fails at verify; exit 1', () => {
    assert.equal(first.code, 1, first.stderr);
    const s = state();
    assert.deepEqual(Object.keys(s.apps).sort(), APPS);
    assert.equal(s.de4, de4.url);
    assert.equal(s.de5, '127.0.0.1');
    for (const app of APPS.filter((a) => a !== SILENT)) {
      const a = s.apps[app];
      assert.equal(a?.step, 'verified', `${app}: ${JSON.stringify(a)}`);
      assert.equal(a.failed, undefined);
      assert.equal(a.dir, path.join(work, 'apps', app));
      // What DE5 has is the converted commit, made by the tool on top of DE4's deployed one.
      assert.equal(de5Ssh.headOf(app, 'main'), a.sha, app);
      assert.equal(git(a.dir ?? '', 'log', '-1', '--format=%an %s'), 'de-migrate Convert to Dash Enterprise 5 (de-migrate, safe fixes)');
      assert.equal(git(a.dir ?? '', 'status', '--porcelain', '--', '.', ':(exclude).de-migrate'), '', `${app} left uncommitted changes`);
    }
    const record = (app: string): { lastPush?: { sha: string; branch: string; verified?: boolean } } =>
      JSON.parse(fs.readFileSync(path.join(work, 'apps', app, '.de-migrate', 'de5-app.json'), 'utf8')) as {
        lastPush?: { sha: string; branch: string; verified?: boolean };
      };
    assert.deepEqual(
      { ...record(APPS[0] ?? '').lastPush, time: undefined },
      {
        sha: s.apps[APPS[0] ?? '']?.sha,
        branch: 'main',
        time: undefined,
        verified: true,
      },
    );
    assert.equal(record(SILENT).lastPush?.verified, false, 'the push record says the app did not answer');
    const trusted = fs.readFileSync(path.join(work, 'de5_known_hosts'), 'utf8').trim().split('\n');
    assert.ok(trusted.length > 0 && new Set(trusted).size === trusted.length, 'the DE5 host key is recorded once');
    const silent = s.apps[SILENT];
    assert.equal(silent?.step, 'pushed');
    assert.equal(silent.failed?.step, 'verified');
    assert.match(silent.failed?.reason ?? '', /did not answer.*404/);
    assert.equal(de5Ssh.headOf(SILENT, 'main'), silent.sha, 'the silent app was pushed');
  });

  it('reports progress per app and step on stderr, a table on stdout, and never a value', () => {
    for (const step of ['cloned', 'converted', 'created', 'pushed', 'verified']) {
      assert.equal((first.stderr.match(new RegExp(`^fleet-\\d\\d: ${step}$`, 'gm')) ?? []).length, step === 'verified' ? 19 : 20, step);
    }
    assert.match(first.stderr, new RegExp(`^${SILENT}: FAILED at verify: `, 'm'));
    assert.match(first.stdout, new RegExp(`^${SILENT}\\s+pushed\\s+FAILED at verify`, 'm'));
    assert.match(first.stdout, /^19 of 20 verified, 1 failed, 0 not finished\./m);
    assert.match(first.stdout, /--retry-failed/);
    const de = deCli.readDeStubState(deState);
    assert.equal(de.apps[WITH_VALUE]?.environmentVariables['API_TOKEN'], SECRET, 'the value from --env-file was set on DE5');
    const everything = first.stdout + first.stderr + fs.readFileSync(path.join(work, 'apps', '.de-migrate', 'state.json'), 'utf8');
    assert.ok(!everything.includes(SECRET) && !everything.includes('admin-key-123'), 'no secret is printed or saved');
  });

  it('a rerun without --retry-failed leaves the failed app and redoes nothing; exit 1', async () => {
    const pushes = de5Ssh.requests().length;
    const r = await run([]);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /: (cloned|converted|created|pushed|verified)$/m);
    assert.match(r.stderr, new RegExp(`${SILENT}: failed before at verify; left alone`));
    assert.equal(de5Ssh.requests().length, pushes);
  });

  it('Ctrl-C stops between steps: exit 2, and the state file shows where each app is', async () => {
    const controller = new AbortController();
    const state = path.join(work, 'cancelled-state.json');
    const r = await run(
      ['--apps', 'fleet-01,fleet-02', '--concurrency', '1', '--workdir', 'cancelled', '--state', state],
      (t) => {
        if (/^fleet-01: cloned$/m.test(t)) {
          controller.abort();
        }
      },
      controller.signal,
    );
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /^fleet-01\s+cloned\s+not finished/m);
    assert.match(r.stdout, /^fleet-02\s+discovered\s+not finished/m);
    assert.match(r.stdout, /run the same command again to resume/);
    const saved = parseMigrationState(fs.readFileSync(state, 'utf8'));
    assert.equal(saved.apps['fleet-01']?.step, 'cloned');
    assert.equal(saved.apps['fleet-01'].failed, undefined);
    assert.equal(saved.apps['fleet-02']?.step, 'discovered');
  });

  it('with the cause fixed, --retry-failed reruns only the failed step; exit 0', async () => {
    const clones = de4Ssh.requests().length;
    const gitRequests = de5Ssh.requests().length;
    const changes = (): number =>
      deCli.readDeStubState(deState).log.filter((e) => e.argv.some((a) => a === 'create' || a === 'update')).length;
    const deChanges = changes();
    const hits = web.hits(APPS[0] ?? '');
    web.setApp(SILENT);
    const r = await run(['--retry-failed', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stderr.match(/^fleet-\d\d: \w+$/gm), [`${SILENT}: verified`]);
    const out = parseMigrationState(r.stdout);
    assert.ok(APPS.every((a) => out.apps[a]?.step === 'verified' && out.apps[a].failed === undefined));
    assert.equal(de4Ssh.requests().length, clones, 'nothing was cloned again');
    assert.equal(de5Ssh.requests().length, gitRequests, 'nothing was pushed again');
    assert.equal(changes(), deChanges, 'nothing was set up on DE5 again');
    assert.equal(web.hits(APPS[0] ?? ''), hits, 'verified apps were not checked again');
    assert.ok(web.hits(SILENT) > 0);
  });
});

describe('cli migrate arguments', () => {
  const base = ['--de4', 'https://de4.example.com', '--user', 'admin', '--de5', 'de5.example.com'];

  it('defaults: concurrency 4, work folder ., state in the work folder, main as branch, text', () => {
    const a = parseMigrateArgs(base);
    assert.equal(a.concurrency, 4);
    assert.equal(a.workdir, '.');
    assert.equal(a.state, undefined);
    assert.equal(a.apps, undefined);
    assert.equal(a.all, false);
    assert.equal(a.retryFailed, false);
    assert.equal(a.verifySeconds, 300);
    assert.equal(a.format, 'text');
    assert.equal(a.de4Ssh.acceptHostKey, undefined);
  });

  it('reads the app list, the run options and both SSH sides apart', () => {
    const a = parseMigrateArgs([
      ...base,
      '--apps',
      'sales-dash, hr-portal,sales-dash',
      '--concurrency',
      '8',
      '--retry-failed',
      '--de4-ssh-port',
      '3022',
      '--ssh-port',
      '2222',
      '--format',
      'json',
    ]);
    assert.deepEqual(a.apps, ['sales-dash', 'hr-portal']);
    assert.equal(a.concurrency, 8);
    assert.equal(a.retryFailed, true);
    assert.equal(a.de4Ssh.sshPort, 3022);
    assert.equal(a.sshPort, 2222);
    assert.equal(a.format, 'json');
  });

  const refused: [string[], RegExp][] = [
    [['--de4', 'x', '--user', 'u'], /needs --de4 <url>, --user <name> and --de5 <host>/],
    [[...base, '--apps', 'a', '--all'], /either --apps or --all/],
    [[...base, '--apps', 'Sales Dash'], /"Sales Dash" is not one/],
    [[...base, '--concurrency', '0'], /--concurrency must be a whole number from 1 to 32/],
    [[...base, '--concurrency', '33'], /from 1 to 32/],
    [[...base, '--api-key', 'k'], /DE4_API_KEY environment variable only/],
    [[...base, 'some-folder'], /takes no folder/],
  ];
  for (const [argv, message] of refused) {
    it(`refuses ${argv.slice(6).join(' ') || argv.join(' ')}`, () => {
      assert.throws(
        () => parseMigrateArgs(argv),
        (err: unknown) => err instanceof UsageError && message.test(err.message),
      );
    });
  }

  it('needs DE4_API_KEY, and says so with exit code 2', async () => {
    let stderr = '';
    const code = await runCli(['migrate', ...base, '--all'], {
      cwd: os.tmpdir(),
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      env: {},
    });
    assert.equal(code, 2);
    assert.match(stderr, /Set the DE4 API key in the DE4_API_KEY environment variable/);
  });
});
