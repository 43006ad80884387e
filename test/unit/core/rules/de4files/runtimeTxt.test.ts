import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { runtimeTxtRule } from '../../../../../src/core/rules/de4files/runtimeTxt';
import { checkApp } from '../../../../../src/core/engine/checkApp';
import { DEFAULT_ENGINE_CONFIG, normaliseEngineSettings } from '../../../../../src/core/engine/config';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../../../../../src/core/model/types';
import { parseEnvironmentYml } from '../../../../../src/core/parsers/environmentYml';
import { parseProjectToml } from '../../../../../src/core/parsers/projectToml';
import { ALL_RULES } from '../../../../../src/core/rules';
import { snapshotOf } from '../../../../support/snapshotBuilder';
import { run } from './de4RuleHarness';
import { applyFix, fixTitles } from './fixApplier';

function convert(files: Record<string, string>, options: CheckOptions = DEFAULT_CHECK_OPTIONS) {
  const [f] = run(runtimeTxtRule, files, {}, options);
  const fix = f?.fixes?.[0];
  return { finding: f, fix, after: applyFix(files, fix) };
}

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
    assert.equal(f?.fixes?.length, 1);
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

  describe('conversion', () => {
    it('pip app: creates project.toml with the schema version and the Python minor, and deletes runtime.txt (safe)', () => {
      const { fix, after } = convert({ 'runtime.txt': 'python-3.9.7\n', 'requirements.txt': 'dash\n' });
      assert.equal(fix?.safety, 'safe');
      assert.equal(after['runtime.txt'], undefined);
      assert.equal(
        after['project.toml'],
        '[_]\nschema-version = "0.2"\n\n[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\nvalue = "3.9"\n',
      );
      const parsed = parseProjectToml(after['project.toml'] ?? '').value;
      assert.equal(parsed.schemaVersion, '0.2');
      assert.deepEqual(
        parsed.buildEnv.map((e) => [e.name, e.value]),
        [['BP_CPYTHON_VERSION', '3.9']],
      );
    });

    it('merges into an existing project.toml, keeping its comments, keys and CRLF line endings', () => {
      const toml =
        '# build settings\r\n[_]\r\nname = "sales"  # shown in pack\r\n\r\n[[io.buildpacks.build.env]]\r\nname = "FOO"\r\nvalue = "1"\r\n';
      const { fix, after } = convert({ 'runtime.txt': 'python-3.11.4\r\n', 'project.toml': toml });
      assert.equal(fix?.safety, 'unsafe', 'adding schema-version switches the existing io.buildpacks table on');
      assert.equal(
        after['project.toml'],
        '# build settings\r\n[_]\r\nschema-version = "0.2"\r\nname = "sales"  # shown in pack\r\n\r\n[[io.buildpacks.build.env]]\r\nname = "FOO"\r\nvalue = "1"\r\n' +
          '\r\n[[io.buildpacks.build.env]]\r\nname = "BP_CPYTHON_VERSION"\r\nvalue = "3.11"\r\n',
      );
      const parsed = parseProjectToml(after['project.toml'] ?? '').value;
      assert.deepEqual(valueOf(parsed.data, '_'), { 'schema-version': '0.2', name: 'sales' });
      assert.deepEqual(
        parsed.buildEnv.map((e) => [e.name, e.value]),
        [
          ['FOO', '1'],
          ['BP_CPYTHON_VERSION', '3.11'],
        ],
      );
    });

    it('is safe to merge into a project.toml that already has a schema version', () => {
      const toml = '[_]\nschema-version = "0.2"\nid = "x"'; // no final newline
      const { fix, after } = convert({ 'runtime.txt': 'python-3.10.1', 'project.toml': toml });
      assert.equal(fix?.safety, 'safe');
      assert.equal(after['project.toml'], `${toml}\n\n[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\nvalue = "3.10"\n`);
    });

    it('writes to the deprecated env table when the file only uses that one, so its variables stay visible', () => {
      const toml = '[_]\nschema-version = "0.2"\n\n[[io.buildpacks.env.build]]\nname = "FOO"\nvalue = "1"\n';
      const { after } = convert({ 'runtime.txt': 'python-3.10.1', 'project.toml': toml });
      assert.match(after['project.toml'] ?? '', /\[\[io\.buildpacks\.env\.build\]\]\nname = "BP_CPYTHON_VERSION"/);
    });

    it('offers no merge into a project.toml that does not parse, or whose env table cannot take another entry', () => {
      assert.equal(convert({ 'runtime.txt': 'python-3.10.1', 'project.toml': '[_\n' }).fix, undefined);
      const inline = '[_]\nschema-version = "0.2"\n[io.buildpacks.build]\nenv = [{ name = "A", value = "1" }]\n';
      assert.equal(convert({ 'runtime.txt': 'python-3.10.1', 'project.toml': inline }).fix, undefined);
    });

    it('uses the nearest supported minor for a version DE5 does not offer, as an unsafe fix that says so', () => {
      const { fix, after } = convert({ 'runtime.txt': 'python-3.6.12\n' });
      assert.equal(fix?.safety, 'unsafe');
      assert.match(fix?.title ?? '', /3\.8 .*nearest supported; DE5 does not offer 3\.6/);
      assert.equal(
        after['project.toml'],
        '[_]\nschema-version = "0.2"\n\n' +
          '# DE4 runtime.txt asked for python-3.6.12; DE5 does not offer 3.6, so the nearest supported minor (3.8) is used.\n' +
          '[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\nvalue = "3.8"\n',
        'runtime.txt goes away, so the DE4 version stays named next to the new one',
      );
      assert.equal(parseProjectToml(after['project.toml'] ?? '').value.buildEnv[0]?.value, '3.8');
      assert.deepEqual(fixTitles(runtimeTxtRule, after, DEFAULT_CHECK_OPTIONS), []);
    });

    it('conda app: names the unsupported DE4 version in a comment on the python line', () => {
      const { fix, after } = convert({ 'runtime.txt': 'python-3.6.12\n', 'environment.yml': 'dependencies:\n  - numpy\n' });
      assert.equal(fix?.safety, 'unsafe');
      assert.equal(
        after['environment.yml'],
        'dependencies:\n  - python=3.8  # DE4 runtime.txt asked for python-3.6.12; DE5 does not offer 3.6, so the nearest supported minor (3.8) is used.\n  - numpy\n',
      );
      assert.equal(parseEnvironmentYml(after['environment.yml'] ?? '').value.python?.minor, '3.8');
    });

    it('conda app: adds python=X.Y as the first dependency of environment.yml, with its indentation', () => {
      const env = 'name: app\r\ndependencies:\r\n    - numpy=1.26  # pinned\r\n    - pip:\r\n        - dash\r\n';
      const { fix, after } = convert({ 'runtime.txt': 'python-3.9.7', 'environment.yml': env });
      assert.equal(fix?.safety, 'safe');
      assert.equal(
        after['environment.yml'],
        'name: app\r\ndependencies:\r\n    - python=3.9\r\n    - numpy=1.26  # pinned\r\n    - pip:\r\n        - dash\r\n',
      );
      assert.equal(after['runtime.txt'], undefined);
      assert.equal(parseEnvironmentYml(after['environment.yml'] ?? '').value.python?.minor, '3.9');
    });

    it('conda app: adds a dependencies list when environment.yml has none', () => {
      const { after } = convert({ 'runtime.txt': 'python-3.9.7', 'environment.yml': 'name: app' });
      assert.equal(after['environment.yml'], 'name: app\ndependencies:\n  - python=3.9\n');
    });

    it('conda app with only conda-requirements.txt: leaves runtime.txt to the conda conversion', () => {
      const { finding, fix } = convert({ 'runtime.txt': 'python-3.9.7', 'conda-requirements.txt': 'numpy\n' });
      assert.ok(finding);
      assert.equal(fix, undefined);
    });

    it('only deletes runtime.txt when project.toml already sets the same version; differing versions stay a finding', () => {
      const toml = '[_]\nschema-version = "0.2"\n[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\nvalue = "3.9"\n';
      const same = convert({ 'runtime.txt': 'python-3.9.1\n', 'project.toml': toml });
      assert.deepEqual(same.fix, { title: 'Delete runtime.txt', safety: 'safe', edits: [{ kind: 'delete', file: 'runtime.txt' }] });
      const other = convert({ 'runtime.txt': 'python-3.8.1\n', 'project.toml': toml });
      assert.equal(other.finding?.severity, 'info');
      assert.equal(other.fix, undefined);
    });

    it('is idempotent: after the fix, checking the app again offers no runtime or schema fix', () => {
      const apps: Record<string, string>[] = [
        { 'runtime.txt': 'python-3.9.7\n', 'requirements.txt': 'dash\n' },
        { 'runtime.txt': 'python-3.9.7\n', 'requirements.txt': 'dash\n', 'project.toml': '[_]\nid = "x"\n' },
        { 'runtime.txt': 'python-3.9.7', 'environment.yml': 'dependencies:\n  - numpy\n' },
      ];
      for (const files of apps) {
        const { after } = convert(files);
        const report = checkApp(snapshotOf(after), ALL_RULES, DEFAULT_ENGINE_CONFIG);
        const left = report.findings.filter((f) => f.rule === 'runtime-txt' || f.rule === 'project-toml-schema');
        assert.deepEqual(left, [], JSON.stringify(left));
        assert.deepEqual(fixTitles(runtimeTxtRule, after, DEFAULT_CHECK_OPTIONS), []);
      }
    });

    it('follows a profile override of the Python variable name, and recognises it afterwards', () => {
      const { options } = normaliseEngineSettings({ profile: { pythonVersionEnv: 'BP_PYTHON_VERSION' } });
      const { after } = convert({ 'runtime.txt': 'python-3.9.7\n' }, options);
      assert.match(after['project.toml'] ?? '', /name = "BP_PYTHON_VERSION"\nvalue = "3\.9"/);
      assert.deepEqual(fixTitles(runtimeTxtRule, after, options), []);
    });
  });
});

function valueOf(data: unknown, key: string): unknown {
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
}
