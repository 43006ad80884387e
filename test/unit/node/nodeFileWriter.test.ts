import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeFileWriter, type AtomicFsOps } from '../../../src/node/nodeFileWriter';

const REAL: AtomicFsOps = {
  open: (p, flags, mode) => fs.promises.open(p, flags, mode),
  rename: (a, b) => fs.promises.rename(a, b),
  unlink: (p) => fs.promises.unlink(p),
  stat: (p) => fs.promises.stat(p),
};

describe('node/NodeFileWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-writer-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('replaces a file and keeps its mode', async () => {
    const f = path.join(dir, 'a.txt');
    fs.writeFileSync(f, 'old');
    fs.chmodSync(f, 0o640);
    await new NodeFileWriter().writeFileAtomic(f, new TextEncoder().encode('new'));
    assert.equal(fs.readFileSync(f, 'utf8'), 'new');
    if (process.platform !== 'win32') {
      assert.equal(fs.statSync(f).mode & 0o777, 0o640);
    }
    assert.deepEqual(fs.readdirSync(dir), ['a.txt']);
  });

  for (const step of ['rename', 'write'] as const) {
    it(`a ${step} failing mid-way leaves the old file intact and no temp file`, async () => {
      const f = path.join(dir, 'requirements.txt');
      fs.writeFileSync(f, 'dash==1.0\n');
      const ops: AtomicFsOps =
        step === 'rename'
          ? { ...REAL, rename: () => Promise.reject(new Error('disk full')) }
          : {
              ...REAL,
              open: async (p, flags, mode) => {
                const h = await fs.promises.open(p, flags, mode);
                // Half of the data reaches the temp file, then the write fails.
                h.writeFile = async (data: Parameters<fs.promises.FileHandle['writeFile']>[0]) => {
                  await h.write((data as Uint8Array).subarray(0, 3));
                  throw new Error('disk full');
                };
                return h;
              },
            };
      await assert.rejects(new NodeFileWriter(ops).writeFileAtomic(f, new TextEncoder().encode('dash==2.0\nflask\n')), /disk full/);
      assert.equal(fs.readFileSync(f, 'utf8'), 'dash==1.0\n');
      assert.deepEqual(fs.readdirSync(dir), ['requirements.txt']);
    });
  }

  it('deletes files, ignoring missing ones, and makes nested folders', async () => {
    const w = new NodeFileWriter();
    await w.mkdir(path.join(dir, 'x', 'y'));
    fs.writeFileSync(path.join(dir, 'x', 'y', 'f'), '1');
    await w.deleteFile(path.join(dir, 'x', 'y', 'f'));
    await w.deleteFile(path.join(dir, 'missing'));
    assert.deepEqual(fs.readdirSync(path.join(dir, 'x', 'y')), []);
  });
});
