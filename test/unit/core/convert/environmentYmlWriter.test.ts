import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import {
  condaSpecWithoutBuild,
  mergeIntoEnvironmentYml,
  pipLinesOf,
  writeEnvironmentYml,
  yamlScalar,
  type EnvironmentContent,
} from '../../../../src/core/convert/environmentYmlWriter';
import { applyTextEdits } from '../../../../src/core/model/text';
import { parseEnvironmentYml } from '../../../../src/core/parsers/environmentYml';

const CONTENT: EnvironmentContent = {
  header: ['DE4 used Miniconda3-4.5.12 (conda-runtime.txt); DE5 chooses its own Miniconda.'],
  channels: ['plotly', 'defaults'],
  python: { spec: 'python=3.8', comment: 'DE4 used Python 3.7, which DE5 does not offer' },
  conda: ['numpy=1.16.2', 'conda-forge::gdal=3.0'],
  pip: pipLinesOf('--extra-index-url https://h/Docs/packages\n# web\ndash==2.0  # pinned\n'),
};

/** The merged text, checked to parse back cleanly. */
function merge(text: string, content: EnvironmentContent): { text: string; conflicts: readonly string[] } {
  const m = mergeIntoEnvironmentYml('environment.yml', text, content);
  assert.ok(m, 'merge is possible');
  const edits = m.edits.flatMap((e) => (e.kind === 'replace' ? [e] : []));
  const out = applyTextEdits(text, edits);
  assert.deepEqual(parseEnvironmentYml(out).issues, []);
  return { text: out, conflicts: m.conflicts };
}

