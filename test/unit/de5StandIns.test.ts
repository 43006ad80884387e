import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDe5Cli, loadDe5Ssh, type De5SshModule, type LoopbackDe5SshServer } from '../support/de5StandIns';

// The DE5 git endpoint stand-in (scripts/de5Ssh) with real processes: pushes over a real OpenSSH
// server with real git, a wrong key, a changed host key, sshd killed mid-push, both login modes.
// The `de` CLI and the app HTTP stand-ins are covered in de5CliHttp.test.ts.

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const IDENT = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

/** Environment without GIT_* or DE/DASH variables from the caller, plus `extra`. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const base = Object.entries(process.env).filter(
    (e): e is [string, string] => e[1] !== undefined && !/^(GIT_|DASH_ENTERPRISE_|DE_STUB_)/.test(e[0]),
  );
  return { ...Object.fromEntries(base), GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', ...extra };
}

function run(file: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: options.cwd, env: cleanEnv(options.env ?? {}), timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function gitOk(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<string> {
  const r = await run('git', args, { ...options, env: { ...IDENT, ...options.env } });
  assert.equal(r.code, 0, `git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** ssh options of the task: every file explicit, no ~/.ssh, never a prompt. */
function sshArgs(port: number, identityFile: string, knownHosts: string): string[] {
  return [
    ...['-F', '/dev/null', '-i', identityFile, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes'],
    ...['-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=yes'],
    ...['-p', String(port)],
  ];
}

/** GIT_SSH_COMMAND built from sshArgs (git runs it through a shell; temp paths hold no quotes). */
function sshEnv(port: number, identityFile: string, knownHosts: string): Record<string, string> {
  return { GIT_SSH_COMMAND: ['ssh', ...sshArgs(port, identityFile, knownHosts).map((a) => `'${a}'`)].join(' ') };
}

/** A known_hosts line built from the host key alone (not from the server's helper). */
function knownHostsFor(server: LoopbackDe5SshServer, file: string): string {
  const [type, key] = server.hostPublicKey.split(/\s+/);
  writeFileSync(file, `[127.0.0.1]:${server.port} ${type} ${key}\n`);
  return file;
}

async function newRepo(dir: string, files: Record<string, string | Buffer>): Promise<string> {
  await gitOk(['init', '-q', '--template=', '-b', 'main', dir]);
  return commit(dir, files, 'initial');
}

/** Writes `files` and commits them; `config` goes before `add` (e.g. `core.compression=0`). */
async function commit(dir: string, files: Record<string, string | Buffer>, message: string, config: string[] = []): Promise<string> {
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), content);
  }
  await gitOk([...config.flatMap((c) => ['-c', c]), 'add', '-A'], { cwd: dir });
  await gitOk(['-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', message], { cwd: dir });
  return gitOk(['rev-parse', 'HEAD'], { cwd: dir });
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DE5 git over SSH stand-in (scripts/de5Ssh)', function () {
  this.timeout(30_000);
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'de5-standins-test-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  describe('a running server', () => {
    let ssh: De5SshModule;
    let server: LoopbackDe5SshServer;
    let env: Record<string, string>;
    before(async () => {
      ssh = await loadDe5Ssh();
      server = await ssh.startDe5SshServer({ port: 0, apps: ['demo-app', 'empty-app'] });
      env = sshEnv(server.port, server.clientKey.identityFile, knownHostsFor(server, path.join(tmp, 'known_hosts')));
    });
    after(() => server.close());

    it('prints the host key fingerprint as ssh-keygen -lf does, and logs in as git or with a forced git-shell', async () => {
      const pub = path.join(tmp, 'host.pub');
      writeFileSync(pub, `${server.hostPublicKey}\n`);
      const listed = await run('ssh-keygen', ['-lf', pub]);
      assert.equal(listed.code, 0, listed.stderr);
      assert.equal(listed.stdout.split(' ')[1], server.hostKeyFingerprint);
      assert.match(server.hostKeyFingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
      assert.equal(server.knownHostsLine(), `[127.0.0.1]:${server.port} ${server.hostPublicKey.split(' ').slice(0, 2).join(' ')}\n`);
      assert.equal(server.portChoice, 'free');
      assert.equal(server.remoteUrl('x'), `ssh://${server.user}@127.0.0.1:${server.port}/x`);
      if (server.loginMode === 'git-user') {
        assert.equal(server.user, 'git');
        assert.equal(server.loginModeReason, undefined);
        const passwd = await run('getent', ['passwd', 'git']);
        assert.match(passwd.stdout.trim(), /:[^:]*\/git-shell$/, 'the git user logs in with git-shell');
        assert.equal(statSync(path.join(server.reposDir, 'demo-app.git')).uid, Number(passwd.stdout.split(':')[2]));
      } else {
        assert.equal(server.loginMode, 'forced-git-shell');
        assert.equal(server.user, os.userInfo().username);
        assert.ok(server.loginModeReason);
      }
    });

    it('lists an empty repository with git ls-remote --symref (nothing to list, but it exists)', async () => {
      const r = await run('git', ['ls-remote', '--symref', server.remoteUrl('empty-app')], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.deepEqual(server.refs('empty-app'), {});
      assert.deepEqual(
        { ...server.requests().at(-1), time: undefined },
        {
          time: undefined,
          command: "git-upload-pack '/empty-app'",
          service: 'upload-pack',
          app: 'empty-app',
          outcome: 'served',
          exitCode: 0,
        },
      );
    });

    it('takes a push over real SSH: the remote main equals the local HEAD, and ls-remote names main', async () => {
      const work = path.join(tmp, 'push');
      const head = await newRepo(work, { 'app.py': 'print("hi")\n' });
      await gitOk(['push', '-q', server.remoteUrl('demo-app'), 'HEAD:main'], { cwd: work, env });
      assert.equal(server.headOf('demo-app'), head);
      assert.equal(server.headOf('demo-app', 'main'), head);
      assert.deepEqual(server.refs('demo-app'), { 'refs/heads/main': head });
      const listed = await gitOk(['ls-remote', '--symref', server.remoteUrl('demo-app')], { env });
      assert.equal(listed, `ref: refs/heads/main\tHEAD\n${head}\tHEAD\n${head}\trefs/heads/main`);
      // The scp-like form DE5 shows (`git@<host>:<app>`), port from the ssh command.
      const next = await commit(work, { 'app.py': 'print("v2")\n' }, 'v2');
      await gitOk(['push', '-q', server.scpUrl('demo-app'), 'HEAD:main'], { cwd: work, env });
      assert.equal(server.headOf('demo-app'), next);
      assert.equal(server.requests().at(-1)?.command, "git-receive-pack 'demo-app'");
    });

    it('refuses a push to an app that does not exist, an invalid name, and a user the quirk refuses', async () => {
      const work = path.join(tmp, 'push');
      const missing = await run('git', ['push', server.remoteUrl('no-such-app'), 'HEAD:main'], { cwd: work, env });
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /app 'no-such-app' does not exist on this Dash Enterprise server; create it first/);
      assert.ok(!existsSync(path.join(server.reposDir, 'no-such-app.git')));
      const bad = await run('git', ['push', server.remoteUrl('Bad_Name'), 'HEAD:main'], { cwd: work, env });
      assert.match(bad.stderr, /'Bad_Name' is not a valid app name/);
      server.setQuirks({ refuseUser: true });
      const refused = await run('git', ['push', server.remoteUrl('empty-app'), 'HEAD:main'], { cwd: work, env });
      server.setQuirks({});
      assert.match(refused.stderr, /permission denied: your account may not push to app 'empty-app'/);
      assert.deepEqual(server.refs('empty-app'), {});
      assert.deepEqual(
        server
          .requests()
          .slice(-3)
          .map((r) => r.outcome),
        ['no-app', 'bad-name', 'refused-user'],
      );
    });

    it('takes a push into an app that `de apps create` made in its reposDir', async () => {
      const cli = await loadDe5Cli();
      const file = path.join(tmp, 'de-with-ssh.json');
      cli.createDeStubState(file, { host: 'de5.example.com', users: { u: 'p' }, reposDir: server.reposDir });
      const env5 = { DE_STUB_STATE: file, DASH_ENTERPRISE_USERNAME: 'u', DASH_ENTERPRISE_PASSWORD: 'p' };
      const created = cli.runDe(['--host', 'de5.example.com', '--no-keyfile', 'apps', 'create', '-n', 'cli-app'], env5);
      assert.equal(created.exitCode, 0, created.stderr);
      assert.equal(server.headOf('cli-app'), undefined);
      const work = path.join(tmp, 'push-cli');
      const head = await newRepo(work, { 'app.py': 'print("cli")\n' });
      await gitOk(['push', '-q', server.remoteUrl('cli-app'), 'HEAD:main'], { cwd: work, env });
      assert.equal(server.headOf('cli-app'), head);
    });

    it('rejects a key it does not know with "Permission denied (publickey)"', async () => {
      const other = sshEnv(server.port, server.otherClientKey.identityFile, path.join(tmp, 'known_hosts'));
      const r = await run('git', ['ls-remote', server.remoteUrl('demo-app')], { env: other });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /Permission denied \(publickey\)/);
    });

    it('stop() kills an in-flight push: the ref stays unchanged; after start() the same push succeeds', async () => {
      server.createRepo('big-app');
      const work = path.join(tmp, 'push-big');
      const before = await newRepo(work, { 'app.py': 'print("small")\n' });
      await gitOk(['push', '-q', server.remoteUrl('big-app'), 'HEAD:main'], { cwd: work, env });
      assert.equal(server.headOf('big-app', 'main'), before);
      // ~30 MB that does not compress, so the transfer lasts long enough to be cut. Level-0 zlib keeps
      // the test quick (the data is random anyway).
      const big = await commit(work, { 'data.bin': randomBytes(30 * 1024 * 1024) }, 'big data', ['core.compression=0']);
      const pushArgs = ['-c', 'pack.compression=0', 'push', '--progress', server.remoteUrl('big-app'), 'HEAD:main'];
      const push = spawn('git', pushArgs, { cwd: work, env: cleanEnv({ ...env }) });
      let stderr = '';
      push.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => push.on('exit', (code) => resolve(code)));
      // receive-pack puts incoming objects in a quarantine directory: its appearance means the pack is arriving.
      const objects = path.join(server.reposDir, 'big-app.git', 'objects');
      const deadline = Date.now() + 20_000;
      while (!readdirSync(objects).some((name) => name.includes('incoming')) && Date.now() < deadline) {
        await sleep(5);
      }
      assert.ok(Date.now() < deadline, `the push never reached receive-pack: ${stderr}`);
      await server.stop();
      assert.equal(server.isRunning(), false);
      assert.notEqual(await exited, 0, 'the push fails when sshd dies');
      assert.match(stderr, /hung up|disconnect|Broken pipe|Connection closed/i);
      assert.equal(server.headOf('big-app', 'main'), before, 'the remote ref is not half-updated');
      assert.equal(await connects(server.port), false);

      await server.start();
      await gitOk(pushArgs.filter((a) => a !== '--progress').concat('-q'), { cwd: work, env });
      assert.equal(server.headOf('big-app', 'main'), big);
    });

    it('serves a rotated host key after the next start: a client with the old known_hosts refuses it', async () => {
      const oldKnownHosts = path.join(tmp, 'known_hosts_old');
      knownHostsFor(server, oldKnownHosts);
      const oldFingerprint = server.hostKeyFingerprint;
      await server.rotateHostKey();
      const stillOld = sshEnv(server.port, server.clientKey.identityFile, oldKnownHosts);
      assert.equal((await run('git', ['ls-remote', server.remoteUrl('demo-app')], { env: stillOld })).code, 0, 'not before restart');
      await server.stop();
      await server.start();
      assert.notEqual(server.hostKeyFingerprint, oldFingerprint);
      const r = await run('git', ['ls-remote', server.remoteUrl('demo-app')], { env: stillOld });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
      assert.match(r.stderr, /Host key verification failed/);
      const fresh = sshEnv(server.port, server.clientKey.identityFile, knownHostsFor(server, path.join(tmp, 'known_hosts_new')));
      assert.equal((await run('git', ['ls-remote', server.remoteUrl('demo-app')], { env: fresh })).code, 0);
    });

    it('listens on 22 as root when 22 is free (the DE5 default), else on a free port; close() cleans up', async () => {
      const own = await ssh.startDe5SshServer({ apps: ['port-app'] });
      try {
        if (process.getuid?.() === 0 && own.portChoice === 'ssh-default') {
          assert.equal(own.port, 22);
          // No port anywhere: `git@127.0.0.1:<app>` exactly as DE5 shows it.
          writeFileSync(path.join(tmp, 'kh22'), `127.0.0.1 ${own.hostPublicKey.split(' ').slice(0, 2).join(' ')}\n`);
          const noPort = ['ssh', ...sshArgs(22, own.clientKey.identityFile, path.join(tmp, 'kh22')).slice(0, -2)].join(' ');
          const work = path.join(tmp, 'push-22');
          const head = await newRepo(work, { 'app.py': 'print("22")\n' });
          await gitOk(['push', '-q', own.scpUrl('port-app'), 'HEAD:main'], { cwd: work, env: { GIT_SSH_COMMAND: noPort } });
          assert.equal(own.headOf('port-app'), head);
        } else {
          assert.equal(own.portChoice, 'free');
          assert.notEqual(own.port, 22);
        }
      } finally {
        await own.close();
      }
      assert.ok(!existsSync(own.stateDir));
      assert.equal(await connects(own.port), false);
    });

    it('works the same in mode forced-git-shell (the current user, its key forced to git-shell)', async () => {
      const own = await ssh.startDe5SshServer({ port: 0, apps: ['forced-app'], loginMode: 'forced-git-shell' });
      try {
        assert.deepEqual([own.loginMode, own.user], ['forced-git-shell', os.userInfo().username]);
        const knownHosts = knownHostsFor(own, path.join(tmp, 'known_hosts_forced'));
        const ownEnv = sshEnv(own.port, own.clientKey.identityFile, knownHosts);
        const work = path.join(tmp, 'push-forced');
        const head = await newRepo(work, { 'app.py': 'print("forced")\n' });
        await gitOk(['push', '-q', own.remoteUrl('forced-app'), 'HEAD:main'], { cwd: work, env: ownEnv });
        assert.equal(own.headOf('forced-app'), head);
        const missing = await run('git', ['ls-remote', own.remoteUrl('other-app')], { env: ownEnv });
        assert.match(missing.stderr, /app 'other-app' does not exist/);
        // The forced command is the only thing the key may run.
        const shell = await run('ssh', [...sshArgs(own.port, own.clientKey.identityFile, knownHosts), `${own.user}@127.0.0.1`, 'id']);
        assert.notEqual(shell.code, 0);
        assert.match(shell.stderr, /unrecognized command 'id'/);
      } finally {
        await own.close();
      }
    });

    it('classifies requests without a shell ever seeing them', () => {
      const config = { reposDir: server.reposDir };
      assert.equal(ssh.classifyRequest("git-receive-pack '/demo-app.git'", config).outcome, 'serve');
      assert.equal(ssh.classifyRequest("git upload-pack 'demo-app/'", config).app, 'demo-app');
      assert.equal(ssh.classifyRequest("git-receive-pack '../etc'", config).outcome, 'bad-name');
      assert.equal(ssh.classifyRequest("git-receive-pack 'a'; rm -rf /", config).outcome, 'unknown-command');
      assert.equal(ssh.classifyRequest(undefined, config).outcome, 'no-command');
      assert.equal(ssh.isAppName('a'.repeat(63)), true);
      assert.equal(ssh.isAppName('a'.repeat(64)), false);
    });
  });
});
