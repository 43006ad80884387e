import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDe4Server, type De4AppSourceModule, type De4SeedModule } from '../support/de4ServerModule';
import { loadDe4Ssh, type De4SshModule, type LoopbackDe4SshServer } from '../support/de4SshModule';

// The loopback DE4 git endpoint (scripts/de4Ssh) with real git and a real OpenSSH server: the JS
// commit hashing against git's own, clones over SSH, Dokku-like refusals, the refuseReads quirk and
// shutdown.

interface SeedApp {
  name: string;
  analytics: { gitRevision: { sha1: string | null } };
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** git with no global/system config and no inherited GIT_* variables; never throws. */
function git(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
  const env = { ...base, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', ...options.env };
  return new Promise((resolve) => {
    execFile('git', args, { cwd: options.cwd, env, timeout: 15_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function gitOk(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<string> {
  const r = await git(args, options);
  assert.equal(r.code, 0, `git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** The command from the task: every ssh file explicit, nothing from ~/.ssh, never a prompt. */
function sshEnv(server: LoopbackDe4SshServer): Record<string, string> {
  const q = (p: string) => `'${p}'`;
  const command =
    `ssh -F ${q(server.sshConfigFile)} -i ${q(server.identityFile)} -o IdentitiesOnly=yes -o BatchMode=yes ` +
    `-o UserKnownHostsFile=${q(server.knownHostsFile)} -o StrictHostKeyChecking=yes -p ${server.port}`;
  return { GIT_SSH_COMMAND: command };
}

/** Every file under `dir` except .git, path → text. */
function readTree(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name === '.git') {
      continue;
    }
    if (entry.isDirectory()) {
      Object.assign(files, readTree(dir, rel));
    } else {
      files[rel] = readFileSync(path.join(dir, rel), 'utf8');
    }
  }
  return files;
}

/** Commits `files` with real git (index and worktree, the path a developer takes) and returns HEAD. */
async function commitWithGit(
  dir: string,
  files: Record<string, string>,
  time: number,
  message: string,
  ident: { name: string; email: string },
) {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const date = `${time} +0000`;
  const env = {
    GIT_AUTHOR_NAME: ident.name,
    GIT_AUTHOR_EMAIL: ident.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: ident.name,
    GIT_COMMITTER_EMAIL: ident.email,
    GIT_COMMITTER_DATE: date,
  };
  await gitOk(['init', '-q', '--template=', dir]);
  await gitOk(['-c', 'core.autocrlf=false', 'add', '-A'], { cwd: dir, env });
  await gitOk(['-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', message.trimEnd()], { cwd: dir, env });
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

describe('loopback DE4 git over SSH (scripts/de4Ssh)', function () {
  this.timeout(20_000);
  let ssh: De4SshModule;
  let de4: De4SeedModule & De4AppSourceModule;
  let apps: SeedApp[];
  let tmp: string;

  before(async () => {
    ssh = await loadDe4Ssh();
    de4 = await loadDe4Server();
    apps = de4.seedApps() as SeedApp[];
    tmp = mkdtempSync(path.join(os.tmpdir(), 'de4ssh-test-'));
  });

  after(() => rmSync(tmp, { recursive: true, force: true }));

  const app = (name: string): SeedApp => {
    const found = apps.find((a) => a.name === name);
    assert.ok(found, `seed app ${name}`);
    return found;
  };

  describe('deploy commits', () => {
    // pip + worker + Redis, Postgres, conda (stopped), conda + worker + two services, a filler app.
    for (const name of ['sales-dash', 'inventory-pg', 'climate-conda', 'ml-forecast', 'report-04']) {
      it(`hashes ${name}'s deploy commit exactly as git does, and the seed reports that sha`, async () => {
        const commit = ssh.deployedCommit(app(name));
        assert.ok(commit);
        assert.deepEqual(commit.files, de4.appSourceFiles(app(name)));
        assert.equal(commit.message, `Deploy ${name}\n`);
        const head = await commitWithGit(path.join(tmp, `hash-${name}`), commit.files, commit.time, commit.message, ssh.DEPLOY_IDENT);
        assert.equal(commit.sha, head);
        assert.equal(app(name).analytics.gitRevision.sha1, head);
      });
    }

    it("sorts nested trees by git's rules (a directory compares as name + '/')", async () => {
      const files = { 'a.b': '1\n', 'a/c': '2\n', 'a-b': '3\n', a0: '4\n', 'b/c/d.txt': 'deep\n', 'ü.txt': 'utf-8\n', 'sp ace': '' };
      const input = { files, time: 1_600_000_000, message: 'Nested\n' };
      const head = await commitWithGit(path.join(tmp, 'hash-nested'), files, input.time, input.message, ssh.DEPLOY_IDENT);
      assert.equal(ssh.commitSha(input), head);
      assert.equal(
        ssh.commitSha({
          ...input,
          files: {
            a: { c: '2\n' },
            'a.b': '1\n',
            'a-b': '3\n',
            a0: '4\n',
            b: { c: { 'd.txt': 'deep\n' } },
            'ü.txt': 'utf-8\n',
            'sp ace': '',
          },
        }),
        head,
      );
    });

    it('takes the time of the last update, read as UTC, and has no commit for an app never deployed', () => {
      assert.equal(ssh.epochSeconds('2021-02-04T16:37:43.601909'), Date.UTC(2021, 1, 4, 16, 37, 43) / 1000);
      assert.equal(ssh.deployedCommit(app('hr-portal')), null);
      assert.equal(app('hr-portal').analytics.gitRevision.sha1, null);
      assert.throws(() => ssh.nestFiles({ 'a/../b': 'x' }), /invalid path/);
    });
  });

  describe('server', () => {
    let server: LoopbackDe4SshServer;
    before(async () => {
      server = await ssh.startDe4SshServer({ port: 0 });
    });
    after(() => server.close());

    it('serves one bare repository per deployed app, with the sha the API reports', () => {
      assert.equal(server.repos.length, apps.length - 1);
      assert.ok(!server.repos.some((r) => r.app === 'hr-portal'));
      for (const repo of server.repos) {
        assert.equal(repo.sha, app(repo.app).analytics.gitRevision.sha1, repo.app);
      }
      assert.equal(server.user, os.userInfo().username);
      assert.equal(server.cloneUrl('x'), `ssh://${server.user}@127.0.0.1:${server.port}/x`);
      assert.match(readFileSync(server.knownHostsFile, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${server.port} ssh-ed25519 `));
    });

    it('clones two apps over real SSH with the deployed files and commit', async () => {
      for (const name of ['sales-dash', 'climate-conda']) {
        const dest = path.join(tmp, `clone-${name}`);
        await gitOk(['clone', '-q', server.cloneUrl(name), dest], { env: sshEnv(server) });
        assert.deepEqual(readTree(dest), de4.appSourceFiles(app(name)));
        assert.equal(await gitOk(['rev-parse', 'HEAD'], { cwd: dest }), app(name).analytics.gitRevision.sha1);
        assert.equal(await gitOk(['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: dest }), 'master');
      }
      const served = server.requests().filter((r) => r.outcome === 'served');
      assert.deepEqual(
        served.map((r) => r.app),
        ['sales-dash', 'climate-conda'],
      );
      assert.match(served[0]?.command ?? '', /^git-upload-pack '\/sales-dash'$/);
    });

    it('clones with the scp-like form and only -F (port, user and key from the config file)', async () => {
      const dest = path.join(tmp, 'clone-scp');
      await gitOk(['clone', '-q', server.scpUrl('inventory-pg.git'), dest], {
        env: { GIT_SSH_COMMAND: `ssh -F '${server.sshConfigFile}'` },
      });
      assert.deepEqual(readTree(dest), de4.appSourceFiles(app('inventory-pg')));
    });

    it('answers an unknown app like Dokku', async () => {
      const r = await git(['clone', '-q', server.cloneUrl('no-such-app'), path.join(tmp, 'clone-none')], { env: sshEnv(server) });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /!\s+App no-such-app does not exist/);
      assert.ok(!existsSync(path.join(tmp, 'clone-none')));
    });

    it('refuses pushes: the stand-in is read-only', async () => {
      const dest = path.join(tmp, 'clone-sales-dash');
      writeFileSync(path.join(dest, 'app.py'), 'changed\n');
      const env = { ...sshEnv(server), GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
      await gitOk(['-c', 'commit.gpgsign=false', 'commit', '-q', '-am', 'change'], { cwd: dest, env });
      const r = await git(['push', 'origin', 'master'], { cwd: dest, env });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /!\s+Pushing is disabled: this DE4 stand-in is read-only/);
      const bare = server.repos.find((x) => x.app === 'sales-dash');
      assert.ok(bare);
      assert.equal(await gitOk(['--git-dir', bare.path, 'rev-parse', 'master']), app('sales-dash').analytics.gitRevision.sha1);
      assert.equal(server.requests().at(-1)?.outcome, 'read-only');
    });
  });

  it('with the refuseReads quirk every clone is refused, and setQuirks lifts it for the next connection', async () => {
    const server = await ssh.startDe4SshServer({ port: 0, apps: [app('report-01')], quirks: { refuseReads: true } });
    try {
      const dest = path.join(tmp, 'clone-refused');
      const r = await git(['clone', '-q', server.cloneUrl('report-01'), dest], { env: sshEnv(server) });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /!\s+Reading app code over git is not enabled on this server/);
      server.setQuirks({});
      await gitOk(['clone', '-q', server.cloneUrl('report-01'), dest], { env: sshEnv(server) });
      assert.deepEqual(
        server.requests().map((x) => x.outcome),
        ['refused-read', 'served'],
      );
    } finally {
      await server.close();
    }
  });

  it('close() stops sshd and removes the state it created', async () => {
    const server = await ssh.startDe4SshServer({ port: 0, apps: [app('report-02')] });
    assert.ok(await connects(server.port), 'listening before close');
    assert.ok(existsSync(server.stateDir));
    await server.close();
    assert.equal(await connects(server.port), false, 'port refuses connections after close');
    assert.ok(!existsSync(server.stateDir));
    await server.close();
  });
});
