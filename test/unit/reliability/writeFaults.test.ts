// Issue #7, "every write is atomic; the DE4 original is restorable after any failure": a conversion
// (backup, then the writes) over real corpus apps in real temp folders, git and plain, with each write,
// delete and mkdir failing in turn. After each failure no file is half-written, no temp file is left,
// the error reaches the caller, and restore brings back every original byte.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backupApp, restoreApp, type Backup, type BackupPorts } from '../../../src/core/backup/backupApp';
import { planConversion, type ConversionPlan } from '../../../src/core/convert/planConversion';
import { writeConversion } from '../../../src/core/convert/writeConversion';
import { loadSnapshot } from '../../../src/core/discovery/loadSnapshot';
import { DEFAULT_ENGINE_CONFIG } from '../../../src/core/engine/config';
import type { FileWriter, Logger } from '../../../src/core/ports';
import { ALL_RULES } from '../../../src/core/rules';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { NodeFileWriter } from '../../../src/node/nodeFileWriter';
import { SimpleGitRunner } from '../../../src/node/simpleGitRunner';
import { appFiles, FaultyWriter, sameBytes, strayFiles, unfinishedBackups, WRITE_STAGES, type FaultPlan } from '../../support/faultyWriter';
import { RecordingLogger } from '../../support/recordingLogger';
import { corpusDir } from '../core/parsers/corpusFiles';

/** Apps whose conversion (unsafe fixes too) creates, rewrites and deletes files; CRLF and UTF-16 among them. */
const APPS: readonly string[] = [
  'plotly__dash-on-premise-sample-app__root--conda-buildpack',
  'plotly__dash-pdf-generation-demo__root',
  'plotly__dash-sample-apps__apps__dash-vehicle-geometry',
  'plotly__dash-redis-celery-periodic-updates__root',
  'plotly__dash-sample-apps__apps__dashr-ideogram',
  'plotly__dds-api-docs__examples__all_app_data--matthewchan15-example',
];

const IDENTITY = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const nodeFs = new NodeFileSystem();

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...IDENTITY }, encoding: 'utf8' });
}

/** In git the backup is a tag, so fewer writes: these apps cover CRLF, UTF-16 and many deletions there. */
const GIT_APPS: ReadonlySet<string> = new Set([APPS[0] ?? '', APPS[1] ?? '', APPS[4] ?? '']);

function ports(writer: FileWriter, log?: Logger): BackupPorts {
  return { fs: nodeFs, writer, git: new SimpleGitRunner(), ...(log ? { log } : {}) };
}

/** Prepared apps (copied, committed when in git), one per app and kind, copied again for each run. */
const templates = new Map<string, string>();

/** A copy of a corpus app in a fresh temp folder, committed when `withGit`. */
function makeApp(app: string, withGit: boolean): { work: string; root: string } {
  const key = `${app}\u0000${String(withGit)}`;
  let template = templates.get(key);
  if (template === undefined) {
    const corpus = corpusDir();
    assert.ok(corpus, 'the shared corpus is checked out next to the repository');
    template = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-template-')), 'app');
    fs.cpSync(path.join(corpus, app), template, { recursive: true });
    if (withGit) {
      git(template, 'init', '-q');
      git(template, 'add', '-A');
      git(template, 'commit', '-q', '-m', 'DE4');
    }
    templates.set(key, template);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-faults-'));
  const root = path.join(work, 'app');
  // A copy of a repository is a repository: the same commit, index and (clean) working files.
  fs.cpSync(template, root, { recursive: true });
  return { work, root };
}

async function planFor(root: string): Promise<ConversionPlan> {
  return planConversion(await loadSnapshot(nodeFs, root), ALL_RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: true });
}

/** The same plan for a copy of the app elsewhere (planning is deterministic; only the root differs). */
function reroot(plan: ConversionPlan, root: string): ConversionPlan {
  return { ...plan, original: { ...plan.original, root }, converted: { ...plan.converted, root } };
}

