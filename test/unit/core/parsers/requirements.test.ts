import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parsePipRequirementsLine } from 'pip-requirements-js';
import { checkApp } from '../../../../src/core/engine/checkApp';
import { DEFAULT_ENGINE_CONFIG } from '../../../../src/core/engine/config';
import { range } from '../../../../src/core/model/text';
import { isRequirementsFile, normalizeName, parseRequirements, requirementIncludes } from '../../../../src/core/parsers/requirements';
import { parseSimpleRequirement } from '../../../../src/core/parsers/simpleRequirement';
import { ALL_RULES } from '../../../../src/core/rules';
import { snapshotOf } from '../../../support/snapshotBuilder';
import { corpusDir } from './corpusFiles';

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1, `expected one item, got ${items.length}`);
  return items[0] as T;
}

describe('parseRequirements', () => {
  it('reads a PEP 508 requirement with exact ranges', () => {
    const r = parseRequirements('  Dash_Core.Components [a, b] (>=1.0, <2) ; python_version < "3.8"  # why\n');
    assert.deepEqual(r.issues, []);
    const req = only(r.value.requirements);
    assert.equal(req.kind, 'name');
    assert.equal(req.name, 'dash-core-components');
    assert.equal(req.rawName, 'Dash_Core.Components');
    assert.deepEqual(req.nameRange, range(0, 2, 0, 22));
    assert.deepEqual(req.extras, ['a', 'b']);
    assert.deepEqual(
      req.specifiers.map((s) => [s.operator, s.version, s.range]),
      [
        ['>=', '1.0', range(0, 31, 0, 36)],
        ['<', '2', range(0, 38, 0, 40)],
      ],
    );
    assert.deepEqual(req.specifierRange, range(0, 31, 0, 40));
    assert.equal(req.markers, 'python_version < "3.8"');
    assert.deepEqual(req.markersRange, range(0, 44, 0, 66));
    // The range stops before the comment and the whitespace in front of it.
    assert.deepEqual(req.range, range(0, 2, 0, 66));
    assert.equal(req.editable, false);
  });

  it('reads pip options in both spellings, with name and value ranges', () => {
    const text = [
      '--extra-index-url=https://de4.example.com/Docs/packages',
      '--extra-index-url https://de4.example.com/Docs/packages/',
      '-i https://pypi.example.com/simple',
      '--index-url=https://pypi.example.com/simple',
      '--no-index --find-links=./dependencies',
      '-f ./wheels',
      '--trusted-host de4.example.com',
      '--pre',
      '--only-binary :all:',
      '--no-binary=pandas',
      '-c constraints.txt',
      '-rrequirements-base.txt',
      '--requirement ./more.txt',
      '--extra-index https://abbreviated.example.com',
    ].join('\n');
    const r = parseRequirements(text);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.options.map((o) => [o.name, o.spelling, o.value ?? null, o.firstLine]),
      [
        ['--extra-index-url', '--extra-index-url', 'https://de4.example.com/Docs/packages', 0],
        ['--extra-index-url', '--extra-index-url', 'https://de4.example.com/Docs/packages/', 1],
        ['--index-url', '-i', 'https://pypi.example.com/simple', 2],
        ['--index-url', '--index-url', 'https://pypi.example.com/simple', 3],
        ['--no-index', '--no-index', null, 4],
        ['--find-links', '--find-links', './dependencies', 4],
        ['--find-links', '-f', './wheels', 5],
        ['--trusted-host', '--trusted-host', 'de4.example.com', 6],
        ['--pre', '--pre', null, 7],
        ['--only-binary', '--only-binary', ':all:', 8],
        ['--no-binary', '--no-binary', 'pandas', 9],
        ['--constraint', '-c', 'constraints.txt', 10],
        ['--requirement', '-r', 'requirements-base.txt', 11],
        ['--requirement', '--requirement', './more.txt', 12],
        ['--extra-index-url', '--extra-index', 'https://abbreviated.example.com', 13],
      ],
    );
    const eqForm = r.value.options[0];
    assert.deepEqual(eqForm?.nameRange, range(0, 0, 0, 17));
    assert.deepEqual(eqForm?.valueRange, range(0, 18, 0, 55));
    assert.deepEqual(eqForm?.range, range(0, 0, 0, 55));
    const spaceForm = r.value.options[1];
    assert.deepEqual(spaceForm?.valueRange, range(1, 18, 1, 56));
    assert.deepEqual(r.value.options[2]?.valueRange, range(2, 3, 2, 34));
    assert.deepEqual(
      requirementIncludes(r.value).map((o) => o.value),
      ['requirements-base.txt', './more.txt'],
    );
    assert.equal(r.value.requirements.length, 0);
  });

  it('joins backslash continuations and keeps per-requirement hashes with their requirement', () => {
    const text = 'numpy==1.19.5 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb\npandas\n';
    const r = parseRequirements(text);
    assert.deepEqual(r.issues, []);
    const [numpy, pandas] = r.value.requirements;
    assert.equal(numpy?.name, 'numpy');
    assert.deepEqual(numpy?.specifierRange, range(0, 5, 0, 13));
    assert.deepEqual(
      numpy?.options.map((o) => [o.name, o.value, o.valueRange]),
      [
        ['--hash', 'sha256:aaa', range(1, 11, 1, 21)],
        ['--hash', 'sha256:bbb', range(2, 11, 2, 21)],
      ],
    );
    assert.deepEqual(numpy?.range, range(0, 0, 2, 21));
    assert.equal(numpy?.firstLine, 0);
    assert.equal(numpy?.lastLine, 2);
    assert.equal(pandas?.firstLine, 3);
    assert.equal(r.value.options.length, 0);
  });

  it('splits a name across a continuation and maps both halves back', () => {
    const r = parseRequirements('dash\\\n==2.0\n');
    const req = only(r.value.requirements);
    assert.deepEqual(req.nameRange, range(0, 0, 0, 4));
    assert.deepEqual(req.specifierRange, range(1, 0, 1, 5));
  });

  it('ends a continuation at a comment line, as pip does', () => {
    const r = parseRequirements('dash \\\n# a comment\ngunicorn\n');
    assert.deepEqual(
      r.value.requirements.map((q) => [q.name, q.firstLine, q.lastLine]),
      [
        ['dash', 0, 1],
        ['gunicorn', 2, 2],
      ],
    );
  });

  it('treats # as a comment only at line start or after whitespace', () => {
    const r = parseRequirements('# header\ngit+https://github.com/org/repo.git@v1#egg=my_pkg  # pinned tag\n   # indented comment\n');
    assert.deepEqual(r.issues, []);
    const req = only(r.value.requirements);
    assert.equal(req.kind, 'url');
    assert.equal(req.url, 'git+https://github.com/org/repo.git@v1#egg=my_pkg');
    assert.equal(req.name, 'my-pkg');
    assert.deepEqual(req.urlRange, range(1, 0, 1, 49));
  });

  it('reads URL, VCS, editable and local path requirements', () => {
    const text = [
      'git+https://github.com/plotly/dash-player',
      '-e git+https://github.com/org/tool.git#egg=Tool',
      '-e .',
      'dash_daq-0.0.3.tar.gz',
      './wheels/dash_bio-0.6.2-py3-none-any.whl',
      'wheels/x.whl',
      'mypkg @ https://example.com/mypkg-1.0.tar.gz',
      'other @ https://${TOKEN}@example.com/other.whl ; sys_platform == "linux"',
      './local.tar.gz; python_version < "3.9"',
    ].join('\r\n');
    const r = parseRequirements(text);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.requirements.map((q) => [q.kind, q.name ?? null, q.url ?? null, q.editable, q.markers ?? null]),
      [
        ['url', null, 'git+https://github.com/plotly/dash-player', false, null],
        ['url', 'tool', 'git+https://github.com/org/tool.git#egg=Tool', true, null],
        ['path', null, '.', true, null],
        ['path', 'dash-daq', 'dash_daq-0.0.3.tar.gz', false, null],
        ['path', 'dash-bio', './wheels/dash_bio-0.6.2-py3-none-any.whl', false, null],
        ['path', 'x', 'wheels/x.whl', false, null],
        ['name', 'mypkg', 'https://example.com/mypkg-1.0.tar.gz', false, null],
        ['name', 'other', 'https://${TOKEN}@example.com/other.whl', false, 'sys_platform == "linux"'],
        // An sdist name without a version does not tell the project name.
        ['path', null, './local.tar.gz', false, 'python_version < "3.9"'],
      ],
    );
    const editable = r.value.requirements[1];
    assert.deepEqual(editable?.range, range(1, 0, 1, 47));
    assert.deepEqual(editable?.urlRange, range(1, 3, 1, 47));
    const other = r.value.requirements[7];
    assert.deepEqual(other?.nameRange, range(7, 0, 7, 5));
    assert.deepEqual(other?.urlRange, range(7, 8, 7, 46));
    assert.deepEqual(other?.markersRange, range(7, 49, 7, 72));
  });

  it('keeps ${VAR} text as written while parsing around it', () => {
    const r = parseRequirements('--extra-index-url https://${USER}:${TOKEN}@pkgs.example.com/simple\nprivate-pkg==${VERSION_X}\n');
    assert.equal(r.value.options[0]?.value, 'https://${USER}:${TOKEN}@pkgs.example.com/simple');
    assert.equal(r.value.requirements[0]?.specifiers[0]?.version, '${VERSION_X}');
    assert.deepEqual(r.issues, []);
  });

  it('copes with CRLF, blank lines, a BOM-free UTF-16-decoded text and no final newline', () => {
    const r = parseRequirements('\r\n\r\ndash==2.0\r\n\r\n   \r\ngunicorn');
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.requirements.map((q) => [q.name, q.range]),
      [
        ['dash', range(2, 0, 2, 9)],
        ['gunicorn', range(5, 0, 5, 8)],
      ],
    );
    assert.deepEqual(parseRequirements('').value, { requirements: [], options: [] });
  });

  it('reports malformed lines on their own line and still reads the rest', () => {
    const text = [
      'dash==2.0',
      'dash-auth=1.0',
      '--bogus-option',
      'numpy~=1',
      'x ; python_versio < "3"',
      '--index-url',
      'pandas (>=1',
      'gunicorn',
    ].join('\n');
    const r = parseRequirements(text);
    assert.deepEqual(
      r.value.requirements.map((q) => q.name),
      ['dash', 'numpy', 'gunicorn'],
    );
    assert.deepEqual(
      r.issues.map((i) => [i.range.start.line, i.message]),
      [
        [1, '`dash-auth=1.0` is not a valid requirement: expected end of input at `=1.0`.'],
        [2, '`--bogus-option` is not an option pip accepts in a requirements file.'],
        [3, '`~=1` is not a valid version specifier (PEP 440).'],
        [4, '`x ; python_versio < "3"` is not a valid requirement: pip cannot read it at `python_versio < "3"`.'],
        [5, '`--index-url` needs a value.'],
        [6, '`pandas (>=1` is not a valid requirement: expected ")".'],
      ],
    );
    assert.deepEqual(r.issues[0]?.range, range(1, 0, 1, 13));
  });

  it('never throws on odd input', () => {
    for (const text of ['\\', '\\\n\\', '-', '--', '@', 'a @', '[x]', ';', '\u0000\u0001', 'é==1', '-e', '-r', '#', ' \\\n#\\\n']) {
      assert.doesNotThrow(() => parseRequirements(text), text);
    }
  });

  it('normalises names the PEP 503 way', () => {
    assert.equal(normalizeName('Dash_Enterprise.Auth'), 'dash-enterprise-auth');
    assert.equal(normalizeName('a--_.b'), 'a-b');
  });

  it('matches the requirement files pip apps use, not conda’s', () => {
    for (const p of ['requirements.txt', 'requirements-dev.txt', 'ci-requirements.txt']) {
      assert.equal(isRequirementsFile(p), true, p);
    }
    for (const p of ['conda-requirements.txt', 'requirements.in', 'sub/requirements.txt', 'runtime.txt']) {
      assert.equal(isRequirementsFile(p), false, p);
    }
  });

  it('reports a malformed line through the parse-error rule', () => {
    const report = checkApp(
      snapshotOf({ 'requirements.txt': 'dash==2.0\ndash-auth=1.0\n', Procfile: 'web: gunicorn app:server\n' }),
      ALL_RULES,
      DEFAULT_ENGINE_CONFIG,
    );
    const parseErrors = report.findings.filter((f) => f.rule === 'parse-error');
    assert.deepEqual(
      parseErrors.map((f) => [f.file, f.range]),
      [['requirements.txt', range(1, 0, 1, 13)]],
    );
  });
});

