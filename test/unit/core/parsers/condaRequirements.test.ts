import assert from 'node:assert/strict';
import { parseCondaRequirements } from '../../../../src/core/parsers/condaRequirements';
import { parseCondaSpec, pythonMinorOf } from '../../../../src/core/parsers/condaSpec';
import { range } from '../../../../src/core/model/text';
import { corpusFiles } from './corpusFiles';

describe('parseCondaSpec', () => {
  it('reads the forms conda files use', () => {
    assert.deepEqual(parseCondaSpec('numpy=1.16.2=py37h7e9f1db_0'), {
      name: 'numpy',
      nameStart: 0,
      operator: '=',
      version: '1.16.2',
      build: 'py37h7e9f1db_0',
      versionStart: 6,
    });
    assert.deepEqual(parseCondaSpec('python-graphviz==0.14'), {
      name: 'python-graphviz',
      nameStart: 0,
      operator: '==',
      version: '0.14',
      versionStart: 17,
    });
    assert.equal(parseCondaSpec('scipy >=1.0,<2')?.version, undefined);
    assert.equal(parseCondaSpec('scipy>=1.0,<2')?.version, '>=1.0,<2'.slice(2));
    assert.deepEqual(parseCondaSpec('conda-forge::cython 0.29 py37'), {
      name: 'cython',
      channel: 'conda-forge',
      nameStart: 13,
      operator: ' ',
      version: '0.29',
      build: 'py37',
      versionStart: 20,
    });
    assert.equal(parseCondaSpec('cython  # comment')?.name, 'cython');
    assert.equal(parseCondaSpec('=1.0'), undefined);
  });

  it('finds the python minor', () => {
    assert.equal(pythonMinorOf(parseCondaSpec('python=3.6.6=h1')!), '3.6');
    assert.equal(pythonMinorOf(parseCondaSpec('python==3.10')!), '3.10');
    assert.equal(pythonMinorOf(parseCondaSpec('python>=3.8')!), undefined);
    assert.equal(pythonMinorOf(parseCondaSpec('python-graphviz=3.1')!), undefined);
  });
});

describe('parseCondaRequirements', () => {
  it('reads conda list --export output with ranges', () => {
    const r = parseCondaRequirements('# platform: linux-64\npython=3.6.6=h1\n  cython\n');
    assert.deepEqual(r.issues, []);
    const [py, cy] = r.value.requirements;
    assert.deepEqual(py?.range, range(1, 0, 1, 15));
    assert.deepEqual(py?.nameRange, range(1, 0, 1, 6));
    assert.deepEqual(py?.versionRange, range(1, 7, 1, 12));
    assert.equal(py?.spec.build, 'h1');
    assert.deepEqual(cy?.nameRange, range(2, 2, 2, 8));
    assert.equal(cy?.versionRange, undefined);
  });

  it('keeps @EXPLICIT URLs apart and reports unreadable lines', () => {
    const r = parseCondaRequirements('@EXPLICIT\nhttps://conda.anaconda.org/a-1.0-0.tar.bz2\n!!bad\n');
    assert.equal(r.value.urls.length, 1);
    assert.deepEqual(
      r.issues.map((i) => i.range),
      [range(2, 0, 2, 5)],
    );
  });

  it('drops a comment after a long run of blanks in linear time (issue #7)', () => {
    const started = Date.now();
    const r = parseCondaRequirements(`numpy=1.20${' '.repeat(100_000)}# pinned\nscipy${'\t'.repeat(100_000)}1.5 # c\n`);
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.requirements.map((q) => [q.spec.name, q.spec.version, q.range]),
      [
        ['numpy', '1.20', range(0, 0, 0, 10)],
        ['scipy', '1.5', range(1, 0, 1, 100_008)],
      ],
    );
  });

  it('parses every corpus conda-requirements.txt without issues', () => {
    for (const f of corpusFiles('conda-requirements.txt')) {
      assert.deepEqual(parseCondaRequirements(f.text).issues, [], f.app);
    }
  });
});
