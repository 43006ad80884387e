import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { runtimeTxtRule } from '../../../../../src/core/rules/de4files/runtimeTxt';
import { run } from './de4RuleHarness';

describe('runtime-txt', () => {
  it('says where the version goes on DE5 for a pip app, with the CLI alternative', () => {
    const [f, ...rest] = run(runtimeTxtRule, { 'runtime.txt': 'python-3.9.16\n', 'requirements.txt': 'dash\n' });
    assert.equal(rest.length, 0);
    assert.equal(f?.file, 'runtime.txt');
    assert.deepEqual(f?.range, range(0, 0, 0, 13));
    assert.equal(f?.severity, undefined);
    assert.match(f?.message ?? '', /project\.toml.*BP_CPYTHON_VERSION/);
    assert.match(f?.message ?? '', /de apps update --name <app> --python-version 3\.9/);
    assert.match(f?.message ?? '', /DE5 conversion/);
    assert.doesNotMatch(f?.message ?? '', /nearest/);
    assert.equal(f?.fixes, undefined);
  });

  it('maps an unsupported version to the nearest DE5 minor', () => {
    const [f] = run(runtimeTxtRule, { 'runtime.txt': 'python-2.7.13\n' });
    assert.match(f?.message ?? '', /Python 3\.8 in project\.toml/);
    assert.match(f?.message ?? '', /does not offer Python 2\.7; the nearest supported version is 3\.8/);
  });

  it('points conda apps to environment.yml', () => {
    const [f] = run(runtimeTxtRule, { 'runtime.txt': 'python-3.10.2', 'conda-requirements.txt': 'numpy\n' });
    assert.match(f?.message ?? '', /`python=3\.10` in environment\.yml/);
  });

  it('is only informational when project.toml or environment.yml already sets the version', () => {
    const toml = '[_]\nschema-version = "0.2"\n[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\nvalue = "3.11"\n';
    const [f] = run(runtimeTxtRule, { 'runtime.txt': 'python-3.9.1\n', 'project.toml': toml });
    assert.equal(f?.severity, 'info');
    assert.match(f?.message ?? '', /project\.toml already sets Python 3\.11 \(runtime\.txt asks for 3\.9\)/);
  });

  it('is silent without runtime.txt', () => {
    assert.deepEqual(run(runtimeTxtRule, { 'requirements.txt': 'dash\n', Procfile: 'web: gunicorn app:server\n' }), []);
  });

  it('still reports a malformed runtime.txt, on its first line, without throwing', () => {
    const [f] = run(runtimeTxtRule, { 'runtime.txt': '\n  pypy3.6 \n' });
    assert.deepEqual(f?.range, range(1, 2, 1, 9));
    assert.match(f?.message ?? '', /default Python \(3\.10\)/);
    assert.equal(run(runtimeTxtRule, { 'runtime.txt': '' }, { skipped: { 'runtime.txt': 'binary' } }).length, 1);
  });
});
