import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { range } from '../../../src/core/model/text';
import { FILE_PARSERS } from '../../../src/core/parsers/registry';
import { parseErrorRule } from '../../../src/core/rules/builtin/parseError';
import type { Rule } from '../../../src/core/rules/rule';
import { corpusPythonSeeds, fileText, seedTexts, sharedInputs, type SharedInputs } from './arbitraries';
import { counted, engineProblems, issueProblems, linesOf, logReliability, newStats, propertySeed, rangeProblem } from './checks';
import { FORMATS, PYTHON_SAMPLES } from './formats';

// Issue #7: every parser of FILE_PARSERS gets 10,000 generated inputs (mutated real files, format
// words, random strings). Each input is parsed directly and also checked through the engine with the
// `parse-error` rule, as the editor shows it; apps.property.test.ts runs every rule over whole apps.

const RUNS = 10_000;

function parserFor(name: string): (typeof FILE_PARSERS)[number]['parse'] {
  const entries = FILE_PARSERS.filter((p) => p.matches(name));
  assert.equal(entries.length, 1, `${name} should have exactly one parser`);
  const entry = entries[0];
  assert.ok(entry);
  return entry.parse;
}

describe('file parsers on generated input (issue #7)', function () {
  this.timeout(120_000);
  let shared: SharedInputs;

  before(() => {
    shared = sharedInputs([...FORMATS.flatMap((f) => seedTexts(f.seeds)), ...corpusPythonSeeds(), ...PYTHON_SAMPLES]);
  });

  it('the checks reject ranges outside the file and rules that fail', () => {
    const lines = linesOf('ab\r\ncd\re');
    assert.equal(lines.length, 3);
    assert.equal(rangeProblem(lines, range(0, 2, 2, 1)), undefined);
    assert.match(rangeProblem(lines, range(3, 0, 3, 0)) ?? '', /line 3 is outside/);
    assert.match(rangeProblem(lines, range(0, 0, 0, 3)) ?? '', /character 3 is outside line 0/);
    assert.match(rangeProblem(lines, range(0, -1, 0, 0)) ?? '', /character -1/);
    assert.match(rangeProblem(lines, range(0, 0.5, 0, 1)) ?? '', /whole numbers/);
    assert.match(rangeProblem(lines, range(1, 1, 1, 0)) ?? '', /starts after it ends/);
    assert.deepEqual(issueProblems('a', [{ range: range(0, 0, 0, 1), message: ' ' }]), ['an issue has no message']);
    const rule = (check: Rule['check']): Rule => ({ id: 'probe', defaultSeverity: 'error', title: 'probe', check });
    const outside = rule(() => [{ file: 'Procfile', range: range(1, 0, 1, 0), message: 'm' }]);
    const failing = rule(() => {
      throw new Error('boom');
    });
    assert.match(engineProblems({ Procfile: 'web: x' }, [outside]).problems.join(), /probe finding in Procfile: line 1 is outside/);
    assert.match(engineProblems({ Procfile: 'web: x' }, [failing]).problems.join(), /rule-failed: Rule probe failed .*boom/);
  });

  it('covers every parser of the registry', () => {
    const covered = FILE_PARSERS.filter((p) => FORMATS.some((f) => f.names.some((n) => p.matches(n))));
    assert.equal(covered.length, FILE_PARSERS.length);
  });

  for (const format of FORMATS) {
    it(`${format.label}: ${RUNS} inputs never throw and every issue and parse-error finding stays inside the file`, () => {
      const parse = parserFor(format.names[0] ?? '');
      const seeds = seedTexts(format.seeds);
      const stats = newStats();
      let parseIssues = 0;
      try {
        fc.assert(
          fc.property(fc.constantFrom(...format.names), fileText(seeds, shared, { json: format.json }), (name, text) => {
            stats.inputs++;
            const result = counted(stats, () => parse(text));
            parseIssues += result.issues.length;
            const engine = counted(stats, () => engineProblems({ [name]: text }, [parseErrorRule]));
            stats.findings += engine.findings;
            assert.deepEqual([...issueProblems(text, result.issues), ...engine.problems], []);
          }),
          { numRuns: RUNS, seed: propertySeed() },
        );
      } finally {
        logReliability(format.label, stats, 'inputs', `${parseIssues} parse issues`);
      }
    });
  }
});
