import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { requirementsMasksCondaRule } from '../../../../../src/core/rules/de4files/requirementsMasksConda';
import { run } from './de4RuleHarness';

describe('requirements-masks-conda', () => {
  it('reports requirements.txt next to environment.yml', () => {
    const [f, ...rest] = run(requirementsMasksCondaRule, {
      'environment.yml': 'dependencies:\n  - numpy\n',
      'requirements.txt': 'dash==2.17.0\nflask\n',
    });
    assert.equal(rest.length, 0);
    assert.equal(f?.file, 'requirements.txt');
    assert.deepEqual(f?.range, range(0, 0, 0, 12));
    assert.match(
      f?.message ?? '',
      /ignores environment\.yml.*under `pip:` in environment\.yml and delete requirements\.txt; the DE5 conversion will do this/,
    );
    assert.equal(f?.fixes, undefined);
  });

  it('also fires for environment.yaml and an empty or unreadable requirements.txt', () => {
    assert.equal(run(requirementsMasksCondaRule, { 'environment.yaml': '', 'requirements.txt': '' }).length, 1);
    const [f] = run(
      requirementsMasksCondaRule,
      { 'environment.yml': 'x: [', 'requirements.txt': '' },
      { skipped: { 'requirements.txt': 'encoding' } },
    );
    assert.deepEqual(f?.range, range(0, 0, 0, 0));
  });

  it('is silent for pip-only, conda-only and DE4 conda-requirements.txt apps', () => {
    assert.deepEqual(run(requirementsMasksCondaRule, { 'requirements.txt': 'dash\n' }), []);
    assert.deepEqual(run(requirementsMasksCondaRule, { 'environment.yml': 'dependencies: []\n' }), []);
    assert.deepEqual(run(requirementsMasksCondaRule, { 'conda-requirements.txt': 'numpy\n', 'requirements.txt': 'dash\n' }), []);
  });
});
