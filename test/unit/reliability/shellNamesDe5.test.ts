// Shell metacharacters on the DE5 side (issue #7), end to end with real git over the DE5 sshd
// stand-in (scripts/de5Ssh) and the `de` stand-in (scripts/de5Cli): push (core and CLI) refuses each
// name as an app, a branch or in a remote URL before anything runs; `de` app setup refuses it as an
// app or variable name and sets it as a value verbatim; folders and SSH files named with it work.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { runAppSetup } from '../../../src/core/de5/appSetup';
import { DeCliAdmin } from '../../../src/core/de5/deCliAdmin';
import { pushApp, type PushAppInput, type PushUi } from '../../../src/core/de5/pushApp';
import { DE5_RECORD_FILE } from '../../../src/core/de5/pushRecord';
import { CoreError } from '../../../src/core/errors';
import { DEFAULT_SSH_SETTINGS } from '../../../src/core/git/ssh';
import { AxiosHttpClient } from '../../../src/node/axiosHttpClient';
import { NodeNetProbe } from '../../../src/node/nodeNetProbe';
import { NodeProcessRunner } from '../../../src/node/nodeProcessRunner';
import { SimpleGitRunner } from '../../../src/node/simpleGitRunner';
import { DE_CLI_PATH, loadDe5Cli, loadDe5Ssh, type De5CliModule, type LoopbackDe5SshServer } from '../../support/de5StandIns';
import { NAMES, asComponent, markersSince, tried } from './shellNames.test';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'workspaces', 'de5-push', 'hello-dash');
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();
}

/** The fixture app, committed, at `dir`. */
function appAt(dir: string): string {
  fs.cpSync(FIXTURE, dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'master');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'app');
  return dir;
}

/** Answers nothing that could let a refused name through: no new host key, no overwrite. */
const UI: PushUi = {
  step: () => undefined,
  progress: () => undefined,
  confirmHostKey: () => Promise.resolve(false),
  rememberHostKeys: () => Promise.resolve(),
  chooseBranch: () => Promise.resolve('main'),
  valueFor: () => Promise.resolve(undefined),
  confirmForce: () => Promise.resolve(false),
  checklist: () => undefined,
};

const isInvalid = (e: unknown): boolean => e instanceof CoreError && e.code === 'invalid-input';

