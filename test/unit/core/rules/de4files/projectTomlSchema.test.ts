import assert from 'node:assert/strict';
import { normaliseEngineSettings } from '../../../../../src/core/engine/config';
import { range } from '../../../../../src/core/model/text';
import { projectTomlSchemaRule } from '../../../../../src/core/rules/de4files/projectTomlSchema';
import { applied, run } from './de4RuleHarness';

const check = (text: string) => run(projectTomlSchemaRule, { 'project.toml': text });
const env = (value: string) =>
  `[_]\nschema-version = "0.2"\n\n[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\nvalue = "${value}"\n`;

describe('project-toml-schema', () => {
  it('accepts a valid schema 0.2 descriptor', () => {
    const text = [
      '[_]',
      'schema-version = "0.2"',
      'id = "my-app"',
      '[[_.licenses]]',
      'type = "MIT"',
      '[_.metadata]',
      'anything = 1',
      '[io.buildpacks]',
      'exclude = ["data/"]',
      '[[io.buildpacks.group]]',
      'uri = "docker://x"',
      '[[io.buildpacks.build.env]]',
      'name = "BP_CPYTHON_VERSION"',
      'value = "3.10"',
      '[com.example.tool]',
      'x = 1',
      '',
    ].join('\n');
    assert.deepEqual(check(text), []);
  });

  it('without [_] schema-version: warning and a safe fix that inserts it at the top', () => {
    const text = '# DE5 project\r\n[scripts]\r\npredeploy = "predeploy.sh"';
    const out = check(text);
    const missing = out.find((f) => /schema-version/.test(f.message));
    assert.equal(missing?.severity, 'warning');
    assert.deepEqual(missing?.range, range(1, 0, 1, 9));
    assert.equal(missing?.fixes?.[0]?.safety, 'safe');
    assert.equal(
      applied(text, missing?.fixes?.[0], 'project.toml'),
      '# DE5 project\r\n[_]\r\nschema-version = "0.2"\r\n\r\n[scripts]\r\npredeploy = "predeploy.sh"',
    );
    const scripts = out.find((f) => /\[scripts\]/.test(f.message));
    assert.equal(scripts?.severity, 'info');
    assert.deepEqual(scripts?.range, range(1, 0, 1, 9));
  });

  it('follows the DE5 profile: its schema version in the fix, its Python variable in the version check', () => {
    const { options } = normaliseEngineSettings({ profile: { schemaVersion: '0.3', pythonVersionEnv: 'PY_VER' } });
    const [missing] = run(projectTomlSchemaRule, { 'project.toml': '[_]\nid = "x"\n' }, {}, options);
    assert.equal(applied('[_]\nid = "x"\n', missing?.fixes?.[0], 'project.toml'), '[_]\nschema-version = "0.3"\nid = "x"\n');
    const text = '[_]\nschema-version = "0.2"\n[[io.buildpacks.build.env]]\nname = "PY_VER"\nvalue = "2.7"\n';
    const [old] = run(projectTomlSchemaRule, { 'project.toml': text }, {}, options);
    assert.match(old?.message ?? '', /not 2\.7; use `"3\.8"`/);
  });

  it('without schema-version but with io.buildpacks tables: error, and the fix is unsafe', () => {
    const text = '[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\nvalue = "3.10"\n';
    const [f, ...rest] = check(text);
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'error');
    assert.match(f?.message ?? '', /ignore its `io\.buildpacks` tables/);
    assert.equal(f?.fixes?.[0]?.safety, 'unsafe');
    assert.equal(applied(text, f?.fixes?.[0], 'project.toml'), `[_]\nschema-version = "0.2"\n\n${text}`);
  });

  it('inserts under an existing [_] and appends when root keys come first', () => {
    const under = '[_]\nid = "x"\n';
    const [u] = check(under);
    assert.equal(applied(under, u?.fixes?.[0], 'project.toml'), '[_]\nschema-version = "0.2"\nid = "x"\n');
    const root = 'title = "x"';
    const [r] = check(root);
    assert.equal(
      applied(
        root,
        r?.fixes?.find((x) => /schema-version/.test(x.title)),
        'project.toml',
      ),
      'title = "x"\n\n[_]\nschema-version = "0.2"\n',
    );
  });

  it('reports unknown and non-string schema versions, and 0.1 with io.buildpacks', () => {
    assert.deepEqual(
      check('[_]\nschema-version = "0.9"\n').map((f) => [f.severity, f.range]),
      [['error', range(1, 0, 1, 22)]],
    );
    assert.equal(check('[_]\nschema-version = 0.2\n')[0]?.severity, 'error');
    assert.equal(check('[_]\nschema-version = "0.1"\n')[0]?.severity, 'warning');
    assert.equal(check('[_]\nschema-version = "0.1"\n[io.buildpacks]\nbuilder = "b"\n')[0]?.severity, 'error');
  });

  it('reports include with exclude, bad groups, licenses and unknown keys', () => {
    const text = [
      '[_]',
      'schema-version = "0.2"',
      'colour = "red"',
      '[[_.licenses]]',
      'name = "MIT"',
      '[io.buildpacks]',
      'include = ["a"]',
      'exclude = ["b"]',
      'bulder = "typo"',
      '[[io.buildpacks.group]]',
      'version = "1.0"',
      '[[io.buildpacks.group]]',
      'uri = "x"',
      'version = "1.0"',
      '[scripts2]',
      'a = 1',
      '',
    ].join('\n');
    const out = check(text).map((f) => [f.severity, f.range.start.line]);
    assert.deepEqual(out, [
      ['warning', 2],
      ['error', 3],
      ['warning', 8],
      ['error', 7],
      ['error', 9],
      ['error', 11],
      ['warning', 14],
    ]);
  });

  it('reports env entries without name or value and the deprecated spelling', () => {
    const text =
      '[_]\nschema-version = "0.2"\n[[io.buildpacks.env.build]]\nvalue = "1"\n[[io.buildpacks.env.build]]\nname = "A"\nvalue = 1\n';
    const out = check(text).map((f) => [f.severity, f.range.start.line, f.message.slice(0, 40)]);
    assert.deepEqual(out, [
      ['warning', 2, '`[[io.buildpacks.env.build]]` is the dep'],
      ['error', 2, 'This build env entry has no `name`; ever'],
      ['error', 6, 'Build env `A` needs a string `value`, e.'],
    ]);
  });

  it('checks BP_CPYTHON_VERSION against the DE5 minors', () => {
    assert.deepEqual(check(env('3.10')), []);
    const [old] = check(env('3.6'));
    assert.equal(old?.severity, 'warning');
    assert.deepEqual(old?.range, range(5, 0, 5, 13));
    assert.match(old?.message ?? '', /supports Python 3\.8 to 3\.12, not 3\.6; use `"3\.8"`/);
    assert.match(check(env('3.10.4'))[0]?.message ?? '', /write `"3\.10"`/);
    assert.equal(check(env('latest'))[0]?.severity, 'error');
  });

  it('leaves TOML syntax errors to parse-error and is silent without project.toml', () => {
    assert.deepEqual(check('[_\nschema-version = '), []);
    assert.deepEqual(run(projectTomlSchemaRule, { 'requirements.txt': 'dash\n' }), []);
  });
});
