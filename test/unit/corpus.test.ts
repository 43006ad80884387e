import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { discoverApps } from '../../src/core/discovery/discoverApps';
import { loadSnapshot } from '../../src/core/discovery/loadSnapshot';
import { checkApp, RULE_FAILED, type AppReport } from '../../src/core/engine/checkApp';
import { DEFAULT_ENGINE_CONFIG } from '../../src/core/engine/config';
import type { Severity } from '../../src/core/model/types';
import { ALL_RULES } from '../../src/core/rules';
import { NodeFileSystem } from '../../src/node/nodeFileSystem';
import { parseManifest, standInModules, type CorpusEntry } from '../support/corpusStandIns';

// The real pipeline (NodeFileSystem → discoverApps → loadSnapshot → checkApp with every rule) over the
// shared corpus of real DE4 app configurations, compared with a committed expectation file.
// Refresh it after an intended change with: UPDATE_GOLDEN=1 npm run test:unit

const REPO = path.resolve(__dirname, '..', '..', '..');
/** CI clones the repository with the shared material beside it. */
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const GOLDEN = path.join(REPO, 'test', 'fixtures', 'golden', 'corpus-findings.json');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** The DE5-era control app: a correct DE5 app must not get errors from rules about DE4-only files. */
const DE5_CONTROL = 'pip-install-python__test-dash-enterprise-pipeline__root';
const DE4_ONLY_RULES = [
  'runtime-txt',
  'apt-file',
  'conda-requirements',
  'app-json-scripts',
  'dokku-scale',
  'checks-file',
  'de4-package-index',
];

interface GoldenFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly file: string;
  /** Zero-based, like every range in the model. */
  readonly line: number;
}

/** App root relative to the corpus (forward slashes) → its findings, sorted. */
type AppFindings = Record<string, GoldenFinding[]>;

interface Golden {
  readonly about: string;
  readonly configFiles: AppFindings;
  readonly reconstructedCode: AppFindings;
}

interface Pass {
  readonly apps: string[];
  readonly reports: AppReport[];
  readonly findings: AppFindings;
}

async function runPipeline(root: string): Promise<Pass> {
  const nodeFs = new NodeFileSystem();
  const apps = await discoverApps(nodeFs, [root]);
  const reports: AppReport[] = [];
  for (const app of apps) {
    const snapshot = await loadSnapshot(nodeFs, app);
    reports.push(checkApp(snapshot, ALL_RULES, DEFAULT_ENGINE_CONFIG));
  }
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/') || '.';
  const findings: AppFindings = {};
  for (const r of reports) {
    findings[rel(r.root)] = r.findings
      .map((f) => ({ rule: f.rule, severity: f.severity, file: f.file, line: f.range.start.line }))
      .sort((a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.rule, b.rule) || cmp(a.severity, b.severity));
  }
  return { apps: apps.map(rel), reports, findings };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One finding per line, so a changed finding is a one-line diff in review. */
function stringifyGolden(g: Golden): string {
  const section = (s: AppFindings) =>
    Object.keys(s)
      .sort()
      .map((app) => {
        const items = (s[app] ?? []).map((f) => `      ${JSON.stringify(f)}`);
        return `    ${JSON.stringify(app)}: [${items.length > 0 ? `\n${items.join(',\n')}\n    ` : ''}]`;
      })
      .join(',\n');
  return `{\n  "about": ${JSON.stringify(g.about)},\n  "configFiles": {\n${section(g.configFiles)}\n  },\n  "reconstructedCode": {\n${section(g.reconstructedCode)}\n  }\n}\n`;
}

/** A copy of the corpus with stand-in Python modules written from the manifest's facts. */
function reconstructedCopy(entries: readonly CorpusEntry[]): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-corpus-'));
  fs.cpSync(CORPUS, tmp, { recursive: true });
  for (const e of entries) {
    for (const [file, text] of standInModules(e)) {
      const abs = path.join(tmp, e.id, ...file.split('/'));
      assert.ok(!fs.existsSync(abs), `the corpus now holds ${e.id}/${file}; stop reconstructing it`);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
    }
  }
  return tmp;
}

