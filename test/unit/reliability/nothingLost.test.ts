// Issue #7, "nothing lost", measured: every fact of an app's DE4 files (requirement, apt package,
// Procfile process, runtime, DOKKU_SCALE count, CHECKS entry, app.json entry…) is in the converted app
// or named by its report, over every corpus app and over generated apps (corpus and fixture apps mutated).
import * as assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { collectFacts, droppedFacts, factHaystack, type Fact } from '../../../src/core/convert/facts';
import { planConversion, type ConversionPlan } from '../../../src/core/convert/planConversion';
import { discoverApps } from '../../../src/core/discovery/discoverApps';
import { loadSnapshot } from '../../../src/core/discovery/loadSnapshot';
import { DEFAULT_ENGINE_CONFIG } from '../../../src/core/engine/config';
import type { ProjectSnapshot } from '../../../src/core/model/types';
import { isRequirementsFile } from '../../../src/core/parsers/requirements';
import { ALL_RULES } from '../../../src/core/rules';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { snapshotOf } from '../../support/snapshotBuilder';
import { corpusDir } from '../core/parsers/corpusFiles';

const GENERATED_APPS = 1000;
/** Fixed so runs are reproducible; FC_SEED explores other inputs locally. */
const SEED = /^-?\d+$/.test(process.env['FC_SEED'] ?? '') ? Number(process.env['FC_SEED']) : 0x5eed_0007;
const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'workspaces');

/**
 * The unsafe fixes that delete a DE4 file or key holding facts, by rule and title start: each names in
 * its title (what a conversion reports) every fact it drops. The runs must apply each, so "nothing
 * dropped" covers them.
 */
const UNSAFE_DELETIONS: readonly (readonly [rule: string, title: string])[] = [
  ['dokku-scale', 'Delete DOKKU_SCALE'],
  ['checks-file', 'Delete CHECKS'],
  ['app-json-scripts', 'Remove `healthchecks`'],
  ['buildpacks-file', 'Delete .buildpacks'],
];

interface Seed {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly sizes: Readonly<Record<string, number>>;
}

function seedOf(name: string, snapshot: ProjectSnapshot): Seed {
  const files: Record<string, string> = {};
  const sizes: Record<string, number> = {};
  for (const [file, size] of snapshot.sizes) {
    const f = snapshot.files.get(file);
    if (f && !f.skipped) {
      files[file] = f.text;
    } else {
      sizes[file] = size;
    }
  }
  return { name, files, sizes };
}

const LINE_FILES = (file: string): boolean =>
  isRequirementsFile(file) ||
  ['Procfile', 'DOKKU_SCALE', 'CHECKS', 'apt-packages', 'apt', 'Aptfile', 'conda-requirements.txt'].includes(file);

/** Additions a generated app may get, each a set of lines appended to files (created when missing). */
const ADDITIONS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  requirements: {
    'requirements.txt': [
      'Flask_Caching==1.10.1.post1',
      'numpy>=1.21.0.dev0,<2 ; python_version >= "3.7"',
      'dash[testing]~=2.9',
      'git+https://github.com/plotly/dash-bio.git@v1.0#egg=dash_bio',
    ],
  },
  apt: { 'apt-packages': ['libgdal-dev', 'unixodbc-dev'] },
  worker: { Procfile: ['worker: celery -A tasks worker --loglevel=info'], DOKKU_SCALE: ['worker = 2'] },
  checks: { CHECKS: ['WAIT=10', '/app/_dash-layout  Expected Text'] },
  conda: { 'conda-requirements.txt': ['scipy=1.7.3'], 'conda-runtime.txt': ['Miniconda3-4.7.12'] },
};

/** app.json variants a generated app may get when it has none. */
const APP_JSONS: readonly string[] = [
  '{\n  "scripts": {\n    "dokku": {\n      "predeploy": "apt-get update && apt-get install -y libpq-dev && python manage.py migrate"\n    }\n  }\n}\n',
  '{\n\t"healthchecks": {\n\t\t"web": {\n\t\t\t"readiness": {\n\t\t\t\t"httpGet": { "path": "/app/_dash-layout", "port": 5000 }\n\t\t\t}\n\t\t}\n\t}\n}\n',
  '{"env": {"SECRET_KEY": {"required": true}}, "scripts": {"dokku": {"postdeploy": "python warm_cache.py"}}}',
];

