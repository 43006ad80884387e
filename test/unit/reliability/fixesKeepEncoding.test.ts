// Issue #7: every quick fix and every conversion keeps the file's encoding and line endings. The apps
// of the fixtures, the samples and the shared corpus (with its RECONSTRUCTED stand-in modules) are
// rewritten as variants (CRLF, UTF-8 BOM, UTF-16 LE/BE, no final newline); every fix the rules offer
// is applied the way the CLI applies it (applyToSnapshot, then encodeLike for the bytes), and every
// app is converted and written with the real NodeFileWriter. Each result is compared with the same
// fix on the plain LF/UTF-8 variant: only the line endings and the encoding may differ.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyToSnapshot } from '../../../src/core/convert/applyToSnapshot';
import { encodeLike } from '../../../src/core/convert/encodeLike';
import { planConversion } from '../../../src/core/convert/planConversion';
import { writeConversion } from '../../../src/core/convert/writeConversion';
import { decodeSource } from '../../../src/core/discovery/decode';
import { discoverApps } from '../../../src/core/discovery/discoverApps';
import { loadSnapshot } from '../../../src/core/discovery/loadSnapshot';
import { checkApp, RULE_FAILED } from '../../../src/core/engine/checkApp';
import { normaliseEngineSettings } from '../../../src/core/engine/config';
import type { ProjectSnapshot } from '../../../src/core/model/types';
import { ALL_RULES } from '../../../src/core/rules';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { NodeFileWriter } from '../../../src/node/nodeFileWriter';
import { parseManifest, standInModules } from '../../support/corpusStandIns';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const SOURCES: readonly { readonly name: string; readonly dir: string }[] = [
  { name: 'fixtures', dir: path.join(REPO, 'test', 'fixtures', 'workspaces') },
  { name: 'samples', dir: path.join(REPO, 'samples', 'de4-workspace') },
  { name: 'corpus', dir: CORPUS },
];
const CONFIG = normaliseEngineSettings({ de5Host: 'de5.example.com' });

type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

interface Variant {
  readonly name: string;
  readonly eol: '\n' | '\r\n';
  readonly encoding: Encoding;
  readonly finalNewline: boolean;
}

const PLAIN: Variant = { name: 'lf', eol: '\n', encoding: 'utf8', finalNewline: true };
const VARIANTS: readonly Variant[] = [
  { name: 'crlf', eol: '\r\n', encoding: 'utf8', finalNewline: true },
  { name: 'bom', eol: '\n', encoding: 'utf8-bom', finalNewline: true },
  { name: 'crlf-bom', eol: '\r\n', encoding: 'utf8-bom', finalNewline: true },
  { name: 'utf16le', eol: '\n', encoding: 'utf16le', finalNewline: true },
  { name: 'utf16be-crlf', eol: '\r\n', encoding: 'utf16be', finalNewline: true },
  { name: 'no-final-newline', eol: '\n', encoding: 'utf8', finalNewline: false },
  { name: 'crlf-no-final-newline', eol: '\r\n', encoding: 'utf8', finalNewline: false },
];

function encode(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  }
}

function encodingOf(bytes: Uint8Array): Encoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return 'utf16le';
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return 'utf16be';
  }
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf8-bom' : 'utf8';
}

const toLf = (text: string): string => text.replace(/\r\n?/g, '\n');
const hasBareLf = (text: string): boolean => /(^|[^\r])\n/.test(text);
/** A file without its final newline may also lose blank first lines (a file of only "\n" becomes empty). */
const trimmedLines = (text: string): string => toLf(text).replace(/^\n+|\n+$/g, '');

/** Writes every text file of `from` into `to` in the variant's form; other files are copied as they are. */
function writeVariant(from: string, to: string, v: Variant): void {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      fs.mkdirSync(dst, { recursive: true });
      writeVariant(src, dst, v);
      continue;
    }
    const bytes = fs.readFileSync(src);
    const decoded = decodeSource(e.name, bytes);
    if (decoded.skipped || !e.isFile()) {
      fs.writeFileSync(dst, bytes);
      continue;
    }
    let text = toLf(decoded.text);
    if (!v.finalNewline) {
      text = text.replace(/\n+$/, '');
    }
    fs.writeFileSync(dst, encode(text.replace(/\n/g, v.eol), v.encoding));
  }
}

