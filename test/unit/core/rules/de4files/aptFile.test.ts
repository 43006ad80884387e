import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { aptFileRule } from '../../../../../src/core/rules/de4files/aptFile';
import { run } from './de4RuleHarness';

describe('apt-file', () => {
  it('asks to move apt-packages into an Aptfile', () => {
    const [f, ...rest] = run(aptFileRule, { 'apt-packages': '# odbc\nunixodbc unixodbc-dev\n' });
    assert.equal(rest.length, 0);
    assert.deepEqual(f?.range, range(1, 0, 1, 8));
    assert.match(f?.message ?? '', /ignores apt-packages: move its 2 packages to an Aptfile/);
    assert.match(f?.message ?? '', /DE5 conversion/);
  });

  it('asks to merge into an existing Aptfile, and treats the bare `apt` file alike', () => {
    const out = run(aptFileRule, { apt: 'git\n', Aptfile: 'curl\n' });
    assert.equal(out.length, 1);
    assert.equal(out[0]?.file, 'apt');
    assert.match(out[0]?.message ?? '', /move its package into the existing Aptfile/);
  });

  it('converts deb repositories and flags PPAs, keys, debconf and local .deb files as manual', () => {
    const out = run(
      aptFileRule,
      {
        'apt-repositories': 'deb http://x.org/ubuntu focal main\nppa:ubuntugis/ppa\n\n',
        'apt-keys': 'https://x.org/key.gpg\n',
        'apt-debconf': 'x\n',
      },
      { sizes: { 'dpkg-packages/msodbcsql17.deb': 1000 } },
    );
    assert.deepEqual(
      out.map((f) => [f.file, f.range.start.line]),
      [
        ['apt-repositories', 0],
        ['apt-repositories', 1],
        ['apt-keys', 0],
        ['apt-debconf', 0],
        ['dpkg-packages/msodbcsql17.deb', 0],
      ],
    );
    assert.match(out[0]?.message ?? '', /`:repo:deb http:\/\/x\.org\/ubuntu focal main`/);
    assert.match(out[1]?.message ?? '', /by hand/);
    assert.match(out[2]?.message ?? '', /no Aptfile equivalent/);
  });

  it('accepts an Aptfile alone', () => {
    assert.deepEqual(run(aptFileRule, { Aptfile: 'libpq-dev\n:repo:deb http://x.org focal main\n' }), []);
  });

  it('still reports malformed apt files without throwing', () => {
    const out = run(aptFileRule, { 'apt-packages': '\n"bad name"\n', 'apt-repositories': 'nonsense\n' });
    assert.deepEqual(
      out.map((f) => [f.file, f.range]),
      [
        ['apt-packages', range(1, 0, 1, 10)],
        ['apt-repositories', range(0, 0, 0, 8)],
      ],
    );
  });
});
