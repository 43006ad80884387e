import assert from 'node:assert/strict';
import { parseAptfile, parseAptPackages, parseAptRepositories } from '../../../../src/core/parsers/aptFiles';
import { range } from '../../../../src/core/model/text';
import { corpusFiles } from './corpusFiles';

describe('parseAptPackages', () => {
  it('splits several packages per line and skips comments', () => {
    const r = parseAptPackages('# system libs\nlibpq-dev  unixodbc # odbc\r\nopenjdk-8*\n');
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.packages.map((p) => [p.name, p.range]),
      [
        ['libpq-dev', range(1, 0, 1, 9)],
        ['unixodbc', range(1, 11, 1, 19)],
        ['openjdk-8*', range(2, 0, 2, 10)],
      ],
    );
  });

  it('reports repositories and invalid names on their line', () => {
    const r = parseAptPackages('git\nppa:deadsnakes/ppa\ndeb http://x.org/ubuntu focal main\n"quoted"\n');
    assert.deepEqual(
      r.value.packages.map((p) => p.name),
      ['git'],
    );
    assert.deepEqual(
      r.issues.map((i) => i.range),
      [range(1, 0, 1, 18), range(2, 0, 2, 34), range(3, 0, 3, 8)],
    );
  });

  it('parses every corpus apt-packages without issues', () => {
    for (const f of corpusFiles('apt-packages')) {
      const r = parseAptPackages(f.text);
      assert.deepEqual(r.issues, [], f.app);
      assert.ok(r.value.packages.length > 0, f.app);
    }
  });
});

describe('parseAptfile', () => {
  it('reads packages, .deb URLs and :repo: lines', () => {
    const r = parseAptfile('libpq-dev\n:repo:deb http://apt.x.org focal main\nhttps://x.org/a_1.0_amd64.deb\n# c\n');
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.entries.map((e) => [e.kind, e.range]),
      [
        ['package', range(0, 0, 0, 9)],
        ['repo', range(1, 0, 1, 37)],
        ['deb-url', range(2, 0, 2, 29)],
      ],
    );
    const repo = r.value.entries[1];
    assert.equal(repo?.kind === 'repo' ? repo.repo : '', 'deb http://apt.x.org focal main');
  });

  it('reports a repository line without the :repo: prefix and a bad :repo: line', () => {
    const r = parseAptfile('deb http://apt.x.org focal main\n:repo:ppa:x/y\nok-pkg\n');
    assert.deepEqual(
      r.issues.map((i) => i.range.start.line),
      [0, 1],
    );
    assert.equal(r.value.entries.length, 1);
  });

  it('parses every corpus Aptfile (CRLF included) without issues', () => {
    for (const f of corpusFiles('Aptfile')) {
      const r = parseAptfile(f.text);
      assert.deepEqual(r.issues, [], f.app);
      assert.ok(
        r.value.entries.every((e) => e.kind === 'package' && !/\s/.test(e.name)),
        f.app,
      );
    }
  });
});

describe('parseAptRepositories', () => {
  it('reads ppa: and deb lines', () => {
    const r = parseAptRepositories('ppa:ubuntugis/ppa\n  deb http://x.org/ubuntu focal main\n\n');
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.repositories.map((x) => [x.kind, x.range]),
      [
        ['ppa', range(0, 0, 0, 17)],
        ['deb', range(1, 2, 1, 36)],
      ],
    );
  });

  it('reports other lines', () => {
    const r = parseAptRepositories('# c\nhttp://x.org/repo\n');
    assert.deepEqual(r.value.repositories, []);
    assert.deepEqual(
      r.issues.map((i) => i.range),
      [range(1, 0, 1, 17)],
    );
  });
});
