import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { appJsonScriptsRule } from '../../../../../src/core/rules/de4files/appJsonScripts';
import { run } from './de4RuleHarness';

describe('app-json-scripts', () => {
  it('reports predeploy and postdeploy on their command, with their DE4 semantics', () => {
    const json =
      '{\n  "scripts": {\n    "dokku": {\n      "predeploy": "bash /app/setup",\n      "postdeploy": "python warm.py"\n    }\n  }\n}\n';
    const out = run(appJsonScriptsRule, { 'app.json': json });
    assert.deepEqual(
      out.map((f) => f.range),
      [range(3, 19, 3, 36), range(4, 20, 4, 36)],
    );
    assert.match(out[0]?.message ?? '', /move this predeploy command to project\.toml \(it ran once while the image was built/);
    assert.match(out[1]?.message ?? '', /postdeploy.*file changes were not kept/);
    assert.ok(out.every((f) => /TODO comment/.test(f.message) && /DE5 conversion/.test(f.message) && !f.severity));
  });

  it('suggests the Aptfile for a predeploy that installs system packages, and reads Heroku scripts.postdeploy', () => {
    const out = run(appJsonScriptsRule, {
      'app.json': '{"scripts": {"dokku": {"predeploy": "apt-get install -y libpq-dev"}, "postdeploy": "x"}}',
    });
    assert.equal(out.length, 2);
    assert.match(out[0]?.message ?? '', /list them in the Aptfile/);
    assert.match(out[1]?.message ?? '', /postdeploy/);
  });

  it('reports healthchecks as info', () => {
    const json = '{\n\t"healthchecks": {\n\t\t"web": {"readiness": {"httpGet": {"path": "/", "port": 5000}}}\n\t}\n}';
    const [f, ...rest] = run(appJsonScriptsRule, { 'app.json': json });
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'info');
    assert.deepEqual(f?.range, range(1, 1, 1, 15));
    assert.match(f?.message ?? '', /no equivalent of app\.json `healthchecks` \(web readiness\)/);
  });

  it('is silent without app.json or without scripts and health checks', () => {
    assert.deepEqual(run(appJsonScriptsRule, { Procfile: 'web: x\n' }), []);
    assert.deepEqual(run(appJsonScriptsRule, { 'app.json': '{"name": "x", "scripts": {"dokku": {"other": "y"}}}' }), []);
  });

  it('still reports what parses in a broken app.json, without throwing', () => {
    const out = run(appJsonScriptsRule, { 'app.json': '{\n  "scripts": {"dokku": {"predeploy": "a",}}\n' });
    assert.deepEqual(
      out.map((f) => f.range),
      [range(1, 37, 1, 40)],
    );
    assert.deepEqual(run(appJsonScriptsRule, { 'app.json': '[' }), []);
  });
});
