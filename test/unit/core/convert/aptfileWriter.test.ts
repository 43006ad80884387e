import assert from 'node:assert/strict';
import { writeAptfile } from '../../../../src/core/convert/aptfileWriter';
import { applyTextEdits } from '../../../../src/core/model/text';
import { parseAptfile } from '../../../../src/core/parsers/aptFiles';

/** The Aptfile text after the writer's edit, checked to parse back cleanly. */
function result(existing: string | undefined, out: ReturnType<typeof writeAptfile>): string {
  const e = out.edit;
  const text =
    e === undefined ? (existing ?? '') : e.kind === 'create' ? e.content : e.kind === 'replace' ? applyTextEdits(existing ?? '', [e]) : '';
  assert.deepEqual(parseAptfile(text).issues, []);
  return text;
}

describe('aptfileWriter', () => {
  it('writes repositories first, then one package per line, de-duplicated, comments kept', () => {
    const out = writeAptfile({
      packageFiles: [
        { file: 'apt-packages', text: '# odbc\nunixodbc unixodbc-dev  # both\nlibpq-dev\n' },
        { file: 'apt', text: 'libpq-dev git\n' },
      ],
      repositories: { file: 'apt-repositories', text: '# microsoft\ndeb  http://x.org/ubuntu focal main\nppa:a/b\n\n' },
    });
    assert.equal(
      result(undefined, out),
      '# microsoft\n:repo:deb http://x.org/ubuntu focal main\n# odbc\n# both\nunixodbc\nunixodbc-dev\nlibpq-dev\ngit\n',
    );
    assert.deepEqual(out.convertedRepositoryLines, [1]);
    assert.deepEqual(out.notConverted, []);
  });

  it('appends to an existing Aptfile without repeating its entries, in its line ending', () => {
    const existing = 'curl\r\n:repo:deb http://x.org focal main\r\nunixodbc';
    const out = writeAptfile({
      aptfile: existing,
      packageFiles: [{ file: 'apt-packages', text: 'unixodbc curl\nlibaio1\n' }],
      repositories: { file: 'apt-repositories', text: 'deb http://x.org focal main\n' },
    });
    assert.equal(result(existing, out), 'curl\r\n:repo:deb http://x.org focal main\r\nunixodbc\r\nlibaio1\r\n');
  });

  it('uses the source line ending for a new Aptfile and writes nothing when there is nothing to install', () => {
    assert.equal(result(undefined, writeAptfile({ packageFiles: [{ file: 'apt', text: 'a b\r\nc\r\n' }] })), 'a\r\nb\r\nc\r\n');
    assert.equal(writeAptfile({ packageFiles: [{ file: 'apt', text: '# nothing\n\n' }] }).edit, undefined);
    assert.equal(writeAptfile({ aptfile: 'a\n', packageFiles: [{ file: 'apt', text: 'a\n' }] }).edit, undefined);
  });

  it('keeps words that are not packages as comments and reports them', () => {
    const out = writeAptfile({ packageFiles: [{ file: 'apt-packages', text: 'git "bad\nppa:x/y\ndeb http://x focal main\n' }] });
    assert.deepEqual(out.notConverted, ['"bad', 'ppa:x/y', 'deb http://x focal main']);
    assert.equal(
      result(undefined, out),
      [
        'git',
        '# de-migrate: not an apt package, not converted: "bad',
        '# de-migrate: not an apt package, not converted: ppa:x/y',
        '# de-migrate: not an apt package, not converted: deb http://x focal main',
        '',
      ].join('\n'),
    );
  });
});
