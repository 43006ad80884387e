import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { parseAptfile } from '../../../../../src/core/parsers/aptFiles';
import { aptFileRule } from '../../../../../src/core/rules/de4files/aptFile';
import { applyFix, offeredFixTitles, run } from './de4RuleHarness';

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

  it('converts everything with one safe fix: Aptfile written, DE4 files deleted', () => {
    const files = {
      'apt-packages': '# odbc\r\nunixodbc unixodbc-dev\r\n',
      apt: 'unixodbc git\r\n',
      'apt-repositories': 'deb http://x.org/ubuntu focal main\r\n\r\n',
    };
    const out = run(aptFileRule, files);
    assert.equal(out.length, 3);
    const fix = out[0]?.fixes?.[0];
    assert.ok(out.every((f) => f.fixes?.[0] === fix));
    assert.equal(fix?.safety, 'safe');
    assert.equal(fix?.title, 'Convert the DE4 apt files to an Aptfile');
    const after = applyFix(files, fix);
    assert.deepEqual(after, { Aptfile: ':repo:deb http://x.org/ubuntu focal main\r\n# odbc\r\nunixodbc\r\nunixodbc-dev\r\ngit\r\n' });
    assert.deepEqual(parseAptfile(after['Aptfile'] ?? '').issues, []);
    assert.deepEqual(offeredFixTitles(after), []);
  });

  it('merges into an existing Aptfile, keeping its lines', () => {
    const files = { 'apt-packages': 'curl libaio1\n', Aptfile: '# mine\ncurl' };
    const fix = run(aptFileRule, files)[0]?.fixes?.[0];
    assert.equal(fix?.title, 'Merge the DE4 apt files into the Aptfile');
    assert.deepEqual(applyFix(files, fix), { Aptfile: '# mine\ncurl\nlibaio1\n' });
  });

  it('leaves PPAs to apt-unsupported-entry: unsafe fix, apt-repositories kept without its converted lines', () => {
    const files = {
      'apt-packages': 'gdal-bin\n',
      'apt-repositories': 'ppa:ubuntugis/ppa\ndeb http://x.org focal main\ndeb http://y.org focal main\n',
      'apt-keys': 'https://x.org/key.gpg\n',
    };
    const out = run(aptFileRule, files);
    assert.deepEqual(
      out.map((f) => [f.file, f.range.start.line]),
      [
        ['apt-packages', 0],
        ['apt-repositories', 1],
        ['apt-repositories', 2],
      ],
    );
    const fix = out[0]?.fixes?.[0];
    assert.equal(fix?.safety, 'unsafe');
    const after = applyFix(files, fix);
    assert.deepEqual(after, {
      Aptfile: ':repo:deb http://x.org focal main\n:repo:deb http://y.org focal main\ngdal-bin\n',
      'apt-repositories': 'ppa:ubuntugis/ppa\n',
      'apt-keys': 'https://x.org/key.gpg\n',
    });
    assert.deepEqual(
      offeredFixTitles(after).filter((t) => t.startsWith('apt-file')),
      [],
    );
  });

  it('deletes a last converted line without leaving a blank line', () => {
    const files = { 'apt-repositories': 'ppa:a/b\ndeb http://x.org focal main' };
    const after = applyFix(files, run(aptFileRule, files)[0]?.fixes?.[0]);
    assert.equal(after['apt-repositories'], 'ppa:a/b');
  });

  it('is unsafe when words are not packages, and offers no fix for unreadable files', () => {
    const files = { 'apt-packages': '\n"bad name"\n', 'apt-repositories': 'nonsense\n' };
    const out = run(aptFileRule, files);
    assert.deepEqual(
      out.map((f) => [f.file, f.range]),
      [
        ['apt-packages', range(1, 0, 1, 10)],
        ['apt-repositories', range(0, 0, 0, 8)],
      ],
    );
    assert.equal(out[0]?.fixes?.[0]?.safety, 'unsafe');
    assert.match(applyFix(files, out[0]?.fixes?.[0])['Aptfile'] ?? '', /not converted: "bad/);
    const [unreadable] = run(aptFileRule, { 'apt-packages': 'x', Aptfile: '' }, { skipped: { Aptfile: 'binary' } });
    assert.equal(unreadable?.fixes, undefined);
  });

  it('accepts an Aptfile alone', () => {
    assert.deepEqual(run(aptFileRule, { Aptfile: 'libpq-dev\n:repo:deb http://x.org focal main\n' }), []);
  });
});
