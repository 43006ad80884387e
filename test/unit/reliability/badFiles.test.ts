// Issue #7: bad bytes never crash and are always explained. Every kind of file the rules read (the root
// config files of appMarkers, requirement-like files, Python sources, .git/config, the DE4 metadata) is
// written to disk in many bad forms and run through the real pipeline: NodeFileSystem → loadSnapshot
// → checkApp with every rule → planConversion. A file that cannot be read gets exactly one info finding
// that says why and what to do; one that can (BOM, UTF-16, CRLF) gets the same findings as plain UTF-8.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { planConversion } from '../../../src/core/convert/planConversion';
import { DE4_METADATA_FILE } from '../../../src/core/de4/appMetadata';
import { APP_CONFIG_FILES } from '../../../src/core/discovery/appMarkers';
import { MAX_PYTHON_BYTES, MAX_TEXT_BYTES } from '../../../src/core/discovery/decode';
import { loadSnapshot } from '../../../src/core/discovery/loadSnapshot';
import { checkApp, RULE_FAILED } from '../../../src/core/engine/checkApp';
import { normaliseEngineSettings } from '../../../src/core/engine/config';
import type { Finding, SourceFile } from '../../../src/core/model/types';
import { FILE_PARSERS } from '../../../src/core/parsers/registry';
import type { FileSystem } from '../../../src/core/ports';
import { ALL_RULES } from '../../../src/core/rules';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { fakeFileSystem } from '../../support/fakeFileSystem';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const CONFIG = normaliseEngineSettings({ de5Host: 'de5.example.com' });
const PY_APP =
  'import dash\nimport dash_core_components as dcc\n\napp = dash.Dash(__name__)\nserver = app.server\n\n' +
  "if __name__ == '__main__':\n    app.run_server(debug=True)\n";
const ENV_YML = 'name: app\nchannels:\n  - defaults\ndependencies:\n  - python=3.8\n  - pip\n  - pip:\n    - dash==2.0.0\n';

/** A realistic, valid text of each kind; kinds not listed get a line of plain text. */
const SAMPLES: Readonly<Record<string, string>> = {
  Procfile: 'web: gunicorn app:server --workers 4\n',
  'app.py': PY_APP,
  'index.py': PY_APP,
  'pkg/util.py': 'import os\n\nDATA = os.environ.get("DATA_DIR", "/data")\n',
  'requirements.txt': 'dash==1.19.0\ndash-core-components==1.15.0\npandas>=1.0\n',
  'requirements-dev.txt': '-r requirements.txt\npytest==6.2.2\n',
  'dev-requirements.in': 'black\n',
  'runtime.txt': 'python-3.7.6\n',
  'conda-requirements.txt': 'numpy=1.19\nscipy\n',
  'conda-runtime.txt': 'Miniconda3-4.5.12\n',
  'environment.yml': ENV_YML,
  'environment.yaml': ENV_YML,
  'app.json': '{\n  "scripts": {\n    "dokku": {\n      "predeploy": "python prepare.py"\n    }\n  }\n}\n',
  apt: 'libpq-dev\n',
  'apt-packages': 'libpq-dev\nunixodbc-dev\n',
  Aptfile: 'libgl1-mesa-glx\n',
  'project.toml': '[_]\nschema-version = "0.2"\n\n[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\nvalue = "3.9"\n',
  DOKKU_SCALE: 'web=2\nworker=1\n',
  CHECKS: 'WAIT=10\nATTEMPTS=5\n/ Dash\n',
  '.condarc': 'channels:\n  - defaults\n',
  '.buildpacks': 'https://github.com/heroku/heroku-buildpack-python\n',
  'apt-repositories': 'deb http://archive.ubuntu.com/ubuntu bionic main\n',
  Pipfile: '[packages]\ndash = "*"\n',
  '.gitignore': '__pycache__/\n*.pyc\n',
  '.git/config': '[core]\n\tbare = false\n[remote "plotly"]\n\turl = dokku@de4.example.com:sales\n',
  [DE4_METADATA_FILE]: fs.readFileSync(
    path.join(REPO, 'test', 'fixtures', 'workspaces', 'de5-push', 'hello-dash', ...DE4_METADATA_FILE.split('/')),
    'utf8',
  ),
};

/** Every file kind the loader reads for the rules. */
const KINDS: readonly string[] = [
  ...new Set([...APP_CONFIG_FILES, 'requirements-dev.txt', 'dev-requirements.in', 'pkg/util.py', '.git/config', DE4_METADATA_FILE]),
];
/**
 * The apps around the file under test: DE4 apps whose conversion reads, merges into, creates or deletes
 * every kind (runtime.txt and app.json hooks into project.toml, apt files into the Aptfile, conda files
 * into environment.yml), so a skipped file meets every fix that could lose it.
 */