describe('parseSimpleRequirement', () => {
  it('gives exactly what pip-requirements-js gives for the lines it takes', () => {
    // (`===` is left out: the library's grammar tries `==` first and then fails on the third `=`.)
    const lines = [
      ...['dash', 'dash==2.0', 'Flask-Compress >= 1.4.0', 'a.b_c-d~=1.2,<2.0.0rc1', 'x ==1.*', 'z!=1.0+local', 'w > 1 , <= 3'],
      ...['dash[extra]', 'celery [ redis , msgpack ] == 5.0.5', 'c[]', 'c[x] ', 'dash ; python_version < "3"'],
      ...["pywin32==300; sys_platform == 'win32'", "a;'win32'!=sys_platform", "a; extra not  in 'x y'", "a==1 ;os_name=='n;t'  "],
    ];
    for (const l of lines) {
      const fast = parseSimpleRequirement(l);
      assert.ok(fast, l);
      assert.deepEqual(fast, parsePipRequirementsLine(l, { includeLocations: true }), l);
    }
  });

  it('reads arbitrary equality, which PEP 508 allows', () => {
    assert.deepEqual(
      parseSimpleRequirement('y===weird-1')?.data.versionSpec?.map((v) => [v.data.operator.data, v.data.version.data]),
      [['===', 'weird-1']],
    );
  });

  it('leaves everything else to the library', () => {
    const lines = ['dash[extra,]', 'dash ; python_version < "3" and os_name == "nt"', 'dash ; (os_name == "nt")', "a; os_name == 'é'"];
    for (const l of [...lines, 'a; python_version === "3"', 'a @ https://x/y', 'dash (>=1)', 'dash=1', 'dash-', 'é']) {
      assert.equal(parseSimpleRequirement(l), undefined, l);
    }
  });
});

