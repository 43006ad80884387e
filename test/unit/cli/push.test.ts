// `de-migrate push` end to end: real git over the DE5 sshd stand-in, the `de` stand-in, and the app
// server stand-in; every question answered by a flag, so nothing can hang in CI.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DE_CLI_PATH, loadDe5Cli, loadDe5Http, loadDe5Ssh, type De5AppServer, type LoopbackDe5SshServer } from '../../support/de5StandIns';
import { runCliCaptured, type CliRun as Run } from '../../support/cliRun';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
}

function run(cwd: string, argv: readonly string[]): Promise<Run> {
  return runCliCaptured(argv, { cwd, env: { ...process.env, XDG_CONFIG_HOME: path.join(cwd, 'config') } });
}

/** A copy of a fixture app, committed. */
function appFrom(fixture: string, work: string, name: string): string {
  const dir = path.join(work, name);
  fs.cpSync(fixture, dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'master');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'app');
  return dir;
}

describe('cli push (real git over the DE5 sshd stand-in)', function () {
  this.timeout(120_000);
  let ssh: LoopbackDe5SshServer;
  let web: De5AppServer;
  let work: string;
  let stateFile: string;
  let app: string;
  let common: string[];

  before(async () => {
    ssh = await (await loadDe5Ssh()).startDe5SshServer({ port: 0 });
    web = await (await loadDe5Http()).startDe5AppServer({ apps: { 'hello-dash': { readyAfterRequests: 1 } } });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-cli-push-'));
    stateFile = path.join(work, 'de-state.json');
    (await loadDe5Cli()).createDeStubState(stateFile, { host: '127.0.0.1', users: {}, keyfileUser: 'ci', reposDir: ssh.reposDir });
    process.env['DE_STUB_STATE'] = stateFile;
    app = appFrom(path.join(REPO, 'test', 'fixtures', 'workspaces', 'de5-push', 'hello-dash'), work, 'hello-dash');
    fs.writeFileSync(path.join(work, 'values.env'), 'GREETING="Hello, CI"\n');
    common = [
      '--de5',
      '127.0.0.1',
      '--ssh-user',
      ssh.user,
      '--ssh-port',
      String(ssh.port),
      '--identity-file',
      ssh.clientKey.identityFile,
      '--ssh-config',
      '/dev/null',
      '--de-cli',
      DE_CLI_PATH,
      '--app-url',
      `${web.url}/{app}/`,
      '--verify-seconds',
      '30',
    ];
  });

  after(async () => {
    delete process.env['DE_STUB_STATE'];
    await ssh?.close();
    await web?.close();
  });

  it('stops at an unknown host key, naming its fingerprint and the flag that trusts it', async () => {
    const r = await run(work, ['push', 'hello-dash', ...common]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(ssh.hostKeyFingerprint), r.stderr);
    assert.match(r.stderr, /--accept-host-key SHA256:/);
    assert.equal(fs.existsSync(path.join(ssh.reposDir, 'hello-dash.git')), false, 'nothing was created');
  });

  it('pushes with the fingerprint given: app created, value set from --env-file, HEAD on main, the app answers', async () => {
    const r = await run(work, [
      'push',
      'hello-dash',
      ...common,
      '--accept-host-key',
      ssh.hostKeyFingerprint,
      '--branch',
      'main',
      '--env-file',
      'values.env',
      '--format',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { sha: string; branch: string; answered: boolean };
    assert.equal(out.sha, git(app, 'rev-parse', 'HEAD'));
    assert.equal(ssh.headOf('hello-dash', 'main'), out.sha);
    assert.equal(out.answered, true);
    assert.equal((await loadDe5Cli()).readDeStubState(stateFile).apps['hello-dash']?.environmentVariables['GREETING'], 'Hello, CI');
    assert.ok(!r.stderr.includes('Hello, CI'), 'values never reach the log');
    assert.match(r.stderr, /Pushing to main/, 'steps are shown as they happen');
  });

  it('pushes again with only --de5: the trusted key, app name and branch are remembered', async () => {
    const r = await run(work, ['push', 'hello-dash', ...common]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Already up to date: hello-dash/m);
  });

  it('refuses an app with error findings unless --force-errors', async () => {
    const broken = appFrom(path.join(REPO, 'samples', 'de4-workspace', 'sales-dashboard'), work, 'sales-dashboard');
    const r = await run(work, ['push', path.basename(broken), ...common]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /still has \d+ error finding/);
  });

  it('without the de CLI: prints the checklist and stops when the app does not exist', async () => {
    const other = appFrom(path.join(REPO, 'test', 'fixtures', 'workspaces', 'de5-push', 'hello-dash'), work, 'other-dash');
    const noCli = common.map((a) => (a === DE_CLI_PATH ? path.join(work, 'no-such-de') : a));
    const r = await run(work, ['push', path.basename(other), ...noCli, '--app', 'other-dash']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /does not exist on DE5 yet/);
    assert.match(r.stderr, /de apps create -n other-dash/);
  });
});
