import * as assert from 'node:assert/strict';
import { backupFolderName, isSafeRelative, newestBackup, parseManifest, planFolderBackup } from '../../../../src/core/backup/folderBackup';
import {
  backupMessage,
  nextTagName,
  parseBackupMessage,
  planGitBackup,
  planGitRestore,
  sortBackupTags,
} from '../../../../src/core/backup/gitBackup';

describe('backup/gitBackup', () => {
  it('picks the first free tag name', () => {
    assert.equal(nextTagName([]), 'de4-original');
    assert.equal(nextTagName(['de4-original']), 'de4-original-2');
    assert.equal(nextTagName(['de4-original', 'de4-original-2', 'de4-original-4']), 'de4-original-3');
    assert.deepEqual(sortBackupTags(['de4-original-10', 'de4-original', 'de4-original-2', 'de4-originals', '']), [
      'de4-original',
      'de4-original-2',
      'de4-original-10',
    ]);
  });

  it('plans a commit through a scratch index, never the user index', () => {
    const plan = planGitBackup({
      existingTags: ['de4-original'],
      indexFile: '/tmp/idx',
      hasHead: true,
      appPath: 'apps/a',
      created: ['project.toml'],
    });
    assert.equal(plan.tag, 'de4-original-2');
    assert.deepEqual(
      plan.steps.map((s) => s.args[0]),
      ['read-tree', 'add', 'write-tree', 'commit-tree', 'tag'],
    );
    for (const s of plan.steps.slice(0, 3)) {
      assert.deepEqual(s.env, { GIT_INDEX_FILE: '/tmp/idx' });
    }
    const commit = plan.steps[3];
    assert.deepEqual(commit?.args.slice(0, 4), ['commit-tree', '--no-gpg-sign', '-p', 'HEAD']);
    assert.equal(commit?.args[commit.args.length - 1], '{tree}');
    assert.equal(commit?.capture, 'commit');
    assert.deepEqual(plan.steps[4]?.args, ['tag', 'de4-original-2', '{commit}']);
  });

  it('makes a root commit when the repository has none', () => {
    const plan = planGitBackup({ existingTags: [], indexFile: 'i', hasHead: false, appPath: '', created: [] });
    assert.deepEqual(
      plan.steps.map((s) => s.args[0]),
      ['add', 'write-tree', 'commit-tree', 'tag'],
    );
    assert.ok(!plan.steps[2]?.args.includes('-p'));
  });

  it('round-trips the app path and created files through the commit message', () => {
    assert.deepEqual(parseBackupMessage(backupMessage('apps/a', ['Aptfile', 'project.toml'])), {
      appPath: 'apps/a',
      created: ['Aptfile', 'project.toml'],
    });
    assert.deepEqual(parseBackupMessage(backupMessage('', [])), { appPath: '', created: [] });
    assert.deepEqual(parseBackupMessage('unrelated'), { created: [] });
  });

  it('restores the working files only', () => {
    assert.deepEqual(
      planGitRestore('de4-original').map((s) => s.args),
      [['restore', '--source=de4-original', '--worktree', '--', '.']],
    );
  });
});

describe('backup/folderBackup', () => {
  it('names folders by time without colons and finds the newest', () => {
    assert.equal(backupFolderName(new Date('2024-05-01T12:30:00Z')), '2024-05-01T12-30-00.000Z');
    assert.equal(newestBackup(['2024-05-01T12-30-00.000Z', '2025-01-01T00-00-00.000Z', 'junk']), '2025-01-01T00-00-00.000Z');
    assert.equal(newestBackup(['junk']), undefined);
  });

  it('plans copies and a manifest that parses back', () => {
    const plan = planFolderBackup(['b.txt', 'a/x.py'], ['project.toml'], new Date('2024-05-01T12:30:00Z'));
    assert.equal(plan.folder, '.de-migrate/backup/2024-05-01T12-30-00.000Z');
    assert.deepEqual(plan.copies[0], { from: 'a/x.py', to: '.de-migrate/backup/2024-05-01T12-30-00.000Z/a/x.py' });
    assert.deepEqual(parseManifest(JSON.stringify(plan.manifest)), plan.manifest);
  });

  it('rejects damaged manifests and paths that leave the app', () => {
    assert.equal(parseManifest('{'), undefined);
    assert.equal(parseManifest(JSON.stringify({ version: 1, time: 't', files: ['../x'], created: [] })), undefined);
    assert.equal(isSafeRelative('a/b'), true);
    for (const p of ['', '/etc/passwd', 'C:/x', 'a/../../b', 'a//b']) {
      assert.equal(isSafeRelative(p), false, p);
    }
  });
});
