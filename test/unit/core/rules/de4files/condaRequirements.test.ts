import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { condaRequirementsRule } from '../../../../../src/core/rules/de4files/condaRequirements';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { parseCondaRequirements } from '../../../../../src/core/parsers/condaRequirements';
import { parseEnvironmentYml } from '../../../../../src/core/parsers/environmentYml';
import { pipLinesOf } from '../../../../../src/core/convert/environmentYmlWriter';
import { DEFAULT_CHECK_OPTIONS } from '../../../../../src/core/model/types';
import { applyFix, offeredFixTitles, run } from './de4RuleHarness';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', '..', '..', '..', 'shared', 'corpus');

describe('conda-requirements', () => {
  it('asks to move the DE4 conda files into environment.yml', () => {
    const out = run(condaRequirementsRule, {
      'conda-requirements.txt': '# export\nnumpy=1.16.2=py37_0\npython=3.7.3=h0\n',
      'conda-runtime.txt': 'Miniconda3-4.5.12\n',
      '.condarc': 'channels:\n  - plotly\n  - defaults\n',
    });
    assert.deepEqual(
      out.map((f) => [f.file, f.range]),
      [
        ['conda-requirements.txt', range(1, 0, 1, 19)],
        ['conda-runtime.txt', range(0, 0, 0, 17)],
        ['.condarc', range(1, 4, 1, 10)],
      ],
    );
    assert.match(out[0]?.message ?? '', /move its 2 packages to an environment\.yml as `name=version` entries/);
    assert.match(out[1]?.message ?? '', /`python=X\.Y` in environment\.yml/);
    assert.match(out[2]?.message ?? '', /channels \(plotly and defaults\) under `channels:`/);
    assert.ok(out.every((f) => /DE5 conversion/.test(f.message)));
  });

  it('says merge when environment.yml exists, and delete when the file is empty', () => {
    const [merge] = run(condaRequirementsRule, { 'conda-requirements.txt': 'cython\n', 'environment.yml': 'dependencies: []\n' });
    assert.match(merge?.message ?? '', /move its package into environment\.yml/);
    const [empty] = run(condaRequirementsRule, { 'conda-requirements.txt': '' });
    assert.deepEqual(empty?.range, range(0, 0, 0, 0));
    assert.match(empty?.message ?? '', /lists none here: delete it/);
  });

  it('is silent for an environment.yml app', () => {
    assert.deepEqual(run(condaRequirementsRule, { 'environment.yml': 'dependencies:\n  - python=3.10\n' }), []);
  });

  it('still reports malformed files without throwing', () => {
    const out = run(condaRequirementsRule, { 'conda-requirements.txt': '!!\n', '.condarc': 'channels: [\n' });
    assert.deepEqual(
      out.map((f) => [f.file, f.range.start.line]),
      [
        ['conda-requirements.txt', 0],
        ['.condarc', 0],
      ],
    );
  });

  it('converts the DE4 conda files to environment.yml with a safe fix', () => {
    const files = {
      'conda-requirements.txt': '# export\r\nnumpy=1.16.2=py39_0\r\npython=3.9.7=h0\r\n',
      'conda-runtime.txt': 'Miniconda3-4.5.12\r\n',
      '.condarc': 'channels:\n  - plotly\n  - defaults\n',
      'requirements.txt': 'dash==2.17.0\r\ngunicorn\r\n',
    };
    const out = run(condaRequirementsRule, files);
    const fix = out[0]?.fixes?.[0];
    assert.ok(out.every((f) => f.fixes?.[0] === fix));
    assert.equal(fix?.safety, 'safe');
    assert.equal(fix?.title, 'Convert the DE4 conda files to environment.yml');
    const after = applyFix(files, fix);
    assert.deepEqual(after, {
      'environment.yml': [
        '# DE4 used Miniconda3-4.5.12 (conda-runtime.txt); DE5 chooses its own Miniconda.',
        'channels:',
        '  - plotly',
        '  - defaults',
        'dependencies:',
        '  - python=3.9',
        '  - numpy=1.16.2',
        '  - pip',
        '  - pip:',
        '    - dash==2.17.0',
        '    - gunicorn',
        '',
      ].join('\r\n'),
    });
    assert.deepEqual(parseEnvironmentYml(after['environment.yml'] ?? '').issues, []);
    assert.deepEqual(offeredFixTitles(after), []);
  });

  it('maps a Python DE5 lacks to the nearest one, noted in a comment, and is then unsafe', () => {
    const files = { 'conda-requirements.txt': 'cython\n', 'runtime.txt': 'python-3.6.6\n' };
    const fix = run(condaRequirementsRule, files)[0]?.fixes?.[0];
    assert.equal(fix?.safety, 'unsafe');
    assert.equal(
      applyFix(files, fix)['environment.yml'],
      'channels:\n  - defaults\ndependencies:\n  - python=3.8  # DE4 used Python 3.6, which DE5 does not offer\n  - cython\n',
    );
  });

  it('merges into an existing environment.yml, keeping its content', () => {
    const files = {
      'conda-requirements.txt': 'cython=0.29=py_0\nnumpy=1.20\n',
      'environment.yml': '# mine\ndependencies:\n  - numpy=1.26  # newer\n',
      'requirements.txt': 'dash\n',
    };
    const fix = run(condaRequirementsRule, files)[0]?.fixes?.[0];
    assert.equal(fix?.title, 'Merge the DE4 conda files into environment.yml');
    assert.equal(fix?.safety, 'unsafe', 'numpy is pinned differently: the existing entry wins');
    const after = applyFix(files, fix);
    assert.deepEqual(after, {
      'environment.yml': '# mine\ndependencies:\n  - numpy=1.26  # newer\n  - cython=0.29\n  - pip\n  - pip:\n    - dash\n',
    });
    assert.deepEqual(offeredFixTitles(after), []);
  });

  it('keeps lines that are not conda specs as comments (unsafe), and offers no fix for an unreadable .condarc', () => {
    const files = { 'conda-requirements.txt': '!!\nhttps://x.org/a.tar.bz2\n' };
    const fix = run(condaRequirementsRule, files)[0]?.fixes?.[0];
    assert.equal(fix?.safety, 'unsafe');
    const text = applyFix(files, fix)['environment.yml'] ?? '';
    assert.match(text, /# Not a conda spec, not converted \(conda-requirements\.txt line 1\): !!/);
    assert.match(text, /# Explicit package URL, not converted \(conda-requirements\.txt\): https:\/\/x\.org\/a\.tar\.bz2/);
    assert.deepEqual(parseEnvironmentYml(text).issues, []);
    const bad = run(condaRequirementsRule, { 'conda-requirements.txt': 'x\n', '.condarc': 'channels: [\n' });
    assert.ok(bad.every((f) => f.fixes === undefined));
  });

  it('only deletes conda-runtime.txt and .condarc when DE4 never used the conda buildpack', () => {
    const files = { 'conda-runtime.txt': 'Miniconda3-4.5.12\n', 'requirements.txt': 'dash\n' };
    const fix = run(condaRequirementsRule, files)[0]?.fixes?.[0];
    assert.equal(fix?.safety, 'unsafe');
    assert.deepEqual(applyFix(files, fix), { 'requirements.txt': 'dash\n' });
  });

  it('converts the corpus conda apps without losing a conda spec or requirements line', () => {
    const apps = fs.readdirSync(CORPUS).filter((d) => fs.existsSync(path.join(CORPUS, d, 'conda-requirements.txt')));
    assert.ok(apps.length >= 3, `corpus conda apps found: ${apps.length}`);
    for (const dir of apps) {
      const files: Record<string, string> = {};
      for (const f of fs.readdirSync(path.join(CORPUS, dir))) {
        if (fs.statSync(path.join(CORPUS, dir, f)).isFile()) {
          files[f] = fs.readFileSync(path.join(CORPUS, dir, f), 'utf8');
        }
      }
      const fix = run(condaRequirementsRule, files)[0]?.fixes?.[0];
      const after = applyFix(files, fix);
      const text = after['environment.yml'] ?? '';
      assert.ok(load(text), dir);
      const env = parseEnvironmentYml(text);
      assert.deepEqual(env.issues, [], dir);
      const deps = env.value.dependencies.map((d) => d.spec?.name);
      for (const r of parseCondaRequirements(files['conda-requirements.txt'] ?? '').value.requirements) {
        assert.ok(deps.includes(r.spec.name), `${dir}: ${r.spec.name}`);
      }
      const pip = env.value.pip?.requirements.map((r) => r.text) ?? [];
      for (const line of pipLinesOf(files['requirements.txt'] ?? '')) {
        assert.ok(line.kind === 'comment' || pip.includes(line.text), `${dir}: ${line.text}`);
      }
      assert.equal(after['conda-requirements.txt'], undefined);
      assert.equal(after['requirements.txt'], undefined);
      assert.deepEqual(
        offeredFixTitles(after).filter((t) => /^(conda-requirements|requirements-masks-conda)/.test(t)),
        [],
        dir,
      );
    }
    assert.ok(DEFAULT_CHECK_OPTIONS.de5PythonSupported.length > 0);
  });
});
