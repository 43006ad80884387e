import assert from 'node:assert/strict';
import { parseCondaRuntime } from '../../../../src/core/parsers/condaRuntime';
import { parseCondarc } from '../../../../src/core/parsers/condarc';
import { range } from '../../../../src/core/model/text';
import { corpusFiles } from './corpusFiles';

describe('parseCondaRuntime', () => {
  it('reads Miniconda<2|3>-<version>', () => {
    const r = parseCondaRuntime('Miniconda3-4.5.12\n');
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.value.runtime, { text: 'Miniconda3-4.5.12', pythonMajor: 3, version: '4.5.12', line: 0, range: range(0, 0, 0, 17) });
  });

  it('reports anything else on its line', () => {
    const r = parseCondaRuntime('\nAnaconda3-2019.10\nMiniconda3-4.5.12');
    assert.equal(r.value.runtime, undefined);
    assert.deepEqual(
      r.issues.map((i) => i.range.start.line),
      [1, 2],
    );
  });

  it('parses every corpus conda-runtime.txt without issues', () => {
    for (const f of corpusFiles('conda-runtime.txt')) {
      const r = parseCondaRuntime(f.text);
      assert.deepEqual(r.issues, [], f.app);
      assert.equal(r.value.runtime?.pythonMajor, 3, f.app);
    }
  });
});

describe('parseCondarc', () => {
  it('reads channels with ranges', () => {
    const r = parseCondarc('channels:\n  - plotly\n  - "conda-forge"\nchannel_priority: strict\n');
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.channels.map((c) => [c.name, c.range]),
      [
        ['plotly', range(1, 4, 1, 10)],
        ['conda-forge', range(2, 4, 2, 17)],
      ],
    );
    assert.deepEqual(r.value.otherKeys, ['channel_priority']);
  });

  it('falls back to the key for flow lists and reports bad YAML on its line', () => {
    const flow = parseCondarc('channels: [a, b]\n');
    assert.deepEqual(
      flow.value.channels.map((c) => c.range),
      [range(0, 0, 0, 8), range(0, 0, 0, 8)],
    );
    const bad = parseCondarc('channels:\n  - a\n b: [\n');
    assert.equal(bad.issues.length, 1);
    assert.ok((bad.issues[0]?.range.start.line ?? -1) >= 1);
    assert.equal(parseCondarc('channels: 3\n').issues.length, 1);
  });

  it('parses every corpus .condarc without issues', () => {
    for (const f of corpusFiles('.condarc')) {
      const r = parseCondarc(f.text);
      assert.deepEqual(r.issues, [], f.app);
      assert.ok(r.value.channels.length > 0, f.app);
    }
  });
});
