// pushApp end to end with real parts: a converted sample app pushed with real git over a real sshd on
// loopback (scripts/de5Ssh), app setup through the `de` stand-in (scripts/de5Cli), and the check that
// the app answers against scripts/de5Http. Host keys, wrong keys and a push cut off mid-way included.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../../src/cli/main';
import { DeCliAdmin, ManualDe5Admin } from '../../../../src/core/de5/deCliAdmin';
import { pushApp, type PushAppInput, type PushUi } from '../../../../src/core/de5/pushApp';
import { CoreError } from '../../../../src/core/errors';
import { DEFAULT_SSH_SETTINGS } from '../../../../src/core/git/ssh';
import type { GitProgress } from '../../../../src/core/ports';
import { AxiosHttpClient } from '../../../../src/node/axiosHttpClient';
import { NodeNetProbe } from '../../../../src/node/nodeNetProbe';
import { NodeProcessRunner } from '../../../../src/node/nodeProcessRunner';
import { SimpleGitRunner } from '../../../../src/node/simpleGitRunner';
import {
  DE_CLI_PATH,
  loadDe5Cli,
  loadDe5Http,
  loadDe5Ssh,
  type De5AppServer,
  type LoopbackDe5SshServer,
} from '../../../support/de5StandIns';
import { RecordingLogger } from '../../../support/recordingLogger';

const REPO = path.resolve(__dirname, '..', '..', '..', '..', '..');
const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' }).trim();
}

/** The sample DE4 app, converted by the CLI and committed: what a user pushes. */
async function convertedApp(): Promise<string> {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-push-')), 'sales-dashboard');
  fs.cpSync(path.join(REPO, 'samples', 'de4-workspace', 'sales-dashboard'), dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'master');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'DE4 app');
  const code = await runCli(['convert', dir, '--unsafe'], { cwd: dir, stdout: () => undefined, stderr: () => undefined });
  assert.ok(code === 0 || code === 1, `convert exited ${code}`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Convert to DE5');
  return dir;
}

class RecordingUi implements PushUi {
  steps: string[] = [];
  hostKeyAsks: string[] = [];
  checklistLines: string[] = [];
  progressSeen: GitProgress[] = [];
  constructor(
    private readonly knownHostsFile: string,
    public acceptHostKey = true,
  ) {}
  step(text: string): void {
    this.steps.push(text);
  }
  progress(p: GitProgress): void {
    this.progressSeen.push(p);
  }
  confirmHostKey(_h: string, _p: number, fingerprint: string): Promise<boolean> {
    this.hostKeyAsks.push(fingerprint);
    return Promise.resolve(this.acceptHostKey);
  }
  rememberHostKeys(lines: string): Promise<void> {
    fs.appendFileSync(this.knownHostsFile, lines);
    return Promise.resolve();
  }
  chooseBranch(suggested: string): Promise<string | undefined> {
    return Promise.resolve(suggested);
  }
  valueFor(name: string): Promise<string | undefined> {
    return Promise.resolve(name === 'SECRET_TOKEN' ? 'tok-123' : undefined);
  }
  confirmForce(): Promise<boolean> {
    return Promise.resolve(false);
  }
  checklist(lines: readonly string[]): void {
    this.checklistLines.push(...lines);
  }
}