describe('parseRequirements on hostile input (issue #7)', () => {
  // Both patterns used to backtrack quadratically: 100,000 blanks took minutes, now milliseconds.
  it('strips a comment after a long run of blanks in linear time', () => {
    const started = Date.now();
    const r = parseRequirements(`dash==1.0${' '.repeat(100_000)}# note\n`);
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(only(r.value.requirements).range, range(0, 0, 0, 9));
  });

  it('reads a long run of `[` as one bad requirement in linear time, and trailing extras as before', () => {
    const started = Date.now();
    const r = parseRequirements(`x${'['.repeat(50_000)}\n`);
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(
      r.issues.map((i) => i.range),
      [range(0, 0, 0, 50_001)],
    );
    assert.equal(only(parseRequirements('./dist/pkg-1.0.whl[extra]\n').value.requirements).kind, 'path');
    assert.equal(only(parseRequirements('a[b[c]\n').issues).range.start.line, 0);
  });
});

describe('parseRequirements on the corpus', () => {
  const root = corpusDir();
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (/requirements.*\.txt$/.test(e.name) && e.name !== 'conda-requirements.txt') {
        files.push(p);
      }
    }
  };
  if (root) {
    walk(root);
  }

  it('reads every requirements file without issues, the UTF-16 one included', function () {
    if (!root) {
      this.skip();
    }
    assert.ok(files.length > 40);
    for (const f of files) {
      const bytes = readFileSync(f);
      // The loader skips UTF-16 files; decoding it here still proves the parser copes with its text.
      const text = bytes[0] === 0xff && bytes[1] === 0xfe ? new TextDecoder('utf-16le').decode(bytes) : new TextDecoder().decode(bytes);
      const r = parseRequirements(text.replace(/^\uFEFF/, ''));
      assert.deepEqual(r.issues, [], relative(root ?? '', f));
    }
  });

  it('agrees with the library on every simple corpus line', function () {
    if (!root) {
      this.skip();
    }
    let checked = 0;
    for (const f of files) {
      for (const line of readFileSync(f, 'utf8').split(/\r?\n/)) {
        const l = line.trim();
        const fast = parseSimpleRequirement(l);
        if (fast) {
          checked++;
          assert.deepEqual(fast, parsePipRequirementsLine(l, { includeLocations: true }), l);
        }
      }
    }
    assert.ok(checked > 500, `only ${checked} lines checked`);
  });

  it('reads the corpus quirks: index lines, air-gapped options, local archives, nested includes', function () {
    if (!root) {
      this.skip();
    }
    const read = (app: string, name = 'requirements.txt') => parseRequirements(readFileSync(join(root ?? '', app, name), 'utf8')).value;
    const airgapped = read('plotly__dash-on-premise-sample-app__root--airgapped-with-appjson');
    assert.deepEqual(
      airgapped.options.map((o) => [o.name, o.value ?? null]),
      [
        ['--no-index', null],
        ['--find-links', './dependencies'],
      ],
    );
    const daq = read('plotly__dash-daq-omega-pid__root--matthewchan-dds-migration-1');
    assert.ok(daq.requirements.some((q) => q.kind === 'path' && q.name === 'dash-daq'));
    const vtk = read('plotly__dash-sample-apps__apps__vtk-dicom');
    assert.deepEqual(
      requirementIncludes(vtk).map((o) => o.value),
      ['./demos/requirements.txt'],
    );
  });
});