const BASE_APPS: readonly Readonly<Record<string, string>>[] = [
  {
    Procfile: 'web: gunicorn app:server --workers 4\n',
    'requirements.txt': 'dash==1.19.0\ndash-core-components==1.15.0\n',
    'app.py': PY_APP,
    'runtime.txt': 'python-3.7.6\n',
    'app.json': '{\n  "scripts": {\n    "dokku": {\n      "predeploy": "apt-get install -y libfoo && python prepare.py"\n    }\n  }\n}\n',
    'apt-packages': 'libpq-dev\n',
    DOKKU_SCALE: 'web=2\n',
    CHECKS: '/ Dash\n',
    '.buildpacks': 'https://github.com/heroku/heroku-buildpack-python\n',
  },
  {
    Procfile: 'web: gunicorn index:server\n',
    'index.py': PY_APP,
    'requirements.txt': 'dash==2.0.0\ngunicorn\n',
    'conda-requirements.txt': 'numpy=1.19\nscipy\n',
    'conda-runtime.txt': 'Miniconda3-4.5.12\n',
    '.condarc': 'channels:\n  - conda-forge\n',
    'apt-repositories': 'deb http://archive.ubuntu.com/ubuntu bionic main\n',
    Aptfile: 'libgl1-mesa-glx\n',
  },
];

const LIMIT = Math.max(MAX_TEXT_BYTES, MAX_PYTHON_BYTES);
const sampleOf = (kind: string): string => SAMPLES[kind] ?? 'some-value\n';
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const utf16le = (s: string): Buffer => Buffer.from(s, 'utf16le');

type Expect = 'same' | 'readable' | NonNullable<SourceFile['skipped']>;

interface BadForm {
  readonly name: string;
  readonly bytes: (text: string) => Uint8Array;
  /** same: read, with the findings of the plain UTF-8 file; readable: read; otherwise the skip reason. */
  readonly expect: Expect;
}

const FORMS: readonly BadForm[] = [
  { name: 'UTF-8 with a BOM', bytes: (t) => Buffer.concat([utf8('\ufeff'), utf8(t)]), expect: 'same' },
  { name: 'UTF-16 LE with a BOM', bytes: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(t)]), expect: 'same' },
  { name: 'UTF-16 BE with a BOM', bytes: (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16le(t).swap16()]), expect: 'same' },
  { name: 'CRLF line endings', bytes: (t) => utf8(t.replace(/\n/g, '\r\n')), expect: 'same' },
  { name: 'CRLF with a BOM', bytes: (t) => utf8(`\ufeff${t.replace(/\n/g, '\r\n')}`), expect: 'same' },
  { name: 'lone-CR line endings', bytes: (t) => utf8(t.replace(/\n/g, '\r')), expect: 'readable' },
  {
    name: 'mixed line endings',
    bytes: (t) => utf8(t.replace(/\n/g, (_m, i: number) => (i % 2 === 0 ? '\r\n' : '\n'))),
    expect: 'readable',
  },
  { name: 'no final newline', bytes: (t) => utf8(t.replace(/\n+$/, '')), expect: 'readable' },
  { name: 'empty', bytes: () => new Uint8Array(), expect: 'readable' },
  { name: 'only a BOM', bytes: () => utf8('\ufeff'), expect: 'readable' },
  { name: 'a NUL after the first 8000 bytes', bytes: (t) => utf8(`${t}${'#\n'.repeat(4100)}\0\n`), expect: 'readable' },
  {
    name: 'binary (a PNG header)',
    bytes: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]),
    expect: 'binary',
  },
  { name: 'a NUL byte in the text', bytes: (t) => utf8(`${t.slice(0, 3)}\0${t.slice(3)}`), expect: 'binary' },
  { name: 'UTF-16 LE without a BOM', bytes: (t) => utf16le(t), expect: 'binary' },
  {
    name: 'Latin-1 (invalid UTF-8)',
    bytes: (t) => Buffer.concat([utf8(t), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])]),
    expect: 'encoding',
  },
  { name: 'a truncated UTF-8 sequence', bytes: (t) => Buffer.concat([utf8(t), Buffer.from([0xe2, 0x82])]), expect: 'encoding' },
  {
    name: 'a UTF-8 BOM, then invalid UTF-8',
    bytes: (t) => Buffer.concat([utf8(`\ufeff${t}`), Buffer.from([0xc3, 0x28])]),
    expect: 'encoding',
  },
  {
    name: 'UTF-16 LE with an odd byte count',
    bytes: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(t), Buffer.from([0x41])]),
    expect: 'encoding',
  },
  {
    name: 'UTF-16 LE with a lone surrogate',
    bytes: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(t), Buffer.from([0x00, 0xd8, 0x41, 0x00])]),
    expect: 'encoding',
  },
];

