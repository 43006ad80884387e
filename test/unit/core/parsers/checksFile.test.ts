import assert from 'node:assert/strict';
import { parseChecksFile } from '../../../../src/core/parsers/checksFile';
import { range } from '../../../../src/core/model/text';
import { corpusFiles } from './corpusFiles';

describe('parseChecksFile', () => {
  it('reads settings, check lines and comments', () => {
    const r = parseChecksFile('WAIT=90\nTIMEOUT=10\nATTEMPTS=3\n\n# a comment\n/app/_dash-layout  World Cell Towers\n/health\n');
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.settings.map((s) => [s.name, s.value, s.line]),
      [
        ['WAIT', 90, 0],
        ['TIMEOUT', 10, 1],
        ['ATTEMPTS', 3, 2],
      ],
    );
    assert.deepEqual(
      r.value.comments.map((c) => [c.text, c.line]),
      [['a comment', 4]],
    );
    const [check, bare] = r.value.checks;
    assert.equal(check?.path, '/app/_dash-layout');
    assert.equal(check?.expected, 'World Cell Towers');
    assert.deepEqual(check?.range, range(5, 0, 5, 36));
    assert.deepEqual(check?.pathRange, range(5, 0, 5, 17));
    assert.equal(bare?.expected, undefined);
  });

  it('reports unknown settings, bad values and lines that are not checks', () => {
    const r = parseChecksFile('WAIT=soon\nRETRIES=3\napp/_dash-layout\nTIMEOUT=5');
    assert.deepEqual(
      r.value.settings.map((s) => s.name),
      ['TIMEOUT'],
    );
    assert.deepEqual(
      r.issues.map((i) => i.range.start.line),
      [0, 1, 2],
    );
  });

  it('parses every corpus CHECKS without issues', () => {
    const files = corpusFiles('CHECKS');
    for (const f of files) {
      const r = parseChecksFile(f.text);
      assert.deepEqual(r.issues, [], f.app);
      assert.equal(r.value.settings.length, 3, f.app);
    }
    const live = files.find((f) => f.app.startsWith('plotly__dash-world-cell-towers'));
    if (live) {
      assert.deepEqual(
        parseChecksFile(live.text).value.checks.map((c) => c.expected),
        ['World Cell Towers'],
      );
    }
  });
});
