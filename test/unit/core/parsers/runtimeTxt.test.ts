import assert from 'node:assert/strict';
import { parseRuntimeTxt } from '../../../../src/core/parsers/runtimeTxt';
import { range } from '../../../../src/core/model/text';
import { corpusFiles } from './corpusFiles';

describe('parseRuntimeTxt', () => {
  it('reads python-X.Y.Z with exact ranges', () => {
    const r = parseRuntimeTxt('python-3.9.16\n');
    assert.deepEqual(r.issues, []);
    assert.equal(r.value.python?.version, '3.9.16');
    assert.equal(r.value.python?.minorVersion, '3.9');
    assert.equal(r.value.python?.patch, 16);
    assert.deepEqual(r.value.python?.range, range(0, 0, 0, 13));
    assert.deepEqual(r.value.python?.versionRange, range(0, 7, 0, 13));
  });

  it('tolerates surrounding whitespace, CRLF and trailing blank lines', () => {
    const r = parseRuntimeTxt('\r\n  python-3.7.4  \r\n\r\n');
    assert.deepEqual(r.issues, []);
    assert.equal(r.value.python?.line, 1);
    assert.deepEqual(r.value.python?.range, range(1, 2, 1, 14));
  });

  it('reports a missing patch but still records the minor', () => {
    const r = parseRuntimeTxt('python-3.10');
    assert.equal(r.value.python?.minorVersion, '3.10');
    assert.equal(r.value.python?.patch, undefined);
    assert.equal(r.issues.length, 1);
    assert.match(r.issues[0]?.message ?? '', /patch version/);
  });

  it('reports a wrongly cased prefix', () => {
    const r = parseRuntimeTxt('Python-3.8.1\n');
    assert.equal(r.value.python?.version, '3.8.1');
    assert.match(r.issues[0]?.message ?? '', /case-sensitive/);
  });

  it('reports garbage on its own line and extra lines, without throwing', () => {
    const r = parseRuntimeTxt('\npypy3.6-7.3.1\npython-3.8.0\n');
    assert.equal(r.value.python, undefined);
    assert.deepEqual(
      r.issues.map((i) => i.range.start.line),
      [1, 2],
    );
    assert.equal(parseRuntimeTxt('').value.python, undefined);
    assert.deepEqual(parseRuntimeTxt('').issues, []);
  });

  it('parses every corpus runtime.txt without issues', () => {
    const files = corpusFiles('runtime.txt');
    for (const f of files) {
      const r = parseRuntimeTxt(f.text);
      assert.deepEqual(r.issues, [], f.app);
      assert.ok(r.value.python, f.app);
    }
  });
});
