import assert from 'node:assert/strict';
import { normaliseEngineSettings } from '../../../../src/core/engine/config';
import {
  DEFAULT_DE5_PROFILE,
  expandTemplate,
  normaliseProfile,
  packageIndexUrl,
  type ProfileEntry,
} from '../../../../src/core/profile/de5Profile';

describe('DE5 profile', () => {
  it('holds every DE5 convention, each marked confirmed or assumed with a source', () => {
    const p = DEFAULT_DE5_PROFILE;
    assert.equal(p.schemaVersion.value, '0.2');
    assert.equal(p.pythonVersionEnv.value, 'BP_CPYTHON_VERSION');
    assert.deepEqual(p.pythonSupported.value, ['3.8', '3.9', '3.10', '3.11', '3.12']);
    assert.equal(p.pythonDefault.value, '3.10');
    assert.equal(p.packageIndexUrl.value, 'https://{host}/packages');
    assert.deepEqual(p.deployScripts.value, { mode: 'comment' });
    assert.equal(p.gitRemoteUrl.value, 'git@{host}:{app}');
    assert.equal(p.gitBranch.value, 'main');
    const entries: readonly ProfileEntry<unknown>[] = Object.values(p);
    for (const e of entries) {
      assert.ok(['confirmed', 'assumed'].includes(e.status));
      assert.notEqual(e.source, '');
    }
    assert.equal(p.pythonVersionEnv.status, 'assumed');
    assert.equal(p.deployScripts.status, 'assumed');
    assert.ok(Object.isFrozen(p) && Object.isFrozen(p.pythonSupported.value));
  });

  it('merges a valid override field by field and marks those fields as the user’s', () => {
    const p = normaliseProfile({
      pythonVersionEnv: 'BP_PYTHON_VERSION',
      pythonSupported: ['3.12', '3.11', '3.11', 'x'],
      pythonDefault: '3.11',
      packageIndexUrl: 'https://{host}/pypi/simple',
      deployScripts: { mode: 'table', table: 'scripts' },
      gitRemoteUrl: 'ssh://git@{host}:22/{app}',
      gitBranch: 'release',
    });
    assert.equal(p.pythonVersionEnv.value, 'BP_PYTHON_VERSION');
    assert.equal(p.pythonVersionEnv.status, 'confirmed');
    assert.deepEqual(p.pythonSupported.value, ['3.11', '3.12']);
    assert.equal(p.pythonDefault.value, '3.11');
    assert.deepEqual(p.deployScripts.value, { mode: 'table', table: 'scripts', predeploy: 'predeploy', postdeploy: 'postdeploy' });
    assert.equal(p.gitBranch.value, 'release');
    assert.equal(p.schemaVersion, DEFAULT_DE5_PROFILE.schemaVersion);
    assert.equal(packageIndexUrl(p, 'de5.example.com'), 'https://de5.example.com/pypi/simple');
    assert.equal(expandTemplate(p.gitRemoteUrl.value, { host: 'h', app: 'a' }), 'ssh://git@h:22/a');
  });

  it('ignores bad values and bad shapes without throwing', () => {
    for (const raw of [undefined, null, 3, 'x', [], { pythonSupported: [] }]) {
      assert.deepEqual(normaliseProfile(raw), DEFAULT_DE5_PROFILE);
    }
    const p = normaliseProfile({
      schemaVersion: 2,
      pythonVersionEnv: 'BP CPYTHON',
      pythonDefault: '2.7',
      packageIndexUrl: 'https://fixed.example.com/packages',
      deployScripts: { mode: 'table', table: '_' },
      gitRemoteUrl: 'git@{host}',
      gitBranch: '-delete',
    });
    assert.deepEqual(p, DEFAULT_DE5_PROFILE);
  });

  it('reaches the check options through the engine settings; the flat Python settings still win', () => {
    const { options } = normaliseEngineSettings({
      profile: { pythonDefault: '3.12', pythonVersionEnv: 'X_PY' },
      de5PythonSupported: ['3.11', '3.12'],
    });
    assert.equal(options.profile.pythonVersionEnv.value, 'X_PY');
    assert.equal(options.de5PythonDefault, '3.12');
    assert.deepEqual(options.de5PythonSupported, ['3.11', '3.12']);
    assert.deepEqual(options.profile.pythonSupported.value, ['3.11', '3.12']);
    const bad = normaliseEngineSettings({ profile: { pythonDefault: '3.12' }, de5PythonDefault: 'nope' });
    assert.equal(bad.options.de5PythonDefault, '3.12');
  });
});