describe('environmentYmlWriter', () => {
  it('writes channels, python first, conda specs, then pip and the pip list with the options note', () => {
    const text = writeEnvironmentYml(CONTENT, '\n');
    assert.equal(
      text,
      [
        '# DE4 used Miniconda3-4.5.12 (conda-runtime.txt); DE5 chooses its own Miniconda.',
        'channels:',
        '  - plotly',
        '  - defaults',
        'dependencies:',
        '  - python=3.8  # DE4 used Python 3.7, which DE5 does not offer',
        '  - numpy=1.16.2',
        '  - conda-forge::gdal=3.0',
        '  - pip',
        '  - pip:',
        '    # DE5 does not document whether it honours pip options in this list; check the build log.',
        '    - --extra-index-url https://h/Docs/packages',
        '    # web',
        '    - dash==2.0  # pinned',
        '',
      ].join('\n'),
    );
    const parsed = parseEnvironmentYml(text);
    assert.deepEqual(parsed.issues, []);
    assert.equal(parsed.value.python?.minor, '3.8');
    assert.deepEqual(
      parsed.value.pip?.requirements.map((r) => r.text),
      ['--extra-index-url https://h/Docs/packages', 'dash==2.0'],
    );
  });

  it('uses the given line ending and adds no pip entries without requirements', () => {
    const text = writeEnvironmentYml({ header: [], channels: ['defaults'], conda: ['cython'], pip: [] }, '\r\n');
    assert.equal(text, 'channels:\r\n  - defaults\r\ndependencies:\r\n  - cython\r\n');
  });

  it('drops build strings and keeps other specs as written', () => {
    assert.equal(condaSpecWithoutBuild('numpy=1.16.2=py37h7e9f1db_0'), 'numpy=1.16.2');
    assert.equal(condaSpecWithoutBuild('conda-forge::gdal 3.0.2 py37_1'), 'conda-forge::gdal=3.0.2');
    assert.equal(condaSpecWithoutBuild('python-graphviz==0.14'), 'python-graphviz==0.14');
    assert.equal(condaSpecWithoutBuild('cython  # compiler'), 'cython');
  });

  it('reads pip lines: continuations joined, comments kept, #egg fragments intact', () => {
    assert.deepEqual(pipLinesOf('a==1 \\\r\n  --hash=sha256:x\r\n\r\n# c\r\ngit+https://x/y#egg=y\r\n-r other.txt'), [
      { kind: 'line', text: 'a==1   --hash=sha256:x' },
      { kind: 'comment', text: 'c' },
      { kind: 'line', text: 'git+https://x/y#egg=y' },
      { kind: 'line', text: '-r other.txt' },
    ]);
  });

  it('splits comments off lines with long runs of blanks in one pass (a quadratic pattern used to stall here)', () => {
    const blanks = ' '.repeat(200_000);
    assert.deepEqual(pipLinesOf(`dash==2.0${blanks}# pinned\nflask${blanks}x\n`), [
      { kind: 'line', text: 'dash==2.0', comment: 'pinned' },
      { kind: 'line', text: `flask${blanks}x` },
    ]);
    assert.equal(condaSpecWithoutBuild(`numpy${blanks}x`), `numpy${blanks}x`);
    assert.equal(condaSpecWithoutBuild(`numpy  # ${blanks}`), 'numpy');
  });

  it('quotes only scalars YAML would read differently', () => {
    assert.equal(yamlScalar('dash>=2.0'), 'dash>=2.0');
    assert.equal(yamlScalar('--index-url https://x'), '--index-url https://x');
    assert.equal(yamlScalar('a: b'), '"a: b"');
    assert.equal(yamlScalar('[x]'), '"[x]"');
    assert.equal(yamlScalar('1.10'), '"1.10"');
    assert.equal(yamlScalar('x #y'), '"x #y"');
  });

  it('merges into an existing file by text, keeping its comments and entries', () => {
    const before =
      '# mine\nname: app\nchannels:\n  - conda-forge  # first\ndependencies:\n  - numpy=1.20  # keep\n  - pip:\n      - flask\n# tail\n';
    const { text, conflicts } = merge(before, CONTENT);
    assert.equal(
      text,
      [
        '# DE4 used Miniconda3-4.5.12 (conda-runtime.txt); DE5 chooses its own Miniconda.',
        '# mine',
        'name: app',
        'channels:',
        '  - conda-forge  # first',
        '  - plotly',
        '  - defaults',
        'dependencies:',
        '  - python=3.8  # DE4 used Python 3.7, which DE5 does not offer',
        '  - numpy=1.20  # keep',
        '  - conda-forge::gdal=3.0',
        '  - pip',
        '  - pip:',
        '      - flask',
        '      # DE5 does not document whether it honours pip options in this list; check the build log.',
        '      - --extra-index-url https://h/Docs/packages',
        '      # web',
        '      - dash==2.0  # pinned',
        '# tail',
        '',
      ].join('\n'),
    );
    assert.deepEqual(conflicts, ['numpy=1.16.2']);
  });

  it('merges into CRLF files, files without channels or dependencies, and `[]` lists', () => {
    const crlf = merge('name: x\r\ndependencies:\r\n  - pip\r\n  - pip:\r\n    - dash', {
      header: [],
      channels: [],
      conda: [],
      pip: pipLinesOf('flask\n'),
    });
    assert.equal(crlf.text, 'name: x\r\ndependencies:\r\n  - pip\r\n  - pip:\r\n    - dash\r\n    - flask');
    const bare = merge('name: x', { header: [], channels: ['defaults'], conda: ['cython'], pip: [] });
    assert.equal(bare.text, 'name: x\nchannels:\n  - defaults\ndependencies:\n  - cython\n');
    const empty = merge('channels: []\ndependencies: []  # none yet\n', { header: [], channels: ['defaults'], conda: ['cython'], pip: [] });
    assert.equal(empty.text, 'channels:\n  - defaults\ndependencies:  # none yet\n  - cython\n');
    const blank = merge('', { header: [], channels: [], conda: [], pip: pipLinesOf('dash\n') });
    assert.equal(blank.text, 'dependencies:\n  - pip\n  - pip:\n    - dash\n');
  });

  it('adds nothing already present, so merging twice changes nothing', () => {
    const once = merge('dependencies:\n  - python=3.8\n', CONTENT).text;
    const again = mergeIntoEnvironmentYml('environment.yml', once, { ...CONTENT, header: [] });
    assert.deepEqual(again, { edits: [], conflicts: [] });
  });

  it('refuses flow style and invalid YAML instead of guessing', () => {
    assert.equal(mergeIntoEnvironmentYml('environment.yml', 'dependencies: [numpy]\n', CONTENT), undefined);
    assert.equal(mergeIntoEnvironmentYml('environment.yml', 'dependencies:\n  - pip: [dash]\n', CONTENT), undefined);
    assert.equal(mergeIntoEnvironmentYml('environment.yml', 'dependencies: [\n', CONTENT), undefined);
    assert.equal(mergeIntoEnvironmentYml('environment.yml', '- a\n', CONTENT), undefined);
  });

  it('writes YAML that js-yaml reads back to the same lists', () => {
    const text = writeEnvironmentYml({ ...CONTENT, pip: pipLinesOf('a: b\n[x]\n') }, '\n');
    assert.deepEqual(load(text), {
      channels: ['plotly', 'defaults'],
      dependencies: ['python=3.8', 'numpy=1.16.2', 'conda-forge::gdal=3.0', 'pip', { pip: ['a: b', '[x]'] }],
    });
  });
});
