import assert from 'node:assert/strict';
import { parseDokkuScale } from '../../../../src/core/parsers/dokkuScale';
import { range } from '../../../../src/core/model/text';
import { corpusFiles } from './corpusFiles';

describe('parseDokkuScale', () => {
  it('reads process=count lines with ranges', () => {
    const r = parseDokkuScale('web=1\r\nworker-default = 12\r\n\r\n');
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.entries.map((e) => [e.process, e.count, e.range, e.processRange]),
      [
        ['web', 1, range(0, 0, 0, 5), range(0, 0, 0, 3)],
        ['worker-default', 12, range(1, 0, 1, 19), range(1, 0, 1, 14)],
      ],
    );
  });

  it('reports malformed and duplicate lines on their line', () => {
    const r = parseDokkuScale('web=1\nworker: 2\nweb=2\nbeat=-1');
    assert.deepEqual(
      r.value.entries.map((e) => e.process),
      ['web', 'web'],
    );
    assert.deepEqual(
      r.issues.map((i) => i.range),
      [range(1, 0, 1, 9), range(2, 0, 2, 3), range(3, 0, 3, 7)],
    );
  });

  it('parses every corpus DOKKU_SCALE without issues', () => {
    for (const f of corpusFiles('DOKKU_SCALE')) {
      const r = parseDokkuScale(f.text);
      assert.deepEqual(r.issues, [], f.app);
      assert.ok(
        r.value.entries.some((e) => e.process === 'web'),
        f.app,
      );
    }
  });
});
