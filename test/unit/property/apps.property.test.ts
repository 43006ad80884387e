import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePython, type PythonModule } from '../../../src/core/parsers/python';
import { boundNames, importOf } from '../../../src/core/parsers/pythonImports';
import { corpusPythonSeeds, fileText, seedTexts, sharedInputs, type SharedInputs, type SeedSource } from './arbitraries';
import { counted, engineProblems, logReliability, newStats, propertySeed } from './checks';
import { FORMATS, PYTHON_SAMPLES } from './formats';

// Issue #7, second half: the Python scanner the code rules read every .py file with, and every rule
// at once over generated apps of several files (as `check` runs them on a real app).

const PY_RUNS = 10_000;
const APP_RUNS = 2_000;
const PY_NAMES = ['app.py', 'index.py', 'pkg/mod.py'];

const PYTHON_SEEDS: SeedSource = { fixtures: ['app.py', 'prepare_data.py'], samples: PYTHON_SAMPLES };

/** Broken invariants of a scanned module: tokens, statements and imports must lie inside the text, in order. */
function scanProblems(text: string, mod: PythonModule): string[] {
  const out: string[] = [];
  let prevEnd = 0;
  for (const t of mod.tokens) {
    if (!(Number.isInteger(t.start) && t.start >= prevEnd && t.end > t.start && t.end <= text.length)) {
      out.push(`token ${JSON.stringify(t.text)} at ${t.start}-${t.end} is out of order or outside the text`);
    } else if (text.slice(t.start, t.end) !== t.text || t.depth < 0) {
      out.push(`token ${JSON.stringify(t.text)} at ${t.start} does not match the text or has depth ${t.depth}`);
    }
    prevEnd = t.end;
  }
  for (const s of mod.statements) {
    const first = s.tokens[0];
    const last = s.tokens[s.tokens.length - 1];
    if (!first || !last || first.start !== s.start || last.end !== s.end || !/^[ \t\f]*$/.test(s.indent)) {
      out.push(`statement at ${s.start}-${s.end} does not span its tokens or has indent ${JSON.stringify(s.indent)}`);
      continue;
    }
    const imp = importOf(s);
    if (!imp) {
      continue;
    }
    const inside = (a: number, b: number): boolean => s.start <= a && a <= b && b <= s.end;
    if (imp.module && !inside(imp.module.start, imp.module.end)) {
      out.push(`import module ${imp.module.name} lies outside its statement`);
    }
    for (const it of imp.items) {
      if (
        it.name === '' ||
        !inside(it.start, it.end) ||
        !(it.start <= it.nameStart && it.nameStart <= it.nameEnd && it.nameEnd <= it.end)
      ) {
        out.push(`import item ${JSON.stringify(it.name)} lies outside its statement`);
      }
    }
    const names = boundNames(imp);
    if (names.length !== imp.items.length || names.some((n) => n === '')) {
      out.push(`bound names ${JSON.stringify(names)} do not match the imported items`);
    }
  }
  return out;
}

describe('Python scanner and whole apps on generated input (issue #7)', function () {
  this.timeout(120_000);
  let shared: SharedInputs;
  let pySeeds: string[] = [];

  before(() => {
    pySeeds = [...seedTexts(PYTHON_SEEDS), ...corpusPythonSeeds()];
    shared = sharedInputs([...FORMATS.flatMap((f) => seedTexts(f.seeds)), ...pySeeds]);
  });

  it(`Python: ${PY_RUNS} sources scan without throwing, stay inside the text, and every rule keeps its findings inside the file`, () => {
    const stats = newStats();
    let imports = 0;
    try {
      fc.assert(
        fc.property(fc.constantFrom(...PY_NAMES), fileText(pySeeds, shared), (name, text) => {
          stats.inputs++;
          const mod = counted(stats, () => parsePython(text).value);
          imports += mod.statements.filter((s) => importOf(s) !== undefined).length;
          const target = `${name.slice(0, -3).replace(/\//g, '.')}:server`;
          const engine = counted(stats, () => engineProblems({ [name]: text, Procfile: `web: gunicorn ${target}\n` }));
          stats.findings += engine.findings;
          assert.deepEqual([...scanProblems(text, mod), ...engine.problems], []);
        }),
        { numRuns: PY_RUNS, seed: propertySeed() },
      );
    } finally {
      logReliability('Python', stats, 'inputs', `${imports} import statements`);
    }
  });

  it(`every rule: ${APP_RUNS} generated apps of several files never throw and keep findings and fixes inside their files`, () => {
    // Each format is present in about one app in five, with zero to two Python modules beside them.
    const fileOf = (names: readonly string[], text: fc.Arbitrary<string>): fc.Arbitrary<[string, string] | undefined> =>
      fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.tuple(fc.constantFrom(...names), text), weight: 1 });
    const app = fc
      .tuple(
        fc.tuple(...FORMATS.map((f) => fileOf(f.names, fileText(seedTexts(f.seeds), shared, { json: f.json })))),
        fc.uniqueArray(fc.tuple(fc.constantFrom(...PY_NAMES), fileText(pySeeds, shared)), { maxLength: 2, selector: ([n]) => n }),
      )
      .map(([config, python]) => Object.fromEntries([...config.filter((f) => f !== undefined), ...python]));
    const stats = newStats();
    let files = 0;
    try {
      fc.assert(
        fc.property(app, (appFiles) => {
          stats.inputs++;
          files += Object.keys(appFiles).length;
          const engine = counted(stats, () => engineProblems(appFiles));
          stats.findings += engine.findings;
          assert.deepEqual(engine.problems, []);
        }),
        { numRuns: APP_RUNS, seed: propertySeed() },
      );
    } finally {
      logReliability('apps', stats, 'apps', `${files} files`);
    }
  });
});
