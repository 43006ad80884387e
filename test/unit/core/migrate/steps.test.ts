// The real convert step over real git (no server needed), and the unattended answers of the push phases.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualDe5Admin } from '../../../../src/core/de5/deCliAdmin';
import { normaliseDe5Servers } from '../../../../src/core/de5/serverConfig';
import { normaliseEngineSettings } from '../../../../src/core/engine/config';
import { CoreError } from '../../../../src/core/errors';
import { DEFAULT_SSH_SETTINGS } from '../../../../src/core/git/ssh';
import { KnownHostsAppender } from '../../../../src/core/git/knownHostsFile';
import { unattendedPushUi } from '../../../../src/core/migrate/pushUi';
import { createMigrationSteps, CONVERT_COMMIT_MESSAGE } from '../../../../src/core/migrate/steps';
import { NULL_LOGGER } from '../../../../src/core/ports';
import { NodeFileSystem } from '../../../../src/node/nodeFileSystem';
import { NodeFileWriter } from '../../../../src/node/nodeFileWriter';
import { NodeNetProbe } from '../../../../src/node/nodeNetProbe';
import { NodeProcessRunner } from '../../../../src/node/nodeProcessRunner';
import { SimpleGitRunner } from '../../../../src/node/simpleGitRunner';
import { FakeHttpClient } from '../../../support/fakeHttpClient';

const IDENTITY = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...IDENTITY }, encoding: 'utf8' }).trim();
}

/** A DE4 app as cloned: committed, with the tool's own metadata folder beside it (not committed). */
function de4App(dir: string): void {
  fs.mkdirSync(path.join(dir, '.de-migrate'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Procfile'), 'web: gunicorn app:server --workers 4\n');
  fs.writeFileSync(path.join(dir, 'runtime.txt'), 'python-3.7.10\n');
  fs.writeFileSync(
    path.join(dir, 'requirements.txt'),
    '--extra-index-url=https://de4.example.com/Docs/packages\ndash==1.19.0\ngunicorn==20.0.4\n',
  );
  fs.writeFileSync(path.join(dir, 'app.py'), 'import dash\napp = dash.Dash(__name__)\nserver = app.server\n');
  git(dir, 'init', '-q', '-b', 'master');
  git(dir, 'add', '-A', '--', '.', ':(exclude).de-migrate');
  git(dir, 'commit', '-q', '-m', 'Deploy');
  fs.writeFileSync(path.join(dir, '.de-migrate', 'de4-app.json'), '{}\n');
}

describe('migration steps (real git)', function () {
  this.timeout(30_000);
  let work: string;

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-steps-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  function steps() {
    const [server] = normaliseDe5Servers([{ host: 'de5.example.com' }]);
    assert.ok(server);
    return createMigrationSteps(
      {
        workdir: work,
        de4: {
          api: {
            baseUrl: 'https://de4.example.com',
            current: () => Promise.reject(new Error('unused')),
            appDetail: () => Promise.resolve(undefined),
          },
          target: { host: '127.0.0.1', port: 3022, user: 'dokku' },
          ssh: DEFAULT_SSH_SETTINGS,
        },
        de5: {
          server,
          ssh: { ...DEFAULT_SSH_SETTINGS, knownHostsFile: path.join(work, 'known_hosts') },
          admin: new ManualDe5Admin(),
          verifyTimeoutMs: 0,
          overrideErrors: false,
        },
        answers: { acceptNewHostKeys: false },
        engine: normaliseEngineSettings({ de5Host: 'de5.example.com' }),
      },
      {
        fs: new NodeFileSystem(),
        writer: new NodeFileWriter(),
        git: new SimpleGitRunner(),
        net: new NodeNetProbe(),
        process: new NodeProcessRunner(),
        http: new FakeHttpClient([]),
        log: NULL_LOGGER,
      },
    );
  }

  it('convert commits the safe fixes as de-migrate, without the tool folder, after a backup tag', async () => {
    const dir = path.join(work, 'sales');
    de4App(dir);
    const deployed = git(dir, 'rev-parse', 'HEAD');
    const { sha } = await steps().convert({ app: 'sales', dir });
    assert.equal(sha, git(dir, 'rev-parse', 'HEAD'));
    assert.notEqual(sha, deployed);
    assert.equal(git(dir, 'log', '-1', '--format=%an <%ae>|%s'), `de-migrate <de-migrate@localhost>|${CONVERT_COMMIT_MESSAGE}`);
    assert.equal(git(dir, 'rev-parse', 'HEAD~1'), deployed);
    assert.match(git(dir, 'tag', '--list'), /^de4-original/m);
    assert.doesNotMatch(git(dir, 'ls-files'), /\.de-migrate/);
    assert.equal(git(dir, 'status', '--porcelain', '--', '.', ':(exclude).de-migrate'), '');
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'requirements.txt'), 'utf8'), /Docs\/packages/, 'a safe fix was applied');
  });

  it('convert run again (a resume after a crash) changes nothing and makes no second commit or backup', async () => {
    const dir = path.join(work, 'sales');
    de4App(dir);
    const s = steps();
    const first = await s.convert({ app: 'sales', dir });
    const tags = git(dir, 'tag', '--list');
    const again = await s.convert({ app: 'sales', dir });
    assert.equal(again.sha, first.sha);
    assert.equal(git(dir, 'tag', '--list'), tags);
  });

  it('convert commits files written before a crash that were never committed', async () => {
    const dir = path.join(work, 'sales');
    de4App(dir);
    fs.writeFileSync(path.join(dir, 'app.py'), 'import dash\napp = dash.Dash(__name__)\nserver = app.server\n# edited\n');
    const { sha } = await steps().convert({ app: 'sales', dir });
    assert.equal(git(dir, 'show', `${sha ?? ''}:app.py`).endsWith('# edited'), true);
  });

  it('create without the de CLI fails for an app DE5 does not have, naming the way out', async () => {
    const dir = path.join(work, 'sales');
    de4App(dir);
    await assert.rejects(
      steps().create({ app: 'Sales', dir }),
      (err: unknown) => err instanceof CoreError && err.code === 'invalid-input' && /not a valid DE5 app name/.test(err.message),
    );
  });
});

