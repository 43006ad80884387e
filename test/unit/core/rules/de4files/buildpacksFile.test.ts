import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { buildpacksFileRule } from '../../../../../src/core/rules/de4files/buildpacksFile';
import { run } from './de4RuleHarness';

describe('buildpacks-file', () => {
  it('asks to remove .buildpacks, offering an unsafe delete', () => {
    const [f, ...rest] = run(buildpacksFileRule, { '.buildpacks': 'https://github.com/plotly/conda-buildpack.git\n' });
    assert.equal(rest.length, 0);
    assert.deepEqual(f?.range, range(0, 0, 0, 45));
    assert.match(f?.message ?? '', /\(conda-buildpack\); DE5 builds with Cloud Native Buildpacks/);
    assert.match(f?.message ?? '', /environment\.yml/);
    assert.deepEqual(f?.fixes, [
      {
        title: 'Delete .buildpacks (https://github.com/plotly/conda-buildpack.git)',
        safety: 'unsafe',
        edits: [{ kind: 'delete', file: '.buildpacks' }],
      },
    ]);
  });

  it('names every buildpack, with its ref, in the delete title', () => {
    const [f] = run(buildpacksFileRule, {
      '.buildpacks': 'https://github.com/heroku/heroku-buildpack-python#v1\n# off\ngit@github.com:x/apt.git\n',
    });
    assert.equal(
      f?.fixes?.[0]?.title,
      'Delete .buildpacks (https://github.com/heroku/heroku-buildpack-python#v1, git@github.com:x/apt.git)',
    );
  });

  it('is silent without .buildpacks', () => {
    assert.deepEqual(run(buildpacksFileRule, { 'requirements.txt': 'dash\n' }), []);
  });

  it('copes with a malformed .buildpacks', () => {
    const [f] = run(buildpacksFileRule, { '.buildpacks': '\nheroku/python\n' });
    assert.deepEqual(f?.range, range(1, 0, 1, 13));
    assert.doesNotMatch(f?.message ?? '', /environment\.yml/);
    assert.equal(f?.fixes?.[0]?.title, 'Delete .buildpacks');
  });
});