/** A finding as the variants are compared: rule, file and start. */
const keyOf = (f: Finding): string => `${f.rule} ${f.file}:${f.range.start.line}:${f.range.start.character}`;

/** The real NodeFileSystem, noting the largest file it handed out: proof that a huge file was not read. */
class MeteredFileSystem implements FileSystem {
  largestRead = 0;
  private readonly inner = new NodeFileSystem();
  readDirectory(p: string): ReturnType<FileSystem['readDirectory']> {
    return this.inner.readDirectory(p);
  }
  async readFile(p: string): Promise<Uint8Array> {
    const bytes = await this.inner.readFile(p);
    this.largestRead = Math.max(this.largestRead, bytes.byteLength);
    return bytes;
  }
  stat(p: string): ReturnType<FileSystem['stat']> {
    return this.inner.stat(p);
  }
}

interface Run {
  readonly findings: readonly Finding[];
  /** Files the conversion (unsafe fixes too) would change. */
  readonly converted: readonly string[];
  readonly file: SourceFile | undefined;
  readonly largestRead: number;
}

/** The whole pipeline over one app folder; throws only when something in it threw. */
async function runApp(fsPort: FileSystem, root: string, kind: string): Promise<Omit<Run, 'largestRead'>> {
  const snapshot = await loadSnapshot(fsPort, root);
  const report = checkApp(snapshot, ALL_RULES, CONFIG);
  const failed = report.findings.filter((f) => f.rule === RULE_FAILED).map((f) => f.message);
  if (failed.length > 0) {
    throw new Error(failed.join('; '));
  }
  const plan = planConversion(snapshot, ALL_RULES, CONFIG, { includeUnsafe: true });
  if (plan.rejected.length > 0) {
    throw new Error(`fixes that do not apply: ${JSON.stringify(plan.rejected)}`);
  }
  return { findings: report.findings, converted: plan.edits.map((e) => e.file), file: snapshot.files.get(kind) };
}

/** Writes the base app with `kind` holding `bytes` and runs the pipeline over it from the disk. */
async function runKind(dir: string, base: Readonly<Record<string, string>>, kind: string, bytes: Uint8Array): Promise<Run> {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(base)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const abs = path.join(dir, ...kind.split('/'));
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, bytes);
  const metered = new MeteredFileSystem();
  return { ...(await runApp(metered, dir, kind)), largestRead: metered.largestRead };
}

/** The one finding a skipped file must get: info, naming the file, why, and a next step. */
function skippedProblems(kind: string, expect: string, run: Run): string[] {
  const out: string[] = [];
  if (run.file?.skipped !== expect) {
    out.push(`expected skipped "${expect}", got ${run.file ? `"${run.file.skipped ?? 'read'}"` : 'no file'}`);
  }
  const onFile = run.findings.filter((f) => f.file === kind);
  if (onFile.length !== 1 || onFile[0]?.rule !== 'unreadable-file') {
    out.push(`expected exactly one unreadable-file finding, got ${JSON.stringify(onFile.map((f) => `${f.rule}: ${f.message}`))}`);
  }
  const f = onFile[0];
  if (f && f.severity !== 'info') {
    out.push(`severity ${f.severity}, expected info`);
  }
  const why = { binary: /binary/, encoding: /neither UTF-8 nor UTF-16/, 'too-large': /\d MB, over the size limit/ }[expect];
  const next = expect === 'too-large' ? /make it smaller.*exclude/ : /Save it as UTF-8/;
  if (f && !(f.message.includes(kind) && why?.test(f.message) && next.test(f.message))) {
    out.push(`unclear message: ${f.message}`);
  }
  // Nothing may change a file whose text is unknown, nor promise to put something into it (a title
  // naming it; `apt` is also a plain word in titles, so only its edits count).
  const named = new RegExp(`(^|[\\s\`])${kind.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s\`,.])`);
  for (const fix of run.findings.flatMap((x) => x.fixes)) {
    if (fix.edits.some((e) => e.file === kind) || (kind !== 'apt' && named.test(fix.title))) {
      out.push(`a fix touches it: ${fix.title}`);
    }
  }
  if (run.converted.includes(kind)) {
    out.push('the conversion changes it');
  }
  return out;
}

