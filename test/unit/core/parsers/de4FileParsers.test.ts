import assert from 'node:assert/strict';
import { range } from '../../../../src/core/model/text';
import { FILE_PARSERS } from '../../../../src/core/parsers/registry';
import { parseErrorRule } from '../../../../src/core/rules/builtin/parseError';
import { DEFAULT_CHECK_OPTIONS } from '../../../../src/core/model/types';
import { appOf } from '../../../support/snapshotBuilder';

const BROKEN: Record<string, string> = {
  'runtime.txt': 'python3.9\n',
  'apt-packages': 'ok\n"bad"\n',
  apt: '"bad"\n',
  Aptfile: 'deb http://x focal main\n',
  'apt-repositories': 'nope\n',
  'app.json': '{\n  "a": 1,\n}\n',
  DOKKU_SCALE: 'web=1\nworker\n',
  CHECKS: 'WAIT=x\n',
  'conda-requirements.txt': 'numpy\n!!\n',
  'conda-runtime.txt': 'Anaconda\n',
  '.condarc': 'channels: [\n',
  'environment.yml': 'dependencies: 1\n',
  'environment.yaml': '- a\n',
  'project.toml': '[_]\nschema-version =\n',
  '.buildpacks': 'heroku/python\n',
};

describe('DE4/DE5 file parsers in the registry', () => {
  it('every DE4/DE5 project file has exactly one parser', () => {
    for (const name of Object.keys(BROKEN)) {
      assert.equal(FILE_PARSERS.filter((p) => p.matches(name)).length, 1, name);
    }
    assert.equal(FILE_PARSERS.filter((p) => p.matches('sub/runtime.txt')).length, 0, 'only the app root file is the project file');
  });

  it('parse-error reports each broken file on the offending line', () => {
    const findings = parseErrorRule.check(appOf(BROKEN), DEFAULT_CHECK_OPTIONS);
    const byFile = new Map(findings.map((f) => [f.file, f.range.start.line]));
    assert.deepEqual(Object.fromEntries([...byFile].sort()), {
      '.buildpacks': 0,
      '.condarc': 1,
      Aptfile: 0,
      CHECKS: 0,
      DOKKU_SCALE: 1,
      'app.json': 1,
      apt: 0,
      'apt-packages': 1,
      'apt-repositories': 0,
      'conda-requirements.txt': 1,
      'conda-runtime.txt': 0,
      'environment.yaml': 0,
      'environment.yml': 0,
      'project.toml': 1,
      'runtime.txt': 0,
    });
    assert.deepEqual(findings.find((f) => f.file === 'app.json')?.range, range(1, 8, 1, 9));
  });
});