describe('reliability: shell metacharacters in DE5 push and `de` app setup (real git, sshd and de stand-ins)', function () {
  this.timeout(300_000);
  const since = Date.now() - 1000;
  const runner = new NodeProcessRunner();
  let ssh: LoopbackDe5SshServer;
  let deCli: De5CliModule;
  let work: string;
  let stateFile: string;
  let app: string;
  let admin: DeCliAdmin;
  let knownHosts: string;
  let common: string[];

  const deCalls = (): number => deCli.readDeStubState(stateFile).log.length;
  let gitUserHome: string;
  const noMarkers = (): void => assert.deepEqual(markersSince(since, [work, ssh.stateDir, gitUserHome]), [], 'an injected command ran');
  const run = async (argv: readonly string[]): Promise<{ code: number; stderr: string }> => {
    let stderr = '';
    const code = await runCli(argv, { cwd: work, stdout: () => undefined, stderr: (t) => (stderr += t), env: process.env });
    return { code, stderr };
  };
  const input = (over: Partial<PushAppInput>): PushAppInput => ({
    appDir: app,
    app: 'lit-app',
    remoteUrl: ssh.remoteUrl('lit-app'),
    branch: 'main',
    ssh: {
      ...DEFAULT_SSH_SETTINGS,
      strictHostKeyChecking: 'yes',
      identityFile: ssh.clientKey.identityFile,
      knownHostsFile: knownHosts,
      configFile: '/dev/null',
    },
    knownHostsText: ssh.knownHostsLine(),
    errorCount: 0,
    overrideErrors: false,
    metadata: undefined,
    admin,
    appUrl: undefined,
    verifyTimeoutMs: 0,
    ...over,
  });
  const ports = () => ({ git: new SimpleGitRunner(), net: new NodeNetProbe(), process: runner, http: new AxiosHttpClient({}) });

  before(async () => {
    const mod = await loadDe5Ssh();
    ssh = await mod.startDe5SshServer({ port: 0 });
    // Where sshd runs the git user's commands.
    gitUserHome = mod.GIT_USER_HOME;
    deCli = await loadDe5Cli();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dm-sh-de5-'));
    stateFile = path.join(work, 'de-state.json');
    deCli.createDeStubState(stateFile, { host: '127.0.0.1', users: {}, keyfileUser: 'ci', reposDir: ssh.reposDir });
    process.env['DE_STUB_STATE'] = stateFile;
    admin = new DeCliAdmin({ runner, command: DE_CLI_PATH, host: '127.0.0.1' });
    knownHosts = path.join(work, 'known_hosts');
    fs.writeFileSync(knownHosts, ssh.knownHostsLine());
    app = appAt(path.join(work, 'app'));
    common = [
      ...['--de5', '127.0.0.1', '--ssh-user', ssh.user, '--ssh-port', String(ssh.port), '--ssh-config', '/dev/null'],
      ...['--identity-file', ssh.clientKey.identityFile, '--known-hosts', knownHosts, '--verify-seconds', '0'],
    ];
  });

  after(async () => {
    delete process.env['DE_STUB_STATE'];
    await ssh?.close();
    if (work) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('core push refuses each name as the app, the branch and in the remote URL before anything runs', async () => {
    const before = { de: deCalls(), ssh: ssh.requests().length };
    for (const n of NAMES) {
      tried('core pushApp (app name)');
      await assert.rejects(pushApp(input({ app: n }), UI, ports()), isInvalid, JSON.stringify(n));
      tried('core pushApp (branch)');
      await assert.rejects(pushApp(input({ branch: n }), UI, ports()), isInvalid, JSON.stringify(n));
      tried('core pushApp (remote URL)');
      for (const remoteUrl of [`${n}@127.0.0.1:lit-app`, `ssh://${n}@127.0.0.1:${ssh.port}/lit-app`, n]) {
        await assert.rejects(pushApp(input({ remoteUrl }), UI, ports()), isInvalid, remoteUrl);
      }
    }
    assert.deepEqual({ de: deCalls(), ssh: ssh.requests().length }, before, 'no de call and no SSH request');
    assert.equal(fs.existsSync(path.join(ssh.reposDir, 'lit-app.git')), false);
    noMarkers();
  });

  it('CLI push refuses each name as --app, --branch, --remote-url and the remoteUrl of .de-migrate/de5-app.json', async () => {
    const record = path.join(app, ...DE5_RECORD_FILE.split('/'));
    // No `de` here: a refusal must not depend on it, and nothing may be created.
    const flags = [...common, '--de-cli', path.join(work, 'no-such-de')];
    const before = ssh.requests().length;
    for (const n of NAMES) {
      tried('CLI push --app');
      const a = await run(['push', 'app', ...flags, `--app=${n}`]);
      assert.ok(a.code === 2 && /is not a valid DE5 app name/.test(a.stderr), `${JSON.stringify(n)}: ${a.stderr}`);
      tried('CLI push --branch');
      const b = await run(['push', 'app', ...flags, '--app', 'lit-app', `--branch=${n}`]);
      assert.ok(b.code === 2 && /is not a branch name/.test(b.stderr), `${JSON.stringify(n)}: ${b.stderr}`);
      tried('CLI push --remote-url');
      const c = await run(['push', 'app', ...flags, '--app', 'lit-app', `--remote-url=${n}@127.0.0.1:lit-app`]);
      assert.ok(c.code === 2 && /is not an SSH git URL/.test(c.stderr), `${JSON.stringify(n)}: ${c.stderr}`);
      tried('CLI push (remoteUrl in de5-app.json)');
      fs.writeFileSync(record, JSON.stringify({ schemaVersion: 1, host: '127.0.0.1', app: 'lit-app', remoteUrl: `${n}@127.0.0.1:x` }));
      const d = await run(['push', 'app', ...flags]);
      assert.ok(d.code === 2 && /is not an SSH git URL/.test(d.stderr), `${JSON.stringify(n)}: ${d.stderr}`);
    }
    fs.rmSync(record);
    assert.equal(ssh.requests().length, before, 'no SSH request');
    noMarkers();
  });

  it('`de` app setup refuses each name as the app or a variable name before calling de, and sets it verbatim as a value', async () => {
    const before = deCalls();
    for (const n of NAMES) {
      tried('de app setup (app name)');
      await assert.rejects(runAppSetup(admin, [{ kind: 'create-app' }], { app: n, valueFor: () => Promise.resolve('v') }), isInvalid);
      tried('de app setup (variable name)');
      await assert.rejects(
        runAppSetup(admin, [{ kind: 'create-app' }, { kind: 'env', name: n }], { app: 'vars-app', valueFor: () => Promise.resolve('v') }),
        isInvalid,
      );
    }
    assert.equal(deCalls(), before, 'de was never called');
    const names = NAMES.map((_, i) => `V_${i}`);
    const values = new Map(names.map((v, i) => [v, NAMES[i] ?? '']));
    NAMES.forEach(() => tried('de app setup (variable value)'));
    const result = await runAppSetup(admin, [{ kind: 'create-app' }, ...names.map((name) => ({ kind: 'env' as const, name }))], {
      app: 'vals-app',
      valueFor: (name) => Promise.resolve(values.get(name)),
    });
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(deCli.readDeStubState(stateFile).apps['vals-app']?.environmentVariables, Object.fromEntries(values));
    // Without the checks above, `de` still gets each name as one argument: argv, no shell.
    for (const n of NAMES) {
      tried('de CLI argv (DeCliAdmin)');
      assert.equal(await admin.appExists(n), false);
      assert.deepEqual(deCli.readDeStubState(stateFile).log.at(-1)?.argv.slice(-2), ['-n', n]);
    }
    noMarkers();
  });

  it('CLI push works from app folders, and with key and known-hosts files, whose paths hold each name', async () => {
    for (const [i, n] of NAMES.entries()) {
      tried('CLI push (names in paths)');
      // Every other folder has a `%` as well, which ssh would otherwise expand in key and known-hosts paths.
      const dir = path.join(work, `${i}${i % 2 === 0 ? ' %d' : ''} ${asComponent(n)}`);
      const folder = appAt(path.join(dir, `app ${asComponent(n)}`));
      const key = path.join(dir, `id ${asComponent(n)}`);
      fs.copyFileSync(ssh.clientKey.identityFile, key);
      fs.chmodSync(key, 0o600);
      const known = path.join(dir, `known ${asComponent(n)}`);
      fs.writeFileSync(known, ssh.knownHostsLine());
      const app = `lit-${i}`;
      // The repository exists already, so no `de` is needed: this is about paths, and it saves time.
      ssh.createRepo(app);
      const flags = common.map((a) => (a === ssh.clientKey.identityFile ? key : a === knownHosts ? known : a));
      const r = await run(['push', folder, ...flags, '--de-cli', path.join(work, 'no-such-de'), '--app', app, '--branch', 'main']);
      if (n.includes('${')) {
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /which ssh reads as a variable/);
        assert.equal(ssh.headOf(app, 'main'), undefined, 'refused before anything was pushed');
        continue;
      }
      assert.equal(r.code, 0, `${JSON.stringify(n)}: ${r.stderr}`);
      assert.equal(ssh.headOf(app, 'main'), git(folder, 'rev-parse', 'HEAD'));
    }
    noMarkers();
  });
});