/** The sources in one folder, the corpus with stand-in modules for the code rules. */
function gatherSources(into: string): void {
  for (const s of SOURCES) {
    assert.ok(fs.existsSync(s.dir), `missing ${s.name} at ${s.dir}`);
    fs.cpSync(s.dir, path.join(into, s.name), { recursive: true });
  }
  const entries = parseManifest(fs.readFileSync(path.join(CORPUS, 'MANIFEST.json'), 'utf8'));
  for (const e of entries) {
    for (const [file, text] of standInModules(e)) {
      const abs = path.join(into, 'corpus', e.id, ...file.split('/'));
      if (!fs.existsSync(abs)) {
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, text);
      }
    }
  }
}

/** What one fix did to each file it touched: the new text, and the bytes the CLI would write. */
interface Written {
  readonly text: string;
  readonly bytes: Uint8Array;
  /** The file's text before the change; undefined for a created file. */
  readonly before: string | undefined;
  /** The file's encoding on disk before the change. */
  readonly encodingBefore: Encoding | undefined;
}

interface FixResult {
  readonly files: ReadonlyMap<string, Written>;
  readonly error?: string;
}

/** Every fix of every finding of one app variant, keyed so the same fix can be found in another variant. */
function applyEveryFix(snapshot: ProjectSnapshot, rootDir: string): Map<string, FixResult> {
  const out = new Map<string, FixResult>();
  const report = checkApp(snapshot, ALL_RULES, CONFIG);
  const failed = report.findings.filter((f) => f.rule === RULE_FAILED);
  assert.deepEqual(failed, [], `a rule failed on ${rootDir}`);
  for (const finding of report.findings) {
    for (const fix of finding.fixes) {
      let key = `${finding.rule} ${finding.file}:${finding.range.start.line}:${finding.range.start.character} ${fix.title}`;
      for (let n = 2; out.has(key); n++) {
        key = `${key} #${n}`;
      }
      let after: ProjectSnapshot;
      try {
        after = applyToSnapshot(snapshot, fix.edits);
      } catch (err) {
        out.set(key, { files: new Map(), error: String(err) });
        continue;
      }
      const files = new Map<string, Written>();
      for (const file of new Set(fix.edits.map((e) => e.file))) {
        const f = after.files.get(file);
        if (!f) {
          continue;
        }
        const abs = path.join(rootDir, ...file.split('/'));
        const original = fs.existsSync(abs) ? fs.readFileSync(abs) : undefined;
        files.set(file, {
          text: f.text,
          bytes: encodeLike(f.text, original),
          before: snapshot.files.get(file)?.text,
          encodingBefore: original && encodingOf(original),
        });
      }
      out.set(key, { files });
    }
  }
  return out;
}

/** The problems of one written file in a variant, compared with the plain variant's text of it. */
function problemsOf(v: Variant, file: string, got: Written, plainText: string | undefined): string[] {
  const out: string[] = [];
  const decoded = decodeSource(file, got.bytes);
  if (decoded.skipped || decoded.text !== got.text) {
    out.push(`${file}: the written bytes do not decode back to the text (${decoded.skipped ?? 'differs'})`);
  }
  if (got.encodingBefore !== undefined && encodingOf(got.bytes) !== got.encodingBefore) {
    out.push(`${file}: written as ${encodingOf(got.bytes)}, was ${got.encodingBefore}`);
  }
  // A file with no line break yet (empty, one line) has no ending to keep.
  if (got.before?.includes('\r\n') && hasBareLf(got.text)) {
    out.push(`${file}: a bare LF in a CRLF file`);
  }
  if (got.text.includes('\r\n') && hasBareLf(got.text)) {
    out.push(`${file}: mixed CRLF and LF line endings`);
  }
  if (plainText !== undefined) {
    const same = v.finalNewline ? toLf(got.text) === plainText : trimmedLines(got.text) === trimmedLines(plainText);
    if (!same) {
      out.push(
        `${file}: differs from the LF/UTF-8 result: ${JSON.stringify(toLf(got.text).slice(-200))} vs ${JSON.stringify(plainText.slice(-200))}`,
      );
    }
  }
  return out;
}

interface Tally {
  fixes: number;
  conversions: number;
  files: number;
  /** Problems found in all variants: the summary says "kept" only when there were none. */
  problems: number;
}

