// Regression tests for the write-fault findings of issue #7: a conversion that fails part-way undoes its
// writes, a folder backup cut short leaves nothing behind (and restore passes over one a crash left), a
// scratch index that cannot be removed does not fail the backup, and NodeFileWriter's atomic write.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backupApp, restoreApp, type BackupPorts } from '../../../src/core/backup/backupApp';
import { BACKUP_DIR } from '../../../src/core/backup/folderBackup';
import { planConversion, type ConversionPlan } from '../../../src/core/convert/planConversion';
import { writeConversion } from '../../../src/core/convert/writeConversion';
import { loadSnapshot } from '../../../src/core/discovery/loadSnapshot';
import { DEFAULT_ENGINE_CONFIG } from '../../../src/core/engine/config';
import { CoreError } from '../../../src/core/errors';
import type { FileWriter, Logger } from '../../../src/core/ports';
import { ALL_RULES } from '../../../src/core/rules';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { NodeFileWriter, type AtomicFsOps } from '../../../src/node/nodeFileWriter';
import { SimpleGitRunner } from '../../../src/node/simpleGitRunner';
import { appFiles, FaultyWriter, strayFiles, TEMP_FILE, unfinishedBackups, WRITE_STAGES } from '../../support/faultyWriter';
import { RecordingLogger } from '../../support/recordingLogger';
import { corpusDir } from '../core/parsers/corpusFiles';

/** Its conversion (unsafe fixes too) creates two files and deletes six. */
const APP = 'plotly__dash-on-premise-sample-app__root--conda-buildpack';
const IDENTITY = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const nodeFs = new NodeFileSystem();

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...IDENTITY }, encoding: 'utf8' });
}

function ports(writer: FileWriter, log?: Logger): BackupPorts {
  return { fs: nodeFs, writer, git: new SimpleGitRunner(), ...(log ? { log } : {}) };
}

/** The corpus app in a fresh temp folder, committed when `withGit`. */
function makeApp(withGit: boolean): { work: string; root: string } {
  const corpus = corpusDir();
  assert.ok(corpus, 'the shared corpus is checked out next to the repository');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-regress-'));
  const root = path.join(work, 'app');
  fs.cpSync(path.join(corpus, APP), root, { recursive: true });
  if (withGit) {
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'DE4');
  }
  return { work, root };
}

async function planFor(root: string): Promise<ConversionPlan> {
  return planConversion(await loadSnapshot(nodeFs, root), ALL_RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: true });
}