describe('reliability: bad files never crash and are always explained', function () {
  this.timeout(300_000);
  let tmp: string;
  const tally = { variants: 0, exceptions: 0, skipped: 0, generated: 0 };

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-badfiles-'));
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    // eslint-disable-next-line no-console -- the figure issue #7 asks for
    console.log(
      `    reliability: bad files ${tally.variants + tally.generated} variants, ${tally.exceptions} exceptions ` +
        `(${tally.variants} written to disk over ${KINDS.length} file kinds, ${tally.skipped} of them skipped with one info finding; ` +
        `${tally.generated} generated byte strings)`,
    );
  });

  it('covers every file kind a parser reads', () => {
    const unmatched = FILE_PARSERS.filter((p) => !KINDS.some((k) => p.matches(k)));
    assert.equal(
      unmatched.length,
      0,
      `a parser reads a file kind this test does not write: ${unmatched.map((p) => p.parse.name).join(', ')}`,
    );
    assert.ok(KINDS.includes('app.py') && KINDS.includes('pkg/util.py'));
  });

  it('every bad form of every file kind: no exception, and skipped files get one info finding and no fix', async () => {
    const problems: string[] = [];
    const dir = path.join(tmp, 'app');
    for (const [b, base] of BASE_APPS.entries()) {
      for (const kind of KINDS) {
        const plain = await runKind(dir, base, kind, utf8(sampleOf(kind)));
        assert.equal(plain.file?.skipped, undefined, `the plain ${kind} is read`);
        const plainKeys = JSON.stringify(plain.findings.map(keyOf));
        const forms: { name: string; bytes: Uint8Array; expect: Expect }[] = FORMS.map((f) => ({ ...f, bytes: f.bytes(sampleOf(kind)) }));
        // Just over the larger of the loader's limits, written for real (the sample repeated).
        forms.push({ name: 'over the size limit', bytes: Buffer.alloc(LIMIT + 1, utf8(sampleOf(kind))), expect: 'too-large' });
        for (const form of forms) {
          tally.variants++;
          const where = `app ${b}: ${kind} (${form.name})`;
          let run: Run;
          try {
            run = await runKind(dir, base, kind, form.bytes);
          } catch (err) {
            tally.exceptions++;
            problems.push(`${where}: threw ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
            continue;
          }
          if (run.largestRead > LIMIT) {
            problems.push(`${where}: read ${run.largestRead} bytes, more than the ${LIMIT} limit`);
          }
          if (form.expect === 'same' || form.expect === 'readable') {
            if (run.file === undefined || run.file.skipped !== undefined) {
              problems.push(`${where}: not read (${run.file?.skipped ?? 'missing'})`);
            }
            if (form.expect === 'same' && JSON.stringify(run.findings.map(keyOf)) !== plainKeys) {
              problems.push(`${where}: findings differ from plain UTF-8: ${JSON.stringify(run.findings.map(keyOf))} vs ${plainKeys}`);
            }
            continue;
          }
          tally.skipped++;
          problems.push(...skippedProblems(kind, form.expect, run).map((p) => `${where}: ${p}`));
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('generated and mutated bytes of every kind: no exception, a skipped file gets exactly one info finding', async () => {
    const encoder = new TextEncoder();
    // Bytes from scratch, and the sample with random bytes (NUL, CR, BOM pieces, invalid UTF-8) spliced in.
    const byte = fc.constantFrom(0x00, 0x0d, 0x0a, 0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xc3, 0x80, 0xe9, 0x22, 0x5b);
    const splice = fc.array(fc.tuple(fc.nat(), byte), { maxLength: 6 });
    const bytesFor = (kind: string): fc.Arbitrary<Uint8Array> =>
      fc.oneof(
        fc.uint8Array({ maxLength: 300 }),
        splice.map((edits) => {
          const out = [...encoder.encode(sampleOf(kind))];
          for (const [at, b] of edits) {
            out.splice(at % (out.length + 1), 0, b);
          }
          return Uint8Array.from(out);
        }),
      );
    for (const kind of KINDS) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...BASE_APPS), bytesFor(kind), async (base, bytes) => {
          tally.generated++;
          const files: Record<string, string | Uint8Array> = Object.fromEntries(Object.entries(base).map(([f, t]) => [`/w/app/${f}`, t]));
          files[`/w/app/${kind}`] = bytes;
          let run: Omit<Run, 'largestRead'>;
          try {
            run = await runApp(fakeFileSystem(files), '/w/app', kind);
          } catch (err) {
            tally.exceptions++;
            throw err;
          }
          if (run.file?.skipped) {
            assert.deepEqual(skippedProblems(kind, run.file.skipped, { ...run, largestRead: 0 }), []);
          }
        }),
        { seed: 7, numRuns: 60 },
      );
    }
  });
});
