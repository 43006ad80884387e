import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { De4AppMetadataFile } from '../../../../src/core/de4/appMetadata';
import { parseDe4Metadata } from '../../../../src/core/de4/appMetadata';
import { CoreError } from '../../../../src/core/errors';
import { backupDe4App, readBackupManifest, restoreDe4Backup } from '../../../../src/core/git/de4Backup';
import { compareWithDeployed, type RepoPorts } from '../../../../src/core/git/de4Repo';
import { DEFAULT_SSH_SETTINGS } from '../../../../src/core/git/ssh';
import { NodeFileSystem } from '../../../../src/node/nodeFileSystem';
import { NodeFileWriter } from '../../../../src/node/nodeFileWriter';
import { SimpleGitRunner } from '../../../../src/node/simpleGitRunner';
import { RecordingLogger } from '../../../support/recordingLogger';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' }).trim();
}

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `de-migrate-${prefix}-`));
}

/** A repository with two commits on master and a tag; returns the commits. */
function repo(): { dir: string; first: string; second: string } {
  const dir = tmp('repo');
  git(dir, 'init', '-q', '-b', 'master');
  fs.writeFileSync(path.join(dir, 'app.py'), 'print(1)\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'one');
  const first = git(dir, 'rev-parse', 'HEAD');
  fs.writeFileSync(path.join(dir, 'app.py'), 'print(2)\n');
  git(dir, 'commit', '-q', '-am', 'two');
  git(dir, 'tag', 'v2');
  return { dir, first, second: git(dir, 'rev-parse', 'HEAD') };
}

const META: De4AppMetadataFile = {
  schemaVersion: 1,
  source: { server: 'https://de4.example.com', app: 'sales-dash' },
  savedAt: '2026-01-01T00:00:00.000Z',
  deployed: {},
  access: { users: [], teams: [] },
  environmentVariables: [{ name: 'API_TOKEN', readonly: false, platform: false }],
  linkedServices: [],
  mounts: [],
  processes: [],
  portal: { tags: [] },
};

function ports(log = new RecordingLogger()): RepoPorts {
  return { fs: new NodeFileSystem(), writer: new NodeFileWriter(), git: new SimpleGitRunner(), log };
}

describe('git/de4Repo compareWithDeployed (stale checkouts are the classic mistake)', function () {
  this.timeout(20_000);

  it('tells same, ahead, behind, diverged, unknown and not-git apart', async () => {
    const { dir, first, second } = repo();
    assert.deepEqual(await compareWithDeployed(dir, second, ports()), { kind: 'same', head: second });
    assert.deepEqual(await compareWithDeployed(dir, second.slice(0, 7), ports()), { kind: 'same', head: second });
    assert.deepEqual(await compareWithDeployed(dir, first, ports()), { kind: 'ahead', head: second, deployed: first, commits: 1 });
    git(dir, 'checkout', '-q', first);
    assert.deepEqual(await compareWithDeployed(dir, second, ports()), { kind: 'behind', head: first, deployed: second, commits: 1 });
    git(dir, 'checkout', '-q', '-b', 'side');
    fs.writeFileSync(path.join(dir, 'side.py'), '\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'side');
    const side = git(dir, 'rev-parse', 'HEAD');
    assert.deepEqual(await compareWithDeployed(dir, second, ports()), { kind: 'diverged', head: side, deployed: second });
    const missing = 'f'.repeat(40);
    assert.deepEqual(await compareWithDeployed(dir, missing, ports()), { kind: 'unknown-deployed', head: side, deployed: missing });
    assert.deepEqual(await compareWithDeployed(dir, undefined, ports()), { kind: 'no-deploy-info', head: side });
    assert.deepEqual(await compareWithDeployed(tmp('plain'), second, ports()), { kind: 'not-git' });
  });
});

describe('git/de4Backup (Back Up App… and its restore)', function () {
  this.timeout(30_000);

  it('writes a verified bundle, the metadata and a manifest, and restores every ref from it', async () => {
    const { dir, second } = repo();
    const out = tmp('out');
    const log = new RecordingLogger();
    const now = new Date('2026-11-25T10:11:12.345Z');
    const { dir: backup, manifest } = await backupDe4App({ source: { kind: 'folder', dir }, metadata: META, outDir: out, now }, ports(log));
    assert.equal(path.basename(backup), 'sales-dash-de4-backup-20261125-101112Z');
    assert.deepEqual(fs.readdirSync(backup).sort(), ['RESTORE.md', 'backup.json', 'de4-app.json', 'repo.bundle']);
    assert.equal(manifest.head, second);
    assert.equal(manifest.env, undefined);
    assert.deepEqual(await readBackupManifest(backup, ports()), manifest);

    const dest = path.join(tmp('restore'), 'sales-dash');
    const restored = await restoreDe4Backup(backup, dest, ports());
    assert.equal(restored.head, second);
    assert.equal(fs.readFileSync(path.join(dest, 'app.py'), 'utf8'), 'print(2)\n');
    assert.equal(git(dest, 'rev-parse', 'v2'), second, 'tags come back too');
    const meta = parseDe4Metadata(fs.readFileSync(path.join(dest, '.de-migrate', 'de4-app.json'), 'utf8'));
    assert.equal(meta.source.app, 'sales-dash');
    assert.ok(!fs.existsSync(path.join(dest, '.de-migrate', 'env')), 'values never land in the app folder');
  });

  it('writes values only on opt-in, to a private file, and never logs them', async () => {
    const { dir } = repo();
    const log = new RecordingLogger();
    const { dir: backup, manifest } = await backupDe4App(
      {
        source: { kind: 'folder', dir },
        metadata: META,
        outDir: tmp('out'),
        now: new Date(),
        envValues: [{ name: 'API_TOKEN', value: 's3cr3t value' }],
      },
      ports(log),
    );
    assert.equal(manifest.env, 'env');
    const env = fs.readFileSync(path.join(backup, 'env'), 'utf8');
    assert.match(env, /^API_TOKEN="s3cr3t value"$/m);
    assert.equal(fs.statSync(path.join(backup, 'env')).mode & 0o077, 0, 'no access for group or others');
    assert.ok(!log.text().includes('s3cr3t'), 'the value is not in the log');
    assert.ok(!fs.readFileSync(path.join(backup, 'de4-app.json'), 'utf8').includes('s3cr3t'));
  });

  it('refuses a folder that is not a repository, and leaves no half-made backup', async () => {
    const out = tmp('out');
    await assert.rejects(
      backupDe4App({ source: { kind: 'folder', dir: tmp('plain') }, metadata: META, outDir: out, now: new Date() }, ports()),
      (e: unknown) => e instanceof CoreError && e.code === 'invalid-input',
    );
    assert.deepEqual(fs.readdirSync(out), []);
  });

  it('removes its scratch mirror when the clone from DE4 fails', async () => {
    const parent = tmp('scratch');
    const scratchDir = path.join(parent, 'mirror');
    const out = tmp('out');
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const ssh = {
      ...DEFAULT_SSH_SETTINGS,
      configFile: '/dev/null',
      knownHostsFile: path.join(parent, 'known_hosts'),
      connectTimeoutSeconds: 5,
    };
    try {
      await assert.rejects(
        backupDe4App(
          {
            source: { kind: 'de4', target: { host: '127.0.0.1', port, user: 'git' }, ssh, scratchDir },
            metadata: META,
            outDir: out,
            now: new Date(),
          },
          ports(),
        ),
        (e: unknown) => e instanceof CoreError,
      );
      assert.equal(fs.existsSync(scratchDir), false, 'no half-made copy of the app left in the temp folder');
      assert.deepEqual(fs.readdirSync(out), []);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('refuses to restore an incomplete backup or over an existing folder', async () => {
    const incomplete = tmp('incomplete');
    fs.writeFileSync(path.join(incomplete, 'repo.bundle'), 'x');
    await assert.rejects(
      restoreDe4Backup(incomplete, path.join(tmp('r'), 'x'), ports()),
      /not a complete de-migrate backup: backup.json is missing/,
    );
    const { dir } = repo();
    const { dir: backup } = await backupDe4App(
      { source: { kind: 'folder', dir }, metadata: META, outDir: tmp('out'), now: new Date() },
      ports(),
    );
    const existing = tmp('exists');
    await assert.rejects(restoreDe4Backup(backup, existing, ports()), (e: unknown) => e instanceof CoreError && e.code === 'invalid-input');
  });
});
