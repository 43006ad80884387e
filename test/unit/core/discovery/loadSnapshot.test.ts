import * as assert from 'node:assert/strict';
import { MAX_PYTHON_BYTES, MAX_TEXT_BYTES } from '../../../../src/core/discovery/decode';
import { loadSnapshot } from '../../../../src/core/discovery/loadSnapshot';
import { fakeFileSystem } from '../../../support/fakeFileSystem';

describe('loadSnapshot', () => {
  it('reads root config files, Python sources and .git/config, and sizes every file', async () => {
    const fs = fakeFileSystem({
      '/a/Procfile': 'web: gunicorn app:server\n',
      '/a/requirements-dev.txt': 'pytest\n',
      '/a/app.py': 'import dash\n',
      '/a/pkg/util.py': 'x = 1\n',
      '/a/data/big.csv': { size: 123_456_789 },
      '/a/.git/config': '[remote "plotly"]\n\turl = dokku@de4:app\n',
      '/a/.git/objects/ab': 'binary',
      '/a/sub/Procfile': 'web: nested app',
    });
    const snap = await loadSnapshot(fs, '/a');
    assert.deepEqual([...snap.files.keys()], ['.git/config', 'Procfile', 'app.py', 'pkg/util.py', 'requirements-dev.txt']);
    assert.equal(snap.sizes.get('data/big.csv'), 123_456_789);
    assert.equal(snap.files.get('app.py')?.text, 'import dash\n');
    assert.ok(!snap.sizes.has('sub/Procfile'), 'a nested app is left to its own snapshot');
    assert.ok(!fs.reads.includes('/a/data/big.csv'), 'data files are sized, never read');
  });

  it('prefers open editor buffers over the disk', async () => {
    const fs = fakeFileSystem({ '/a/requirements.txt': 'dash==1.0\n' });
    const snap = await loadSnapshot(fs, '/a', { overlay: new Map([['/a/requirements.txt', '\ufeffdash==2.0\n']]) });
    assert.equal(snap.files.get('requirements.txt')?.text, 'dash==2.0\n');
  });

  it('decodes UTF-8 and BOM-marked UTF-16, and marks binary and other encodings instead of guessing', async () => {
    const utf16le = new Uint8Array([0xff, 0xfe, 0x64, 0x00, 0x61, 0x00, 0x0a, 0x00]);
    const utf16be = new Uint8Array([0xfe, 0xff, 0x00, 0x64, 0x00, 0x61]);
    const latin1 = new Uint8Array([0x64, 0x61, 0x73, 0x68, 0xe9, 0x0a]);
    const binary = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]);
    const fs = fakeFileSystem({
      '/a/requirements.txt': utf16le,
      '/a/requirements-dev.txt': utf16be,
      '/a/runtime.txt': latin1,
      '/a/Aptfile': binary,
      '/a/Procfile': '\ufeffweb: x\n',
    });
    const snap = await loadSnapshot(fs, '/a');
    assert.equal(snap.files.get('requirements.txt')?.text, 'da\n');
    assert.equal(snap.files.get('requirements-dev.txt')?.text, 'da');
    assert.equal(snap.files.get('runtime.txt')?.skipped, 'encoding');
    assert.equal(snap.files.get('Aptfile')?.skipped, 'binary');
    assert.equal(snap.files.get('Procfile')?.text, 'web: x\n');
  });

  it('keeps going when a file cannot be read', async () => {
    const fs = fakeFileSystem({ '/a/Procfile': 'web: x\n', '/a/app.py': 'x' }, { unreadable: ['/a/app.py'] });
    const snap = await loadSnapshot(fs, '/a');
    assert.ok(snap.files.has('Procfile'));
    assert.ok(!snap.files.has('app.py'));
  });

  it('sizes every file, a root config file it cannot read included', async () => {
    const fs = fakeFileSystem(
      { '/a/Procfile': 'web: x\n', '/a/requirements.txt': 'dash\n', '/a/app.py': 'x = 1\n', '/a/data.csv': { size: 9 } },
      { unreadable: ['/a/requirements.txt'] },
    );
    const snap = await loadSnapshot(fs, '/a');
    assert.ok(!snap.files.has('requirements.txt'));
    assert.deepEqual(
      [...snap.sizes],
      [
        ['Procfile', 7],
        ['app.py', 6],
        ['data.csv', 9],
        ['requirements.txt', 5],
      ],
    );
  });

  it('reads the saved DE4 metadata, and nothing else of .de-migrate', async () => {
    const fs = fakeFileSystem({
      '/a/Procfile': 'web: x\n',
      '/a/.de-migrate/de4-app.json': '{"schemaVersion": 1}\n',
      '/a/.de-migrate/backup/app.py': 'x = 1\n',
      '/a/.de-migrate/other.json': '{}',
      '/a/sub/.de-migrate/de4-app.json': '{}',
    });
    const snap = await loadSnapshot(fs, '/a');
    assert.deepEqual([...snap.files.keys()], ['.de-migrate/de4-app.json', 'Procfile']);
    assert.equal(snap.files.get('.de-migrate/de4-app.json')?.text, '{"schemaVersion": 1}\n');
    assert.ok(![...snap.sizes.keys()].some((k) => k.startsWith('.de-migrate/')), 'the rest of .de-migrate is not even sized');
    assert.ok(!fs.reads.some((r) => r.includes('backup')));
    const excluded = await loadSnapshot(fs, '/a', { exclude: ['.de-migrate/**'] });
    assert.ok(!excluded.files.has('.de-migrate/de4-app.json'));
    const none = await loadSnapshot(fakeFileSystem({ '/b/Procfile': 'web: x\n', '/b/.de-migrate/x': '' }), '/b');
    assert.deepEqual([...none.files.keys()], ['Procfile']);
  });

  it('ignores excluded paths', async () => {
    const fs = fakeFileSystem({ '/a/Procfile': 'web: x\n', '/a/vendor/lib.py': 'x' });
    const snap = await loadSnapshot(fs, '/a', { exclude: ['vendor/**'] });
    assert.ok(!snap.files.has('vendor/lib.py'));
  });

  it('never reads a file over its size limit, whatever its kind (issue #7: a 50 MB file was read whole)', async () => {
    const over = new Uint8Array(MAX_PYTHON_BYTES + 1).fill(0x78);
    const fs = fakeFileSystem({
      '/a/Procfile': 'web: x\n',
      '/a/requirements.txt': new Uint8Array(MAX_TEXT_BYTES + 1).fill(0x78),
      '/a/app.py': over,
      '/a/.git/config': over,
      '/a/.de-migrate/de4-app.json': over,
    });
    const snap = await loadSnapshot(fs, '/a');
    assert.deepEqual(fs.reads, ['/a/Procfile']);
    for (const file of ['requirements.txt', 'app.py', '.git/config', '.de-migrate/de4-app.json']) {
      assert.equal(snap.files.get(file)?.skipped, 'too-large', file);
    }
    assert.equal(snap.sizes.get('requirements.txt'), MAX_TEXT_BYTES + 1);
  });

  it('reads a Python source up to its own, larger limit', async () => {
    const fs = fakeFileSystem({ '/a/app.py': `x = 1\n${'#'.repeat(MAX_TEXT_BYTES)}\n` });
    const snap = await loadSnapshot(fs, '/a');
    assert.equal(snap.files.get('app.py')?.skipped, undefined);
  });

  it('holds an open editor buffer to the same size limit', async () => {
    const fs = fakeFileSystem({ '/a/requirements.txt': 'dash\n' });
    const overlay = new Map([['/a/requirements.txt', 'x'.repeat(MAX_TEXT_BYTES + 1)]]);
    const snap = await loadSnapshot(fs, '/a', { overlay });
    assert.equal(snap.files.get('requirements.txt')?.skipped, 'too-large');
  });

  it('reads .git/config and the DE4 metadata only when they are regular files (a FIFO would block the read)', async () => {
    const fake = fakeFileSystem({ '/a/Procfile': 'web: x\n', '/a/.git/config': '[core]\n', '/a/.de-migrate/de4-app.json': '{}' });
    const fs = {
      ...fake,
      stat: (p: string) => (p === '/a/Procfile' ? fake.stat(p) : Promise.resolve({ type: 'other' as const, size: 0 })),
    };
    const snap = await loadSnapshot(fs, '/a');
    assert.deepEqual(fake.reads, ['/a/Procfile']);
    assert.deepEqual([...snap.files.keys()], ['Procfile']);
  });
});