describe('de5/pushApp over a real sshd (scripts/de5Ssh) with the de stand-in', function () {
  this.timeout(120_000);
  let ssh: LoopbackDe5SshServer;
  let web: De5AppServer;
  let stateFile: string;
  let knownHosts: string;
  let app: string;
  const log = new RecordingLogger();
  const runner = new NodeProcessRunner();
  const ports = () => ({
    git: new SimpleGitRunner(),
    net: new NodeNetProbe(),
    process: runner,
    http: new AxiosHttpClient({}),
    log,
    sleep: () => Promise.resolve(),
  });

  function input(over: Partial<PushAppInput> = {}): PushAppInput {
    return {
      appDir: app,
      app: 'sales-dash',
      remoteUrl: ssh.remoteUrl('sales-dash'),
      branch: undefined,
      ssh: {
        ...DEFAULT_SSH_SETTINGS,
        strictHostKeyChecking: 'yes',
        identityFile: ssh.clientKey.identityFile,
        knownHostsFile: knownHosts,
        configFile: '/dev/null',
      },
      knownHostsText: fs.existsSync(knownHosts) ? fs.readFileSync(knownHosts, 'utf8') : '',
      errorCount: 0,
      overrideErrors: false,
      metadata: {
        schemaVersion: 1,
        source: { server: 'https://de4.example.com', app: 'sales-dash' },
        savedAt: 't',
        deployed: {},
        access: { users: [], teams: [] },
        environmentVariables: [
          { name: 'DASH_SECRET_KEY', readonly: true, platform: true },
          { name: 'SECRET_TOKEN', readonly: false, platform: false },
        ],
        linkedServices: [{ name: 'r', type: 'redis' }],
        mounts: [{ hostDir: '/srv', targetDir: '/data' }],
        processes: [],
        portal: { tags: [] },
      },
      admin: new DeCliAdmin({ runner, command: DE_CLI_PATH, host: 'de5.test', log }),
      appUrl: `${web.url}/sales-dash/`,
      verifyTimeoutMs: 30_000,
      ...over,
    };
  }

  before(async () => {
    ssh = await (await loadDe5Ssh()).startDe5SshServer({ port: 0 });
    web = await (await loadDe5Http()).startDe5AppServer({ apps: { 'sales-dash': { readyAfterRequests: 2 } } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-push-state-'));
    stateFile = path.join(dir, 'de-state.json');
    knownHosts = path.join(dir, 'known_hosts');
    (await loadDe5Cli()).createDeStubState(stateFile, {
      host: 'de5.test',
      users: {},
      keyfileUser: 'alice',
      seatErrorsOnCreate: 1,
      reposDir: ssh.reposDir,
    });
    process.env['DE_STUB_STATE'] = stateFile;
    app = await convertedApp();
  });

  after(async () => {
    delete process.env['DE_STUB_STATE'];
    await ssh?.close();
    await web?.close();
  });

  it('refuses while errors remain, unless overridden', async () => {
    await assert.rejects(pushApp(input({ errorCount: 2 }), new RecordingUi(knownHosts), ports()), /still has 2 error/);
  });

  it('does not push when the user declines an unknown host key', async () => {
    const ui = new RecordingUi(knownHosts, false);
    await assert.rejects(pushApp(input(), ui, ports()), (e: unknown) => e instanceof CoreError && e.code === 'cancelled');
    assert.deepEqual(ui.hostKeyAsks, [ssh.hostKeyFingerprint], 'the fingerprint shown is the server key');
    assert.ok(!fs.existsSync(knownHosts) || fs.readFileSync(knownHosts, 'utf8') === '');
  });

  it('trusts a confirmed host key, sets the app up (retrying the seat error), pushes, and sees the app answer', async () => {
    const ui = new RecordingUi(knownHosts);
    const result = await pushApp(input(), ui, ports());
    assert.equal(ui.hostKeyAsks.length, 1);
    assert.equal(result.branch, 'main');
    assert.equal(ssh.headOf('sales-dash', 'main'), git(app, 'rev-parse', 'HEAD'), 'the remote has exactly the local commit');
    assert.ok(result.verified?.ok, JSON.stringify(result.verified));
    const state = (await loadDe5Cli()).readDeStubState(stateFile);
    assert.equal(state.apps['sales-dash']?.environmentVariables['SECRET_TOKEN'], 'tok-123');
    assert.deepEqual(state.apps['sales-dash']?.services, ['redis']);
    assert.equal(state.apps['sales-dash']?.persistentFilesystem, true);
    assert.equal(state.log.filter((l) => l.argv.includes('create') && l.argv.includes('apps')).length, 2, 'one seat error, one retry');
    assert.ok(!log.text().includes('tok-123'), 'no value in the log');
    assert.equal(git(app, 'remote', 'get-url', 'de5'), ssh.remoteUrl('sales-dash'));
  });

  it('pushes again without asking, creating nothing twice', async () => {
    const ui = new RecordingUi(knownHosts);
    fs.writeFileSync(path.join(app, 'NOTES.md'), 'second push\n');
    git(app, 'add', '-A');
    git(app, 'commit', '-q', '-m', 'second');
    const before = (await loadDe5Cli()).readDeStubState(stateFile).log.length;
    const result = await pushApp(input({ verifyTimeoutMs: 0 }), ui, ports());
    assert.deepEqual(ui.hostKeyAsks, []);
    assert.equal(ssh.headOf('sales-dash', 'main'), result.sha);
    const calls = (await loadDe5Cli())
      .readDeStubState(stateFile)
      .log.slice(before)
      .map((l) => l.argv.join(' '));
    assert.ok(!calls.some((c) => / create /.test(` ${c} `)), calls.join('\n'));
  });

  it('refuses a server whose host key changed', async () => {
    await ssh.rotateHostKey();
    await ssh.stop();
    await ssh.start();
    const ui = new RecordingUi(knownHosts);
    await assert.rejects(
      pushApp(input(), ui, ports()),
      (e: unknown) => e instanceof CoreError && e.code === 'host-key-unknown' && /CHANGED/.test(e.message),
    );
    assert.deepEqual(ui.hostKeyAsks, [], 'a changed key is never offered for trust');
    fs.writeFileSync(knownHosts, ssh.knownHostsLine());
  });

  it('passes paths with spaces, quotes and shell syntax to ssh as they are (no shell sees them)', async () => {
    const odd = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-odd-')), `it's a $(touch pwned) key; dir`);
    fs.mkdirSync(odd, { recursive: true });
    const key = path.join(odd, 'id `x` $HOME');
    fs.copyFileSync(ssh.clientKey.identityFile, key);
    fs.chmodSync(key, 0o600);
    const plain = input({ verifyTimeoutMs: 0 });
    const result = await pushApp({ ...plain, ssh: { ...plain.ssh, identityFile: key } }, new RecordingUi(knownHosts), ports());
    assert.equal(ssh.headOf('sales-dash', 'main'), result.sha);
    assert.ok(!fs.existsSync(path.join(process.cwd(), 'pwned')) && !fs.existsSync(path.join(app, 'pwned')), 'nothing was run');
  });

  it('explains a key the server does not accept', async () => {
    const wrong = input();
    await assert.rejects(
      pushApp({ ...wrong, ssh: { ...wrong.ssh, identityFile: ssh.otherClientKey.identityFile } }, new RecordingUi(knownHosts), ports()),
      (e: unknown) => e instanceof CoreError && e.code === 'auth-failed',
    );
  });

  it('survives sshd dying mid-push: a clear error, the ref untouched, and a retry succeeds', async () => {
    const before = ssh.headOf('sales-dash', 'main');
    fs.writeFileSync(path.join(app, 'big.bin'), randomBytes(30 * 1024 * 1024));
    git(app, 'add', '-A');
    git(app, 'commit', '-q', '-m', 'big');
    const ui = new RecordingUi(knownHosts);
    let stopped = false;
    ui.progress = (p) => {
      if (!stopped && p.stage === 'writing' && p.percent > 0) {
        stopped = true;
        void ssh.stop();
      }
    };
    await assert.rejects(
      pushApp(input({ verifyTimeoutMs: 0 }), ui, ports()),
      (e: unknown) => e instanceof CoreError && e.code === 'io-failed' && /broke off during the transfer/.test(e.message),
    );
    assert.ok(stopped, 'the push was cut off while writing');
    assert.equal(ssh.headOf('sales-dash', 'main'), before, 'no half-updated ref');
    await ssh.start();
    const retry = await pushApp(input({ verifyTimeoutMs: 0 }), new RecordingUi(knownHosts), ports());
    assert.equal(ssh.headOf('sales-dash', 'main'), retry.sha);
  });

  it('without the de CLI: a checklist, and a clear stop when the app does not exist yet', async () => {
    const ui = new RecordingUi(knownHosts);
    await assert.rejects(
      pushApp(input({ app: 'other-app', remoteUrl: ssh.remoteUrl('other-app'), admin: new ManualDe5Admin() }), ui, ports()),
      (e: unknown) => e instanceof CoreError && e.code === 'not-found',
    );
    assert.match(ui.checklistLines.join('\n'), /de apps create -n other-app/);
    assert.match(ui.checklistLines.join('\n'), /--add-environment-variable "SECRET_TOKEN=<value>"/);
  });
});
