import assert from 'node:assert/strict';
import { parseEnvironmentYml } from '../../../../src/core/parsers/environmentYml';
import { range } from '../../../../src/core/model/text';
import { corpusFiles } from './corpusFiles';

const ENV = [
  'name: demo',
  'channels:',
  '  - conda-forge',
  'dependencies:',
  '  - python=3.10',
  '  - numpy=1.26  # arrays',
  '  - pip',
  '  - pip:',
  '    - dash==2.17.0',
  "    - '--extra-index-url https://de5.example.com/packages'",
  'variables:',
  '  A: 1',
  '',
].join('\n');

describe('parseEnvironmentYml', () => {
  it('models name, channels, conda dependencies and the pip list with ranges', () => {
    const r = parseEnvironmentYml(ENV);
    assert.deepEqual(r.issues, []);
    assert.equal(r.value.name, 'demo');
    assert.deepEqual(r.value.channels, [{ name: 'conda-forge', range: range(2, 4, 2, 15) }]);
    assert.deepEqual(
      r.value.dependencies.map((d) => [d.text, d.spec?.name, d.range]),
      [
        ['python=3.10', 'python', range(4, 4, 4, 15)],
        ['numpy=1.26', 'numpy', range(5, 4, 5, 14)],
        ['pip', 'pip', range(6, 4, 6, 7)],
      ],
    );
    assert.deepEqual(r.value.python, { minor: '3.10', range: range(4, 4, 4, 15) });
    assert.deepEqual(r.value.pip?.range, range(7, 4, 7, 8));
    assert.deepEqual(
      r.value.pip?.requirements.map((p) => [p.text, p.range]),
      [
        ['dash==2.17.0', range(8, 6, 8, 18)],
        ['--extra-index-url https://de5.example.com/packages', range(9, 6, 9, 58)],
      ],
    );
    assert.deepEqual(r.value.dependenciesKeyRange, range(3, 0, 3, 12));
    assert.deepEqual(r.value.otherKeys, ['variables']);
  });

  it('accepts sequence items at column 0 and CRLF', () => {
    const r = parseEnvironmentYml('dependencies:\r\n- python=3.8\r\n- pip:\r\n  - dash\r\n');
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.value.dependencies[0]?.range, range(1, 2, 1, 12));
    assert.deepEqual(r.value.pip?.requirements[0]?.range, range(3, 4, 3, 8));
  });

  it('falls back to the key line for flow-style lists', () => {
    const r = parseEnvironmentYml('dependencies: [python=3.9, dash]\n');
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.dependencies.map((d) => d.range),
      [range(0, 0, 0, 12), range(0, 0, 0, 12)],
    );
    assert.equal(r.value.python?.minor, '3.9');
  });

  it('reports YAML errors on their line and wrong shapes', () => {
    const bad = parseEnvironmentYml('name: x\ndependencies:\n  - a\n - b\n');
    assert.equal(bad.issues.length, 1);
    assert.equal(bad.issues[0]?.range.start.line, 3);
    assert.match(bad.issues[0]?.message ?? '', /not valid YAML/);
    assert.equal(parseEnvironmentYml('- a\n').issues.length, 1);
    assert.equal(parseEnvironmentYml('').issues.length, 1);
    assert.equal(parseEnvironmentYml('dependencies: numpy\n').issues.length, 1);
    const spec = parseEnvironmentYml('dependencies:\n  - "=1.0"\n  - pip: dash\n');
    assert.deepEqual(
      spec.issues.map((i) => i.range.start.line),
      [1, 2],
    );
  });

  it('locates an item with a long run of blanks in linear time (issue #7)', () => {
    const started = Date.now();
    const value = `numpy${' '.repeat(100_000)}x`;
    const r = parseEnvironmentYml(`dependencies:\n  - "${value}"   # note\n  - pip${' '.repeat(100_000)}\n`);
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(
      r.value.dependencies.map((d) => d.range),
      [range(1, 4, 1, 100_012), range(2, 4, 2, 7)],
    );
  });

  it('parses every corpus environment.yml without issues', () => {
    for (const f of corpusFiles('environment.yml')) {
      const r = parseEnvironmentYml(f.text);
      assert.deepEqual(r.issues, [], f.app);
      assert.ok(
        r.value.dependencies.every((d) => d.spec && d.range.start.line > 0),
        f.app,
      );
    }
  });
});
