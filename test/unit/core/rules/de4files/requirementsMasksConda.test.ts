import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { parseEnvironmentYml } from '../../../../../src/core/parsers/environmentYml';
import { requirementsMasksCondaRule } from '../../../../../src/core/rules/de4files/requirementsMasksConda';
import { applyFix, offeredFixTitles, run } from './de4RuleHarness';

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
  });

  it('moves the requirements into the pip: list with a safe text edit that keeps comments', () => {
    const files = {
      'environment.yml': '# conda\r\nname: app\r\ndependencies:\r\n  - numpy=1.26  # pinned\r\n',
      'requirements.txt': '--extra-index-url https://h/packages\ndash==2.17.0  # web\nflask\n',
    };
    const fix = run(requirementsMasksCondaRule, files)[0]?.fixes?.[0];
    assert.equal(fix?.safety, 'safe');
    assert.equal(fix?.title, 'Move requirements.txt into the pip: list of environment.yml');
    const after = applyFix(files, fix);
    assert.deepEqual(after, {
      'environment.yml': [
        '# conda',
        'name: app',
        'dependencies:',
        '  - numpy=1.26  # pinned',
        '  - pip',
        '  - pip:',
        '    # DE5 does not document whether it honours pip options in this list; check the build log.',
        '    - --extra-index-url https://h/packages',
        '    - dash==2.17.0  # web',
        '    - flask',
        '',
      ].join('\r\n'),
    });
    assert.deepEqual(parseEnvironmentYml(after['environment.yml'] ?? '').issues, []);
    assert.deepEqual(offeredFixTitles(after), []);
  });

  it('extends an existing pip: list and is unsafe when it pins a package differently', () => {
    const files = { 'environment.yaml': 'dependencies:\n- pip\n- pip:\n  - dash==2.0\n', 'requirements.txt': 'dash==2.17.0\nflask\n' };
    const fix = run(requirementsMasksCondaRule, files)[0]?.fixes?.[0];
    assert.equal(fix?.safety, 'unsafe');
    assert.equal(applyFix(files, fix)['environment.yaml'], 'dependencies:\n- pip\n- pip:\n  - dash==2.0\n  - flask\n');
  });

  it('offers no fix when environment.yml cannot be extended or a file is unreadable', () => {
    assert.equal(
      run(requirementsMasksCondaRule, { 'environment.yml': 'dependencies: [numpy]\n', 'requirements.txt': 'x\n' })[0]?.fixes,
      undefined,
    );
    assert.equal(run(requirementsMasksCondaRule, { 'environment.yml': 'x: [', 'requirements.txt': 'x\n' })[0]?.fixes, undefined);
    const skipped = run(
      requirementsMasksCondaRule,
      { 'environment.yml': '', 'requirements.txt': 'x\n' },
      { skipped: { 'requirements.txt': 'encoding' } },
    );
    assert.equal(skipped[0]?.fixes, undefined);
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
