import * as assert from 'node:assert/strict';
import { largeDataFileRule } from '../../../../../src/core/rules/app/largeDataFile';
import { run } from '../python/ruleHarness';

const MB = 1024 * 1024;

describe('large-data-file', () => {
  it('reports each file over the limit at its start, with its size in MB', () => {
    const findings = run(
      largeDataFileRule,
      { 'app.py': 'x = 1\n' },
      { sizes: { 'data/big.csv': 150 * MB, 'data/small.csv': 2 * MB, 'model.pkl': 100 * MB + 1 } },
    );
    assert.deepEqual(
      findings.map((f) => f.file),
      ['data/big.csv', 'model.pkl'],
    );
    const [big] = findings;
    assert.deepEqual(big?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(big?.message ?? '', /150\.0 MB/);
    assert.match(big?.message ?? '', /Parquet/);
    assert.match(big?.message ?? '', /\.\.\/mount/);
    assert.equal(big?.fixes, undefined);
  });

  it('uses the configured limit and stays quiet at or below it', () => {
    assert.deepEqual(run(largeDataFileRule, {}, { sizes: { 'a.parquet': 100 * MB } }), []);
    assert.equal(run(largeDataFileRule, {}, { sizes: { 'a.parquet': 11 * MB } }, { largeFileBytes: 10 * MB }).length, 1);
    assert.deepEqual(run(largeDataFileRule, {}), []);
  });
});