describe('unattended push answers', () => {
  const log = NULL_LOGGER;
  const appender = new KnownHostsAppender('/nowhere', {
    fs: new NodeFileSystem(),
    writer: {
      writeFileAtomic: () => Promise.reject(new Error('unused')),
      deleteFile: () => Promise.resolve(),
      mkdir: () => Promise.resolve(),
    },
  });

  it('trusts a host key only with the matching fingerprint, or on first use when allowed; a refusal is a failure, not a cancellation', async () => {
    const pinned = unattendedPushUi('a', { acceptHostKey: 'SHA256:good', acceptNewHostKeys: true }, appender, log);
    assert.equal(await pinned.confirmHostKey('h', 22, 'SHA256:good', 'ssh-ed25519'), true);
    await assert.rejects(
      pinned.confirmHostKey('h', 22, 'SHA256:evil', 'ssh-ed25519'),
      (err: unknown) => err instanceof CoreError && err.code === 'host-key-unknown' && /not the fingerprint given/.test(err.message),
    );
    const tofu = unattendedPushUi('a', { acceptNewHostKeys: true }, appender, log);
    assert.equal(await tofu.confirmHostKey('h', 22, 'SHA256:any', 'ssh-ed25519'), true);
    const strict = unattendedPushUi('a', { acceptNewHostKeys: false }, appender, log);
    await assert.rejects(
      strict.confirmHostKey('h', 22, 'SHA256:any', 'ssh-ed25519'),
      /not trusted yet; its host key fingerprint is SHA256:any/,
    );
  });

  it('never overwrites DE5 commits, takes main or the given branch, and values per app', async () => {
    const ui = unattendedPushUi(
      'a',
      { acceptNewHostKeys: false, branch: 'prod', valueFor: (app, name) => `${app}.${name}` },
      appender,
      log,
    );
    assert.equal(await ui.confirmForce('main'), false);
    assert.equal(await ui.chooseBranch('main'), 'prod');
    assert.equal(await ui.valueFor('TOKEN'), 'a.TOKEN');
    assert.equal(await unattendedPushUi('a', { acceptNewHostKeys: false }, appender, log).chooseBranch('main'), 'main');
  });

  it('known-hosts lines from apps trusting the same host at once are written once each', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-kh-'));
    try {
      const file = path.join(dir, 'sub', 'known_hosts');
      const k = new KnownHostsAppender(file, { fs: new NodeFileSystem(), writer: new NodeFileWriter() });
      await Promise.all([
        k.append('[h]:22 ssh-ed25519 AAAA\n'),
        k.append('[h]:22 ssh-ed25519 AAAA\n'),
        k.append('[g]:22 ssh-ed25519 BBBB\n'),
      ]);
      assert.equal(fs.readFileSync(file, 'utf8'), '[h]:22 ssh-ed25519 AAAA\n[g]:22 ssh-ed25519 BBBB\n');
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