const RUNTIMES: readonly string[] = ['python-3.12.1', 'python-2.7.18', 'python-3.10.13\n\n', 'python-3.6.15'];
const ODD_VERSIONS: readonly string[] = ['1.0.0rc1', '2!1.0', '1.0.post1', '1.*', '0.0.0.dev0', '10.0.0+local.1'];
const PIP_OPTIONS: readonly string[] = [
  '--extra-index-url https://pypi.example.org/simple',
  '--find-links ./wheels',
  '--prefer-binary',
  '--extra-index-url=https://de4.example.com/Docs/packages',
  '-i https://pypi.example.org/simple',
];

interface Mutation {
  readonly seed: number;
  readonly rng: number;
  readonly additions: readonly string[];
  readonly appJson: number;
  readonly runtime: number;
  readonly options: readonly string[];
  readonly oddVersions: number;
  readonly comments: number;
  readonly shuffle: boolean;
  readonly crlf: boolean;
  readonly noFinalNewline: boolean;
}

function mutationArb(seeds: number): fc.Arbitrary<Mutation> {
  return fc.record({
    seed: fc.nat({ max: seeds - 1 }),
    rng: fc.integer(),
    additions: fc.subarray(Object.keys(ADDITIONS)),
    appJson: fc.integer({ min: -1, max: APP_JSONS.length - 1 }),
    runtime: fc.integer({ min: -1, max: RUNTIMES.length - 1 }),
    options: fc.subarray([...PIP_OPTIONS], { maxLength: 2 }),
    oddVersions: fc.nat({ max: 3 }),
    comments: fc.nat({ max: 3 }),
    shuffle: fc.boolean(),
    crlf: fc.boolean(),
    noFinalNewline: fc.boolean(),
  });
}

