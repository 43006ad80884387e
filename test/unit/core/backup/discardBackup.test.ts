import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backupApp, discardBackup, type BackupPorts } from '../../../../src/core/backup/backupApp';
import { NodeFileSystem } from '../../../../src/node/nodeFileSystem';
import { NodeFileWriter } from '../../../../src/node/nodeFileWriter';
import { SimpleGitRunner } from '../../../../src/node/simpleGitRunner';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

function app(withGit: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-discard-'));
  fs.writeFileSync(path.join(dir, 'runtime.txt'), 'python-3.9.7\n');
  if (withGit) {
    for (const args of [
      ['init', '-q'],
      ['add', '-A'],
      ['commit', '-q', '-m', 'init'],
    ]) {
      execFileSync('git', args, { cwd: dir, env: ENV });
    }
  }
  return dir;
}

function ports(): BackupPorts {
  return { fs: new NodeFileSystem(), writer: new NodeFileWriter(), git: new SimpleGitRunner() };
}

describe('backup/discardBackup (a discarded conversion preview leaves no backup behind)', function () {
  this.timeout(20_000);

  it('removes a backup folder, so the next backup is the only one', async () => {
    const dir = app(false);
    const backup = await backupApp(dir, ['project.toml'], ports());
    assert.equal(backup.kind, 'folder');
    const backups = path.join(dir, '.de-migrate', 'backup');
    assert.equal(fs.readdirSync(backups).length, 1);
    await discardBackup(dir, backup, ports());
    assert.deepEqual(fs.readdirSync(backups), []);
    assert.equal(fs.readFileSync(path.join(dir, 'runtime.txt'), 'utf8'), 'python-3.9.7\n', 'the app itself is untouched');
  });

  it('deletes a backup tag, so the next backup takes the plain name again', async () => {
    const dir = app(true);
    const first = await backupApp(dir, [], ports());
    assert.deepEqual(first, { kind: 'git-tag', name: 'de4-original' });
    await discardBackup(dir, first, ports());
    assert.equal(execFileSync('git', ['tag', '--list'], { cwd: dir, encoding: 'utf8' }).trim(), '');
    assert.deepEqual(await backupApp(dir, [], ports()), { kind: 'git-tag', name: 'de4-original' });
  });
});
