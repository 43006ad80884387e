import assert from 'node:assert/strict';
import { range } from '../../../../src/core/model/text';
import { DEFAULT_CHECK_OPTIONS } from '../../../../src/core/model/types';
import { de5PythonFor, nearestSupportedMinor } from '../../../../src/core/rules/pythonVersion';
import { appOf } from '../../../support/snapshotBuilder';

const OPTS = DEFAULT_CHECK_OPTIONS;
const TOML = '[_]\nschema-version = "0.2"\n\n[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\nvalue = "3.11"\n';

describe('de5PythonFor', () => {
  it('prefers project.toml BP_CPYTHON_VERSION over every other declaration', () => {
    const app = appOf({
      'project.toml': TOML,
      'environment.yml': 'dependencies:\n  - python=3.9\n',
      'runtime.txt': 'python-3.8.1\n',
    });
    assert.deepEqual(de5PythonFor(app, OPTS), { minor: '3.11', source: 'project.toml', file: 'project.toml', range: range(5, 0, 5, 14) });
  });

  it('reads the deprecated [[io.buildpacks.env.build]] spelling and semver constraints', () => {
    const app = appOf({ 'project.toml': '[[io.buildpacks.env.build]]\nname = "BP_CPYTHON_VERSION"\nvalue = "~3.9.*"\n' });
    assert.equal(de5PythonFor(app, OPTS).minor, '3.9');
  });

  it('then environment.yml (or .yaml) python=X.Y', () => {
    const app = appOf({ 'environment.yaml': 'dependencies:\n  - python=3.12.1\n', 'runtime.txt': 'python-3.8.1\n' });
    assert.deepEqual(de5PythonFor(app, OPTS), {
      minor: '3.12',
      source: 'environment.yml',
      file: 'environment.yaml',
      range: range(1, 4, 1, 17),
    });
  });

  it('then runtime.txt, moved to the nearest supported minor', () => {
    const app = appOf({ 'runtime.txt': 'python-3.6.6\n', 'conda-requirements.txt': 'python=3.9.0=h1\n' });
    assert.deepEqual(de5PythonFor(app, OPTS), {
      minor: '3.8',
      source: 'runtime.txt',
      file: 'runtime.txt',
      range: range(0, 0, 0, 12),
      requested: '3.6',
    });
  });

  it('then conda-requirements.txt python=X.Y', () => {
    const app = appOf({ 'conda-requirements.txt': 'numpy=1.16\npython=3.9.0=h1\n' });
    assert.deepEqual(de5PythonFor(app, OPTS), {
      minor: '3.9',
      source: 'conda-requirements.txt',
      file: 'conda-requirements.txt',
      range: range(1, 0, 1, 15),
    });
  });

  it('falls back to the default when nothing (or nothing usable) declares a version', () => {
    assert.deepEqual(de5PythonFor(appOf({ 'requirements.txt': 'dash\n' }), OPTS), { minor: '3.10', source: 'default' });
    const broken = appOf({
      'project.toml': '[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\nvalue = "latest"\n',
      'runtime.txt': 'garbage',
      'environment.yml': 'dependencies: [\n',
    });
    assert.deepEqual(de5PythonFor(broken, { ...OPTS, de5PythonDefault: '3.11' }), { minor: '3.11', source: 'default' });
  });
});

describe('nearestSupportedMinor', () => {
  const supported = ['3.8', '3.9', '3.10', '3.11', '3.12'];
  it('keeps a supported minor and moves others to the nearest', () => {
    assert.equal(nearestSupportedMinor('3.10', supported), '3.10');
    assert.equal(nearestSupportedMinor('3.6', supported), '3.8');
    assert.equal(nearestSupportedMinor('2.7', supported), '3.8');
    assert.equal(nearestSupportedMinor('3.13', supported), '3.12');
    assert.equal(nearestSupportedMinor('3.9', ['3.8', '3.10']), '3.10');
  });
});