/** mulberry32: the positions and orders of one mutation, reproducible from its `rng`. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const linesOf = (text: string): string[] => (text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/));

/** The seed app with the mutation applied: lines added, versions made odd, comments, shuffles, CRLF. */
function mutate(seed: Seed, m: Mutation): Record<string, string> {
  const next = random(m.rng);
  const pick = (n: number): number => Math.floor(next() * n);
  const files: Record<string, string[]> = {};
  for (const [file, text] of Object.entries(seed.files)) {
    files[file] = file === 'app.json' ? [text] : linesOf(text);
  }
  for (const key of m.additions) {
    for (const [file, lines] of Object.entries(ADDITIONS[key] ?? {})) {
      files[file] = [...(files[file] ?? []), ...lines];
    }
  }
  if (m.appJson >= 0 && files['app.json'] === undefined) {
    files['app.json'] = [APP_JSONS[m.appJson] ?? ''];
  }
  if (m.runtime >= 0) {
    files['runtime.txt'] = [RUNTIMES[m.runtime] ?? ''];
  }
  const reqFiles = Object.keys(files).filter(isRequirementsFile);
  const main = reqFiles.includes('requirements.txt') ? 'requirements.txt' : reqFiles[0];
  if (main && m.options.length > 0) {
    files[main] = [...m.options, ...(files[main] ?? [])];
  }
  for (let i = 0; i < m.oddVersions && main; i++) {
    const lines = files[main] ?? [];
    const at = lines.findIndex((l, j) => j >= pick(lines.length) && /^[A-Za-z0-9_.-]+==[^\s;#]+/.test(l));
    if (at >= 0) {
      lines[at] = (lines[at] ?? '').replace(/==[^\s;#,]+/, `==${ODD_VERSIONS[pick(ODD_VERSIONS.length)] ?? ''}`);
    }
  }
  const lineFiles = Object.keys(files).filter(LINE_FILES);
  for (const file of lineFiles) {
    const lines = files[file] ?? [];
    // A backslash continues a logical line: shuffling would tear it apart.
    if (m.shuffle && !lines.some((l) => l.trimEnd().endsWith('\\'))) {
      for (let i = lines.length - 1; i > 0; i--) {
        const j = pick(i + 1);
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      }
    }
    for (let c = 0; c < m.comments; c++) {
      lines.splice(pick(lines.length + 1), 0, `# note ${c}: kept as written`);
    }
    files[file] = lines;
  }
  const out: Record<string, string> = {};
  const names = Object.keys(files);
  const bare = m.noFinalNewline ? names[pick(names.length)] : undefined;
  for (const [file, lines] of Object.entries(files)) {
    let text = file === 'app.json' ? lines.join('') : lines.join('\n') + (lines.length > 0 && file !== bare ? '\n' : '');
    if (m.crlf) {
      text = text.replace(/\r?\n/g, '\r\n');
    }
    out[file] = text;
  }
  return out;
}

interface Tally {
  corpus: number;
  generated: number;
  facts: number;
  safeDropped: number;
  unsafeDropped: number;
  unsafeApplied: number;
  /** UNSAFE_DELETIONS applied, by rule. */
  deletions: Map<string, number>;
}

/** The facts of `snapshot` its conversion neither keeps nor reports. */
function dropsOf(snapshot: ProjectSnapshot, plan: ConversionPlan): { facts: Fact[]; dropped: Fact[] } {
  const facts = collectFacts(snapshot);
  return { facts, dropped: droppedFacts(facts, factHaystack(plan.converted, plan.remaining, plan.applied)) };
}

const factKey = (f: Fact): string => `${f.kind}\u0000${f.value}\u0000${f.file}\u0000${f.line}`;

/** For each rule whose unsafe fixes were applied, the facts that survive when they are left out: who dropped what. */
function unsafeCulprits(snapshot: ProjectSnapshot, plan: ConversionPlan, dropped: readonly Fact[]): Map<string, string[]> {
  const by = new Map<string, string[]>(dropped.map((f) => [factKey(f), []]));
  for (const rule of new Set(plan.applied.filter((a) => a.safety === 'unsafe').map((a) => a.rule))) {
    const p = planConversion(snapshot, ALL_RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: true, acceptUnsafe: (r) => r !== rule });
    const still = new Set(dropsOf(snapshot, p).dropped.map(factKey));
    for (const f of dropped) {
      if (!still.has(factKey(f))) {
        by.get(factKey(f))?.push(rule);
      }
    }
  }
  return by;
}

/** Converts with safe fixes, then with unsafe ones too: problems found, and the tally updated. */
function checkApp(name: string, snapshot: ProjectSnapshot, tally: Tally): string[] {
  const problems: string[] = [];
  const safe = planConversion(snapshot, ALL_RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: false });
  const kept = dropsOf(snapshot, safe);
  tally.facts += kept.facts.length;
  tally.safeDropped += kept.dropped.length;
  for (const f of kept.dropped) {
    problems.push(`${name}: safe conversion dropped ${f.kind} \`${f.value}\` (${f.file}:${f.line + 1})`);
  }
  const unsafe = planConversion(snapshot, ALL_RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: true });
  for (const a of unsafe.applied.filter((x) => x.safety === 'unsafe')) {
    tally.unsafeApplied++;
    if (UNSAFE_DELETIONS.some(([rule, title]) => a.rule === rule && a.title.startsWith(title))) {
      tally.deletions.set(a.rule, (tally.deletions.get(a.rule) ?? 0) + 1);
    }
  }
  const dropped = dropsOf(snapshot, unsafe).dropped;
  const culprits = dropped.length > 0 ? unsafeCulprits(snapshot, unsafe, dropped) : new Map<string, string[]>();
  tally.unsafeDropped += dropped.length;
  for (const f of dropped) {
    const by = culprits.get(factKey(f)) ?? [];
    problems.push(
      `${name}: unsafe conversion dropped ${f.kind} \`${f.value}\` (${f.file}:${f.line + 1}) by ${by.join(' + ') || '(unknown)'}`,
    );
  }
  return problems;
}

describe('reliability: nothing lost (issue #7)', function () {
  this.timeout(300_000);
  const corpus: Seed[] = [];
  const fixtures: Seed[] = [];
  const tally: Tally = { corpus: 0, generated: 0, facts: 0, safeDropped: 0, unsafeDropped: 0, unsafeApplied: 0, deletions: new Map() };

  before(async () => {
    const fs = new NodeFileSystem();
    const root = corpusDir();
    assert.ok(root, 'the shared corpus is checked out next to the repository');
    // Each corpus folder is one app, the monorepo root included.
    for (const name of readdirSync(root).sort()) {
      if (statSync(path.join(root, name)).isDirectory()) {
        corpus.push(seedOf(`corpus/${name}`, await loadSnapshot(fs, path.join(root, name))));
      }
    }
    for (const app of await discoverApps(fs, [FIXTURES])) {
      fixtures.push(seedOf(`fixtures/${path.relative(FIXTURES, app).split(path.sep).join('/')}`, await loadSnapshot(fs, app)));
    }
  });

  after(() => {
    const deletions = [...tally.deletions.values()].reduce((n, c) => n + c, 0);
    // eslint-disable-next-line no-console -- the figure issue #7 asks for
    console.log(
      `    reliability: nothing lost — ${tally.corpus} corpus apps + ${tally.generated} generated converted (safe and unsafe), ` +
        `${tally.facts} facts checked, ${tally.safeDropped} dropped by safe fixes, ${tally.unsafeDropped} dropped by unsafe fixes ` +
        `(${tally.unsafeApplied} unsafe fixes applied, ${deletions} of them deletions of DOKKU_SCALE, CHECKS, .buildpacks or app.json healthchecks)`,
    );
  });

  it('the property can fail: a conversion that loses a fact without a word is caught', () => {
    const snapshot = snapshotOf({ DOKKU_SCALE: 'web=1\nworker=2\n', Procfile: 'web: gunicorn app:server\n' });
    const plan = planConversion(snapshot, ALL_RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: false });
    assert.deepEqual(dropsOf(snapshot, plan).dropped, [], 'kept as it is by the safe conversion');
    const silent: ConversionPlan = {
      ...plan,
      converted: snapshotOf({ Procfile: 'web: gunicorn app:server\n' }),
      remaining: [],
      applied: [],
    };
    assert.deepEqual(
      dropsOf(snapshot, silent).dropped.map((f) => f.value),
      ['web=1', 'worker=2'],
    );
  });

  it('every corpus app (each folder one app): no fact dropped by safe fixes or by unsafe ones', () => {
    assert.ok(corpus.length >= 50, `only ${corpus.length} corpus apps`);
    const problems = corpus.flatMap((seed) =>
      checkApp(seed.name, snapshotOf({ ...seed.files }, { sizes: seed.sizes, root: seed.name }), tally),
    );
    tally.corpus = corpus.length;
    assert.deepEqual(problems, []);
  });

  it(`${GENERATED_APPS} generated apps (corpus and fixture apps, mutated): the same`, () => {
    const seeds = [...corpus, ...fixtures];
    const problems: string[] = [];
    const samples = fc.sample(mutationArb(seeds.length), { numRuns: GENERATED_APPS, seed: SEED });
    for (const [i, m] of samples.entries()) {
      const seed = seeds[m.seed];
      assert.ok(seed);
      const name = `generated #${i} from ${seed.name} ${JSON.stringify(m)}`;
      problems.push(...checkApp(name, snapshotOf(mutate(seed, m), { sizes: seed.sizes, root: `generated-${i}` }), tally));
    }
    tally.generated = samples.length;
    assert.ok(tally.facts > 10 * GENERATED_APPS, `only ${tally.facts} facts checked`);
    for (const [rule, title] of UNSAFE_DELETIONS) {
      assert.ok((tally.deletions.get(rule) ?? 0) > 0, `no "${title}…" of ${rule} was applied: the runs do not exercise it`);
    }
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
  });
});