describe('reliability: write faults, regressions (issue #7)', function () {
  this.timeout(60_000);

  it('a conversion failing part-way puts back the files it had written; when it cannot, it says the app is half converted', async () => {
    const { work, root } = makeApp(false);
    try {
      const plan = await planFor(root);
      const original = await appFiles(root);
      const writes = plan.edits.length;
      // The first deletion, after every write, fails once: the writes are undone.
      const once = new FaultyWriter({ failAt: 2 * new Set(plan.edits.filter((e) => e.kind !== 'delete').map((e) => e.file)).size + 1 });
      await assert.rejects(writeConversion(plan, ports(once)), /ENOSPC/);
      assert.ok(writes > 2 && once.injected[0]?.op === 'delete', 'the fault hit a deletion after the writes');
      assert.deepEqual(await appFiles(root), original);
      // The disk stays broken: nothing can be put back, and the error says so.
      const broken = new FaultyWriter({ failAt: 3, staysBroken: true });
      await assert.rejects(writeConversion(plan, ports(broken)), (err: unknown) => {
        assert.ok(err instanceof CoreError && err.code === 'io-failed', String(err));
        assert.match(err.message, /ENOSPC.*putting back the files already written failed too.*half converted/);
        assert.match(err.hint ?? '', /Restore the backup/);
        return true;
      });
      assert.deepEqual(await strayFiles(work, []), []);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('a folder backup cut short removes its folder and says nothing was changed; restore passes over one a crash left', async () => {
    const { work, root } = makeApp(false);
    try {
      const original = await appFiles(root);
      const first = await backupApp(root, [], { ...ports(new NodeFileWriter()), now: () => new Date('2024-01-01T00:00:00Z') });
      const cut = new FaultyWriter({ failAt: 4 });
      await assert.rejects(backupApp(root, [], { ...ports(cut), now: () => new Date('2024-02-01T00:00:00Z') }), (err: unknown) => {
        assert.ok(err instanceof CoreError && err.code === 'io-failed' && /Nothing was changed/.test(err.hint ?? ''), String(err));
        return true;
      });
      assert.deepEqual(unfinishedBackups(root), []);
      // Stopped part-way by the user: still a cancellation, not an I/O error, and no folder left.
      const stop = new AbortController();
      const real = new NodeFileWriter();
      const stopping: FileWriter = {
        writeFileAtomic: (p, d, o) => real.writeFileAtomic(p, d, o),
        deleteFile: (p) => real.deleteFile(p),
        removeTree: (p) => real.removeTree(p),
        mkdir: (p) => {
          stop.abort();
          return real.mkdir(p);
        },
      };
      await assert.rejects(
        backupApp(root, [], { ...ports(stopping), signal: stop.signal, now: () => new Date('2024-02-02T00:00:00Z') }),
        (err: unknown) => err instanceof CoreError && err.code === 'cancelled',
      );
      assert.deepEqual(fs.readdirSync(path.join(root, ...BACKUP_DIR.split('/'))), [
        path.basename(first.kind === 'folder' ? first.path : ''),
      ]);
      // A crash (no clean-up ran) leaves a newer folder without a manifest.
      fs.mkdirSync(path.join(root, ...BACKUP_DIR.split('/'), '2024-03-01T00-00-00.000Z', 'nested'), { recursive: true });
      fs.writeFileSync(path.join(root, 'requirements.txt'), 'changed\n');
      const restored = await restoreApp(root, undefined, ports(new NodeFileWriter()));
      assert.deepEqual(restored.from, first);
      assert.deepEqual(await appFiles(root), original);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('a scratch index that cannot be removed is logged, and the backup tag stands', async () => {
    const { work, root } = makeApp(true);
    try {
      const log = new RecordingLogger();
      const writer = new FaultyWriter({ failAt: 1 });
      assert.deepEqual(await backupApp(root, [], ports(writer, log)), { kind: 'git-tag', name: 'de4-original' });
      assert.equal(writer.injected[0]?.op, 'delete');
      assert.ok(
        log.lines.some((l) => l.startsWith('warn ') && l.includes(writer.injected[0]?.path ?? '?')),
        log.text(),
      );
      assert.equal(git(root, 'tag', '--list').trim(), 'de4-original');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('NodeFileWriter writes a temp file in the same folder, fsyncs it, then renames it over the target', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-atomic-'));
    try {
      const target = path.join(dir, 'requirements.txt');
      fs.writeFileSync(target, 'dash==1.0\n');
      const steps: string[] = [];
      const ops: AtomicFsOps = {
        open: async (p, flags, mode) => {
          steps.push(`open ${path.relative(dir, path.dirname(p)) || '.'} ${flags} ${TEMP_FILE.test(p) ? 'temp' : path.basename(p)}`);
          const handle = await fs.promises.open(p, flags, mode);
          const sync = handle.sync.bind(handle);
          handle.sync = async () => {
            steps.push(`fsync ${fs.readFileSync(p, 'utf8') === 'dash==2.0\n' ? 'full' : 'partial'}`);
            await sync();
          };
          return handle;
        },
        rename: async (from, to) => {
          steps.push(`rename ${TEMP_FILE.test(from) && path.dirname(from) === dir ? 'temp' : from} ${path.basename(to)}`);
          await fs.promises.rename(from, to);
        },
        unlink: (p) => fs.promises.unlink(p),
        stat: (p) => fs.promises.stat(p),
      };
      await new NodeFileWriter(ops).writeFileAtomic(target, new TextEncoder().encode('dash==2.0\n'));
      assert.deepEqual(steps, ['open . wx temp', 'fsync full', 'rename temp requirements.txt']);
      assert.deepEqual(fs.readdirSync(dir), ['requirements.txt']);
      for (const stage of WRITE_STAGES) {
        const writer = new FaultyWriter({ failAt: 1, stage });
        await assert.rejects(writer.writeFileAtomic(target, new TextEncoder().encode('dash==3.0\n')), /ENOSPC/);
        assert.equal(fs.readFileSync(target, 'utf8'), 'dash==2.0\n', stage);
        assert.deepEqual(fs.readdirSync(dir), ['requirements.txt'], `${stage}: no temp file left`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