describe('reliability: fixes and conversions keep encoding and line endings', function () {
  this.timeout(300_000);
  let tmp: string;
  let apps: string[];
  const plainFixes = new Map<string, Map<string, FixResult>>();
  const plainConverted = new Map<string, Map<string, string>>();
  const tally: Tally = { fixes: 0, conversions: 0, files: 0, problems: 0 };
  const nodeFs = new NodeFileSystem();

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-eol-'));
    const sources = path.join(tmp, 'sources');
    gatherSources(sources);
    for (const v of [PLAIN, ...VARIANTS]) {
      writeVariant(sources, path.join(tmp, v.name), v);
    }
    const plainRoot = path.join(tmp, PLAIN.name);
    apps = (await discoverApps(nodeFs, [plainRoot])).map((a) => path.relative(plainRoot, a));
    assert.ok(apps.length >= 55, `expected the fixtures, samples and corpus apps, found ${apps.length}`);
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    // eslint-disable-next-line no-console -- the figure issue #7 asks for
    console.log(
      `    reliability: fixes ${tally.fixes} applied, ${tally.conversions} conversions written (${tally.files} files) ` +
        `over ${VARIANTS.length} variants of ${apps.length} apps, ${tally.problems === 0 ? 'EOL/encoding kept' : `${tally.problems} EOL/encoding problems`}`,
    );
  });

  /** Plans the app's conversion (unsafe fixes too) and writes it with the real writer: each written file. */
  async function convertAndWrite(root: string): Promise<Map<string, Written>> {
    const snapshot = await loadSnapshot(nodeFs, root);
    const plan = planConversion(snapshot, ALL_RULES, CONFIG, { includeUnsafe: true });
    assert.deepEqual(plan.rejected, [], `every fix applies on ${root}`);
    const abs = (file: string): string => path.join(root, ...file.split('/'));
    const encodingBefore = new Map<string, Encoding>();
    for (const e of plan.edits) {
      if (fs.existsSync(abs(e.file))) {
        encodingBefore.set(e.file, encodingOf(fs.readFileSync(abs(e.file))));
      }
    }
    const written = await writeConversion(plan, { fs: nodeFs, writer: new NodeFileWriter() });
    const out = new Map<string, Written>();
    for (const w of written.filter((x) => x.action !== 'deleted')) {
      const bytes = fs.readFileSync(abs(w.file));
      out.set(w.file, {
        text: decodeSource(w.file, bytes).text,
        bytes,
        before: snapshot.files.get(w.file)?.text,
        encodingBefore: encodingBefore.get(w.file),
      });
    }
    return out;
  }

  it('the plain LF/UTF-8 variant: every fix applies and every conversion writes', async () => {
    for (const app of apps) {
      const root = path.join(tmp, PLAIN.name, app);
      plainFixes.set(app, applyEveryFix(await loadSnapshot(nodeFs, root), root));
      const errors = [...(plainFixes.get(app) ?? [])].filter(([, r]) => r.error).map(([k, r]) => `${k}: ${r.error}`);
      assert.deepEqual(errors, [], `fixes that do not apply on ${app}`);
      plainConverted.set(app, new Map([...(await convertAndWrite(root))].map(([file, w]) => [file, w.text])));
    }
    const fixes = [...plainFixes.values()].reduce((n, m) => n + m.size, 0);
    assert.ok(fixes >= 100, `only ${fixes} fixes offered: the inputs no longer exercise the fixes`);
  });

  for (const v of VARIANTS) {
    it(`${v.name}: the same fixes, and each keeps the ${v.encoding} encoding and ${v.eol === '\n' ? 'LF' : 'CRLF'} line endings`, async () => {
      const problems: string[] = [];
      for (const app of apps) {
        const root = path.join(tmp, v.name, app);
        const plain = plainFixes.get(app);
        assert.ok(plain, `the plain variant of ${app} ran first`);
        const snapshot = await loadSnapshot(nodeFs, root);
        const results = applyEveryFix(snapshot, root);
        assert.deepEqual(
          [...results.keys()].sort(),
          [...plain.keys()].sort(),
          `${v.name}: the fixes offered on ${app} differ from the LF/UTF-8 ones`,
        );
        for (const [key, r] of results) {
          assert.equal(r.error, undefined, `${v.name} ${app} ${key}`);
          tally.fixes++;
          for (const [file, got] of r.files) {
            problems.push(...problemsOf(v, file, got, plain.get(key)?.files.get(file)?.text).map((p) => `${app} [${key}] ${p}`));
          }
        }
        const converted = await convertAndWrite(root);
        tally.conversions++;
        for (const [file, got] of converted) {
          tally.files++;
          problems.push(...problemsOf(v, file, got, plainConverted.get(app)?.get(file)).map((p) => `${app} [conversion] ${p}`));
        }
      }
      tally.problems += problems.length;
      assert.deepEqual(problems.slice(0, 30), [], `${problems.length} problem(s) in the ${v.name} variant`);
    });
  }
});
