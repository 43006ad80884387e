// Whole-app conversion goldens: a DE4 app in, the DE5 files out. Each case is a real app folder (the
// sample workspace, the integration fixture, corpus apps of every kind); its expected result lives in
// test/fixtures/golden/convert/<case>/: the converted or created files, plus `_deleted.txt` and
// `_remaining.txt` (the manual steps left). UPDATE_GOLDEN=1 rewrites them; review the diff.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planConversion } from '../../../../src/core/convert/planConversion';
import { loadSnapshot } from '../../../../src/core/discovery/loadSnapshot';
import { normaliseEngineSettings } from '../../../../src/core/engine/config';
import { ALL_RULES } from '../../../../src/core/rules';
import { NodeFileSystem } from '../../../../src/node/nodeFileSystem';

const REPO = path.resolve(__dirname, '..', '..', '..', '..', '..');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const GOLDEN = path.join(REPO, 'test', 'fixtures', 'golden', 'convert');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

const CASES: readonly { readonly name: string; readonly dir: string; readonly unsafe: boolean }[] = [
  { name: 'sample-sales-dashboard', dir: path.join(REPO, 'samples', 'de4-workspace', 'sales-dashboard'), unsafe: false },
  { name: 'sample-sales-dashboard-unsafe', dir: path.join(REPO, 'samples', 'de4-workspace', 'sales-dashboard'), unsafe: true },
  { name: 'sample-inventory-conda', dir: path.join(REPO, 'samples', 'de4-workspace', 'inventory-conda'), unsafe: false },
  { name: 'sample-ops-report', dir: path.join(REPO, 'samples', 'de4-workspace', 'ops-report'), unsafe: false },
  { name: 'fixture-de4-convert', dir: path.join(REPO, 'test', 'fixtures', 'workspaces', 'de4-convert'), unsafe: false },
  { name: 'corpus-conda-buildpack', dir: path.join(CORPUS, 'plotly__dash-on-premise-sample-app__root--conda-buildpack'), unsafe: false },
  {
    name: 'corpus-airgapped-appjson',
    dir: path.join(CORPUS, 'plotly__dash-on-premise-sample-app__root--airgapped-with-appjson'),
    unsafe: false,
  },
  { name: 'corpus-pyodbc-apt', dir: path.join(CORPUS, 'plotly__dash-on-premise-sample-app__root--pyodbc'), unsafe: true },
  { name: 'corpus-saildrone-celery', dir: path.join(CORPUS, 'NOAA-PMEL__dashboard_saildrone__root'), unsafe: true },
];

/** What a conversion produces, as the files of its golden folder. */
async function convert(dir: string, unsafe: boolean): Promise<Map<string, string>> {
  const snapshot = await loadSnapshot(new NodeFileSystem(), dir);
  const config = normaliseEngineSettings({ de5Host: 'de5.example.com' });
  const plan = planConversion(snapshot, ALL_RULES, config, { includeUnsafe: unsafe });
  assert.ok(plan.converged, 'the conversion converges');
  assert.deepEqual(plan.rejected, [], 'every fix applies');
  const out = new Map<string, string>();
  for (const [file, f] of plan.converted.files) {
    if (snapshot.files.get(file)?.text !== f.text) {
      out.set(file, f.text);
    }
  }
  const deleted = [...snapshot.files.keys()].filter((f) => !plan.converted.files.has(f) && !plan.converted.sizes.has(f));
  out.set('_deleted.txt', deleted.map((f) => `${f}\n`).join(''));
  out.set('_remaining.txt', plan.remaining.map((f) => `${f.severity} ${f.rule} ${f.file}:${f.range.start.line + 1}\n`).join(''));
  return out;
}

function readGolden(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        walk(path.join(d, e.name), r);
      } else {
        out.set(r, fs.readFileSync(path.join(d, e.name), 'utf8'));
      }
    }
  };
  if (fs.existsSync(dir)) {
    walk(dir, '');
  }
  return out;
}

describe('convert: whole-app goldens (DE4 app in, DE5 files out)', function () {
  this.timeout(30_000);

  for (const c of CASES) {
    it(`${c.name}${c.unsafe ? ' (with unsafe fixes)' : ''}`, async function () {
      assert.ok(fs.existsSync(c.dir), `missing input app ${c.dir}`);
      const actual = await convert(c.dir, c.unsafe);
      const dir = path.join(GOLDEN, c.name);
      if (UPDATE) {
        fs.rmSync(dir, { recursive: true, force: true });
        for (const [file, text] of actual) {
          fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
          fs.writeFileSync(path.join(dir, file), text);
        }
        this.skip();
      }
      const expected = readGolden(dir);
      assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `files of ${c.name} (UPDATE_GOLDEN=1 to accept)`);
      for (const [file, text] of actual) {
        assert.equal(text, expected.get(file), `${c.name}/${file} (UPDATE_GOLDEN=1 to accept)`);
      }
    });
  }
});