function assertSane(pass: Pass, entries: readonly CorpusEntry[]): void {
  for (const e of entries) {
    assert.ok(pass.apps.includes(e.id), `${e.id} (${e.generation}) is not discovered as an app`);
  }
  const failed = pass.reports.flatMap((r) => r.findings.filter((f) => f.rule === RULE_FAILED).map((f) => `${r.root}: ${f.message}`));
  assert.deepEqual(failed, [], 'a rule threw on a corpus app');
  const control = pass.findings[DE5_CONTROL] ?? [];
  assert.deepEqual(
    control.filter((f) => f.severity === 'error' && DE4_ONLY_RULES.includes(f.rule)),
    [],
    'the DE5 control app gets errors from DE4-only rules',
  );
}

function compareWithGolden(section: keyof Omit<Golden, 'about'>, actual: AppFindings): void {
  const golden = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Golden;
  const expected = golden[section];
  const hint = `\n(If the change is intended, run: UPDATE_GOLDEN=1 npm run test:unit, and review the diff of ${path.relative(REPO, GOLDEN)}.)`;
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `the set of corpus apps changed${hint}`);
  // Every changed app in one diff, so one run shows the whole effect of a rule change.
  const changed = Object.keys(expected)
    .sort()
    .filter((app) => !isDeepStrictEqual(actual[app], expected[app]));
  const pick = (s: AppFindings) => Object.fromEntries(changed.map((app) => [app, s[app]]));
  assert.deepEqual(pick(actual), pick(expected), `findings changed for ${changed.length} app(s): ${changed.join(', ')}${hint}`);
}

describe('corpus: real DE4 apps through the real pipeline', function () {
  this.timeout(60_000);
  let entries: CorpusEntry[];
  let configPass: Pass;
  let codePass: Pass;
  let ran = false;
  let copy: string | undefined;

  before(async () => {
    assert.ok(
      fs.existsSync(path.join(CORPUS, 'MANIFEST.json')),
      `corpus not found at ${CORPUS}: clone the shared material beside the repository`,
    );
    entries = parseManifest(fs.readFileSync(path.join(CORPUS, 'MANIFEST.json'), 'utf8'));
    assert.ok(entries.length >= 50, `expected the whole corpus, found ${entries.length} entries`);
    configPass = await runPipeline(CORPUS);
    copy = reconstructedCopy(entries);
    codePass = await runPipeline(copy);
    ran = true;
  });

  after(() => {
    if (copy) {
      fs.rmSync(copy, { recursive: true, force: true });
    }
    if (UPDATE && ran) {
      const golden: Golden = {
        about:
          'Findings (rule, severity, file, zero-based start line) of test/unit/corpus.test.ts on the shared corpus. configFiles: the corpus as is. reconstructedCode: the corpus plus RECONSTRUCTED stand-in Python modules written from MANIFEST.json facts (not the real code). Regenerate with UPDATE_GOLDEN=1 npm run test:unit.',
        configFiles: configPass.findings,
        reconstructedCode: codePass.findings,
      };
      fs.mkdirSync(path.dirname(GOLDEN), { recursive: true });
      fs.writeFileSync(GOLDEN, stringifyGolden(golden));
      // eslint-disable-next-line no-console -- the developer asked for the rewrite and must review it
      console.log(`    UPDATE_GOLDEN=1: rewrote ${path.relative(REPO, GOLDEN)}; review its diff before committing.`);
    }
  });

  describe('the corpus as is (configuration files only)', () => {
    it('discovers every corpus app (the monorepo root included), no rule fails, the DE5 control app has no DE4-only errors', () => {
      assertSane(configPass, entries);
      assert.ok(configPass.apps.includes('plotly__dash-sample-apps__root'));
    });

    it('reports the same findings as the expectation file', function () {
      if (UPDATE) {
        this.skip();
      }
      compareWithGolden('configFiles', configPass.findings);
    });
  });

  describe('with RECONSTRUCTED stand-in modules from the manifest facts', () => {
    it('wrote stand-ins for the apps whose code the manifest describes', () => {
      const written = entries.filter((e) => standInModules(e).size > 0).length;
      assert.ok(written >= 40, `only ${written} apps got stand-in modules`);
    });

    it('discovers every corpus app, no rule fails, the DE5 control app has no DE4-only errors', () => {
      assertSane(codePass, entries);
    });

    it('reports the same findings as the expectation file', function () {
      if (UPDATE) {
        this.skip();
      }
      compareWithGolden('reconstructedCode', codePass.findings);
    });
  });
});
