import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { aptUnsupportedEntryRule } from '../../../../../src/core/rules/de4files/aptUnsupportedEntry';
import { run } from './de4RuleHarness';

describe('apt-unsupported-entry', () => {
  it('reports each PPA, key line, preferences stanza and local .deb once, with no fix', () => {
    const out = run(
      aptUnsupportedEntryRule,
      {
        'apt-repositories': 'deb http://x.org/ubuntu focal main\nppa:ubuntugis/ppa\n\n',
        'apt-keys': '# keys\nhttps://x.org/key.gpg\r\n  https://y.org/key.gpg  \n',
        'apt-preferences': 'Package: *\nPin: origin x.org\nPin-Priority: 100\n\nPackage: y\nPin: release a=focal\n',
        'apt-debconf': '',
      },
      { sizes: { 'dpkg-packages/msodbcsql17.deb': 1000, 'dpkg-packages/readme.txt': 3 } },
    );
    assert.deepEqual(
      out.map((f) => [f.file, f.range]),
      [
        ['apt-repositories', range(1, 0, 1, 17)],
        ['apt-keys', range(1, 0, 1, 21)],
        ['apt-keys', range(2, 2, 2, 23)],
        ['apt-preferences', range(0, 0, 2, 17)],
        ['apt-preferences', range(4, 0, 5, 20)],
        ['apt-debconf', range(0, 0, 0, 0)],
        ['dpkg-packages/msodbcsql17.deb', range(0, 0, 0, 0)],
      ],
    );
    assert.ok(out.every((f) => f.fixes === undefined));
    assert.match(out[0]?.message ?? '', /`ppa:ubuntugis\/ppa` must be migrated by hand/);
    assert.match(out[1]?.message ?? '', /apt-keys entry \(a repository signing key\) has no Aptfile equivalent/);
    assert.match(out[6]?.message ?? '', /local \.deb files/);
  });

  it('is silent for apps whose apt entries all convert', () => {
    assert.deepEqual(run(aptUnsupportedEntryRule, { 'apt-packages': 'git\n', 'apt-repositories': 'deb http://x focal main\n' }), []);
  });

  it('copes with unreadable and malformed files', () => {
    const out = run(aptUnsupportedEntryRule, { 'apt-conf': 'x', 'apt-repositories': 'ppa:\n' }, { skipped: { 'apt-conf': 'binary' } });
    assert.deepEqual(
      out.map((f) => [f.file, f.range]),
      [['apt-conf', range(0, 0, 0, 0)]],
    );
  });
});
