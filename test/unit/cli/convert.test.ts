import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/main';
import type { FileWriter } from '../../../src/core/ports';
import { NodeFileWriter } from '../../../src/node/nodeFileWriter';
import { runCliCaptured, type CliRun as Run } from '../../support/cliRun';

// End to end through runCli with the real Node ports and a real git. The app relies on the runtime.txt
// conversion (project.toml or environment.yml, runtime.txt deleted) being in the rules.

function run(argv: readonly string[], cwd: string, ports?: CliIo['ports']): Promise<Run> {
  return runCliCaptured(argv, { cwd, ...(ports ? { ports } : {}) });
}

const APP: Record<string, string> = {
  'runtime.txt': 'python-3.9.7\n',
  'requirements.txt': 'dash==2.16.1\ngunicorn==21.2.0\n',
  Procfile: 'web: gunicorn app:server\n',
  'app.py': 'import dash\napp = dash.Dash(__name__)\nserver = app.server\n',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  });
}

/** Every file below dir (except .git) with its content, for before/after comparisons. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== '.git') {
          walk(path.join(d, e.name), r);
        }
      } else {
        out[r] = fs.readFileSync(path.join(d, e.name), 'utf8');
      }
    }
  };
  walk(dir, '');
  return out;
}

function makeApp(withGit: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-convert-'));
  for (const [f, t] of Object.entries(APP)) {
    fs.writeFileSync(path.join(dir, f), t);
  }
  if (withGit) {
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'init');
  }
  return dir;
}

describe('cli convert and restore', function () {
  this.timeout(30000);
  const dirs: string[] = [];
  const app = (withGit: boolean): string => {
    const d = makeApp(withGit);
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('--dry-run prints a unified diff and changes nothing', async () => {
    const dir = app(true);
    const before = tree(dir);
    const r = await run(['convert', '.', '--dry-run'], dir);
    assert.match(r.stdout, /^--- a\/runtime\.txt\n\+\+\+ \/dev\/null\n@@ -1 \+0,0 @@\n-python-3\.9\.7$/m);
    assert.match(r.stdout, /^\+\+\+ b\/project\.toml$/m);
    assert.match(r.stdout, /dry run: nothing changed/);
    assert.deepEqual(tree(dir), before);
    assert.equal(git(dir, 'tag', '--list'), '');
  });

  it('converts in git: tags the original, leaves staged changes alone, and a second run changes nothing', async () => {
    const dir = app(true);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'staged\n');
    git(dir, 'add', 'notes.txt');
    const stagedBefore = git(dir, 'diff', '--cached', '--name-status');
    const r = await run(['convert', '.', '--force'], dir);
    assert.equal(r.stderr, '');
    assert.ok(r.code === 0 || r.code === 1, r.stdout);
    assert.match(r.stdout, /backup: git tag de4-original/);
    assert.match(r.stdout, /deleted runtime\.txt/);
    assert.equal(fs.existsSync(path.join(dir, 'runtime.txt')), false);
    assert.match(fs.readFileSync(path.join(dir, 'project.toml'), 'utf8'), /3\.9/);
    assert.equal(git(dir, 'diff', '--cached', '--name-status'), stagedBefore, 'the index is untouched');
    // The tag holds the original files, including the staged one.
    assert.equal(git(dir, 'show', 'de4-original:runtime.txt'), APP['runtime.txt']);
    assert.equal(git(dir, 'show', 'de4-original:notes.txt'), 'staged\n');
    assert.equal(git(dir, 'rev-parse', 'de4-original^'), git(dir, 'rev-parse', 'HEAD'));
    // No temp files left behind.
    assert.deepEqual(
      Object.keys(tree(dir)).filter((f) => f.includes('.tmp')),
      [],
    );
    const after = tree(dir);
    const again = await run(['convert', '.', '--force'], dir);
    assert.match(again.stdout, /nothing to convert/);
    assert.deepEqual(tree(dir), after);
    assert.equal(git(dir, 'tag', '--list').trim(), 'de4-original', 'no second backup');
  });

  it('refuses a dirty git tree unless --force', async () => {
    const dir = app(true);
    fs.appendFileSync(path.join(dir, 'app.py'), '# edited\n');
    const before = tree(dir);
    const r = await run(['convert', '.'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /uncommitted changes/);
    assert.match(r.stderr, /--force/);
    assert.deepEqual(tree(dir), before);
    assert.equal(git(dir, 'tag', '--list'), '');
  });

  it('restore brings back the originals from the tag and removes created files', async () => {
    const dir = app(true);
    const before = tree(dir);
    await run(['convert', '.'], dir);
    assert.notDeepEqual(tree(dir), before);
    const r = await run(['restore', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /restored from git tag de4-original/);
    assert.deepEqual(tree(dir), before);
    assert.equal(git(dir, 'status', '--porcelain'), '');
  });

  it('outside git: backs up to .de-migrate/backup (git-ignored) and restores from it', async () => {
    const dir = app(false);
    const before = tree(dir);
    const r = await run(['convert', dir, '--format', 'json'], os.tmpdir(), { now: () => new Date('2024-05-01T12:30:00Z') });
    const out = JSON.parse(r.stdout) as { apps: { backup: { kind: string; path: string } }[] };
    assert.deepEqual(out.apps[0]?.backup, { kind: 'folder', path: '.de-migrate/backup/2024-05-01T12-30-00.000Z' });
    assert.equal(fs.readFileSync(path.join(dir, '.de-migrate', '.gitignore'), 'utf8'), '*\n');
    assert.equal(fs.readFileSync(path.join(dir, '.de-migrate/backup/2024-05-01T12-30-00.000Z/runtime.txt'), 'utf8'), APP['runtime.txt']);
    const restored = await run(['restore', dir], os.tmpdir());
    assert.equal(restored.code, 0, restored.stderr);
    const now = tree(dir);
    for (const f of Object.keys(now).filter((k) => k.startsWith('.de-migrate/'))) {
      delete now[f];
    }
    assert.deepEqual(now, before);
  });

  it('a write failing mid-way leaves the old file intact and no temp file, and says how to restore', async () => {
    const dir = app(false);
    const real = new NodeFileWriter();
    let writes = 0;
    const failing: FileWriter = {
      mkdir: (p) => real.mkdir(p),
      deleteFile: (p) => real.deleteFile(p),
      writeFileAtomic: (p, data) => {
        // The backup's writes go through; the conversion's first write into the app itself fails.
        if (!p.includes('.de-migrate') && writes++ === 0) {
          return new NodeFileWriter({
            open: (f, flags, mode) => fs.promises.open(f, flags, mode),
            rename: () => Promise.reject(new Error('disk full')),
            unlink: (f) => fs.promises.unlink(f),
            stat: (f) => fs.promises.stat(f),
          }).writeFileAtomic(p, data);
        }
        return real.writeFileAtomic(p, data);
      },
    };
    const before = tree(dir);
    const r = await run(['convert', '.'], dir, { writer: failing });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /disk full/);
    assert.match(r.stderr, /de-migrate restore/);
    const now = tree(dir);
    assert.deepEqual(
      Object.keys(now).filter((f) => f.endsWith('.tmp')),
      [],
    );
    assert.equal(now['runtime.txt'], before['runtime.txt'], 'nothing deleted before every write succeeded');
  });

  it('usage errors exit 2', async () => {
    const r = await run(['convert'], os.tmpdir());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /at least one app folder/);
    assert.equal((await run(['restore', 'a', 'b'], os.tmpdir())).code, 2);
    assert.equal((await run(['convert', '.', '--format', 'sarif'], os.tmpdir())).code, 2);
  });
});
