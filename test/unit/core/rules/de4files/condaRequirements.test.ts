import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { condaRequirementsRule } from '../../../../../src/core/rules/de4files/condaRequirements';
import { run } from './de4RuleHarness';

describe('conda-requirements', () => {
  it('asks to move the DE4 conda files into environment.yml', () => {
    const out = run(condaRequirementsRule, {
      'conda-requirements.txt': '# export\nnumpy=1.16.2=py37_0\npython=3.7.3=h0\n',
      'conda-runtime.txt': 'Miniconda3-4.5.12\n',
      '.condarc': 'channels:\n  - plotly\n  - defaults\n',
    });
    assert.deepEqual(
      out.map((f) => [f.file, f.range]),
      [
        ['conda-requirements.txt', range(1, 0, 1, 19)],
        ['conda-runtime.txt', range(0, 0, 0, 17)],
        ['.condarc', range(1, 4, 1, 10)],
      ],
    );
    assert.match(out[0]?.message ?? '', /move its 2 packages to an environment\.yml as `name=version` entries/);
    assert.match(out[1]?.message ?? '', /`python=X\.Y` in environment\.yml/);
    assert.match(out[2]?.message ?? '', /channels \(plotly and defaults\) under `channels:`/);
    assert.ok(out.every((f) => /DE5 conversion/.test(f.message)));
  });

  it('says merge when environment.yml exists, and delete when the file is empty', () => {
    const [merge] = run(condaRequirementsRule, { 'conda-requirements.txt': 'cython\n', 'environment.yml': 'dependencies: []\n' });
    assert.match(merge?.message ?? '', /move its package into environment\.yml/);
    const [empty] = run(condaRequirementsRule, { 'conda-requirements.txt': '' });
    assert.deepEqual(empty?.range, range(0, 0, 0, 0));
    assert.match(empty?.message ?? '', /lists none here: delete it/);
  });

  it('is silent for an environment.yml app', () => {
    assert.deepEqual(run(condaRequirementsRule, { 'environment.yml': 'dependencies:\n  - python=3.10\n' }), []);
  });

  it('still reports malformed files without throwing', () => {
    const out = run(condaRequirementsRule, { 'conda-requirements.txt': '!!\n', '.condarc': 'channels: [\n' });
    assert.deepEqual(
      out.map((f) => [f.file, f.range.start.line]),
      [
        ['conda-requirements.txt', 0],
        ['.condarc', 0],
      ],
    );
  });
});