/** What the CLI and the migration's convert step do: back up, then write the planned conversion. */
async function convert(
  root: string,
  plan: ConversionPlan,
  writer: FileWriter,
  log?: Logger,
): Promise<{ backup?: Backup; error?: unknown }> {
  let backup: Backup | undefined;
  try {
    backup = await backupApp(root, plan.created, ports(writer, log));
    await writeConversion(reroot(plan, root), ports(writer, log));
    return { backup };
  } catch (error) {
    return { ...(backup ? { backup } : {}), error };
  }
}

/** True when the error, or one of its causes, is the injected one (its code in `code` or the message). */
function carries(error: unknown, code: string): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === code || e.message.includes(code)) {
      return true;
    }
  }
  return false;
}

describe('reliability: write faults in a conversion (issue #7)', function () {
  this.timeout(600_000);
  const tally = { apps: 0, faults: 0, untouched: 0, putBack: 0, restored: 0, halfWritten: 0, strays: 0, restoreFaults: 0 };

  after(() => {
    for (const t of templates.values()) {
      fs.rmSync(path.dirname(t), { recursive: true, force: true });
    }
    // eslint-disable-next-line no-console -- the figure issue #7 asks for
    console.log(
      `    reliability: write faults — ${tally.faults} injected into conversions of ${tally.apps} corpus apps (git and plain folders): ` +
        `${tally.untouched} during the backup left the app untouched, ${tally.putBack} later ones were undone by the conversion itself, ` +
        `${tally.restored} restored byte-for-byte from the backup; ${tally.halfWritten} half-written files, ${tally.strays} temp files left; ` +
        `${tally.restoreFaults} faults injected into restores, each finished by a rerun`,
    );
  });

  for (const withGit of [false, true]) {
    for (const app of APPS.filter((a) => !withGit || GIT_APPS.has(a))) {
      it(`${app} (${withGit ? 'git repository' : 'plain folder'}): every write failing in turn, once or for good`, async () => {
        // A clean run: the plan, how many writer calls, and the converted bytes.
        const clean = makeApp(app, withGit);
        const plan = await planFor(clean.root);
        const counter = new FaultyWriter();
        assert.equal((await convert(clean.root, plan, counter)).error, undefined);
        const converted = await appFiles(clean.root);
        const total = counter.calls.length;
        fs.rmSync(clean.work, { recursive: true, force: true });
        assert.ok(total >= 3, `only ${total} writer calls`);
        tally.apps += withGit ? 0 : 1;

        const problems: string[] = [];
        for (let n = 1; n <= total; n++) {
          for (const staysBroken of [false, true]) {
            const fault: FaultPlan = {
              failAt: n,
              staysBroken,
              stage: WRITE_STAGES[n % WRITE_STAGES.length],
              code: n % 2 === 0 ? 'EIO' : 'ENOSPC',
            };
            const what = `fault at call ${n}/${total} (${staysBroken ? 'disk stays broken' : 'once'}, ${fault.stage ?? ''})`;
            const { work, root } = makeApp(app, withGit);
            try {
              problems.push(...(await faultRun(root, work, plan, fault, converted)).map((p) => `${what}: ${p}`));
            } finally {
              fs.rmSync(work, { recursive: true, force: true });
            }
          }
        }
        assert.deepEqual(problems, []);
      });
    }
  }

  /** One conversion with `fault` injected: what went wrong with (a) the files, (b) the restore, (c) the report. */
  async function faultRun(
    root: string,
    work: string,
    plan: ConversionPlan,
    fault: FaultPlan,
    converted: Map<string, Buffer>,
  ): Promise<string[]> {
    const original = await appFiles(root);
    const writer = new FaultyWriter(fault);
    const log = new RecordingLogger();
    const { backup, error } = await convert(root, reroot(plan, root), writer, log);
    tally.faults++;
    const failed = writer.injected[0];
    if (!failed) {
      return ['no fault hit'];
    }
    const problems: string[] = [];
    // (c) the failure reaches the caller, or (a scratch file left behind) the log
    const logged = log.lines.some((l) => /^(warn|error) /.test(l) && l.includes(failed.path));
    if (!(error instanceof Error && carries(error, fault.code ?? '')) && !logged) {
      problems.push(`the injected ${failed.op} of ${failed.path} was not reported: ${String(error)}`);
    }
    // (a) every file is the original or the converted version, never a part of one
    const now = await appFiles(root);
    for (const f of new Set([...original.keys(), ...converted.keys(), ...now.keys()])) {
      if (!sameBytes(now.get(f), original.get(f)) && !sameBytes(now.get(f), converted.get(f))) {
        tally.halfWritten++;
        problems.push(`${f} is neither the original nor the converted file`);
      }
    }
    const left = await strayFiles(
      work,
      writer.injected.filter((c) => c.op === 'delete').map((c) => c.path),
    );
    if (left.length > 0) {
      tally.strays += left.length;
      problems.push(`left ${left.join(', ')}`);
    }
    const isOriginal = [...original].every(([f, b]) => sameBytes(now.get(f), b)) && now.size === original.size;
    if (!backup) {
      tally.untouched++;
      if (!isOriginal) {
        problems.push('the backup failed but the app changed');
      }
      if (!fault.staysBroken && unfinishedBackups(root).length > 0) {
        problems.push(`an unfinished backup folder is left: ${unfinishedBackups(root).join(', ')}`);
      }
      return problems;
    }
    if (error !== undefined && !fault.staysBroken) {
      // The disk worked again at once: the conversion put back what it had written.
      if (isOriginal) {
        tally.putBack++;
      } else {
        problems.push('the files written before the fault were not put back');
      }
    }
    // (b) restore, with a disk that works again, brings back every original byte
    await restoreApp(root, undefined, ports(new NodeFileWriter()));
    const after = await appFiles(root);
    const wrong = [...new Set([...original.keys(), ...after.keys()])].filter((f) => !sameBytes(after.get(f), original.get(f)));
    if (wrong.length > 0) {
      problems.push(`restore left ${wrong.join(', ')} different from the original`);
    } else {
      tally.restored++;
    }
    return problems;
  }

  for (const withGit of [false, true]) {
    it(`a restore interrupted by a fault is finished by running it again (${withGit ? 'git repository' : 'plain folder'})`, async () => {
      const app = APPS[0] ?? '';
      const probe = makeApp(app, withGit);
      const original = await appFiles(probe.root);
      const plan = await planFor(probe.root);
      assert.equal((await convert(probe.root, plan, new NodeFileWriter())).error, undefined);
      const counter = new FaultyWriter();
      await restoreApp(probe.root, undefined, ports(counter));
      fs.rmSync(probe.work, { recursive: true, force: true });
      const total = counter.calls.length;
      assert.ok(total >= 1, 'restore writes');
      for (let n = 1; n <= total; n++) {
        const { work, root } = makeApp(app, withGit);
        try {
          assert.equal((await convert(root, plan, new NodeFileWriter())).error, undefined);
          const writer = new FaultyWriter({ failAt: n, stage: WRITE_STAGES[n % WRITE_STAGES.length] });
          await assert.rejects(restoreApp(root, undefined, ports(writer)), /ENOSPC/);
          tally.restoreFaults++;
          assert.deepEqual(
            await strayFiles(
              work,
              writer.injected.map((c) => c.path),
            ),
            [],
            `fault ${n}: temp files left`,
          );
          await restoreApp(root, undefined, ports(new NodeFileWriter()));
          assert.deepEqual(await appFiles(root), original, `fault ${n}: the second restore brings back the original`);
        } finally {
          fs.rmSync(work, { recursive: true, force: true });
        }
      }
    });
  }
});
