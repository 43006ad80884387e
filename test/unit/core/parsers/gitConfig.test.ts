import * as assert from 'node:assert/strict';
import { range } from '../../../../src/core/model/text';
import { parseGitConfig, remoteUrls } from '../../../../src/core/parsers/gitConfig';

const SAMPLE = [
  '[core]',
  '\trepositoryformatversion = 0',
  '\tbare',
  '[remote "plotly"]',
  '\turl = ssh://dokku@de4.example.com:3022/my-app   ; DE4',
  '\tfetch = +refs/heads/*:refs/remotes/plotly/*',
  '[Remote.Origin]',
  '  URL = "git@github.com:me/app.git" # comment',
  '[branch "main"] remote = origin',
  '',
].join('\n');

describe('parseGitConfig', () => {
  it('reads sections, subsections, keys and exact value ranges', () => {
    const r = parseGitConfig(SAMPLE);
    assert.deepEqual(r.issues, []);
    const url = r.value.entries.find((e) => e.subsection === 'plotly' && e.key === 'url');
    assert.equal(url?.section, 'remote');
    assert.equal(url?.value, 'ssh://dokku@de4.example.com:3022/my-app');
    assert.deepEqual(url?.valueRange, range(4, 7, 4, 46));
    assert.deepEqual(url?.keyRange, range(4, 1, 4, 4));
  });

  it('resolves quotes, lower-cases the old dotted form and reads a key after a header', () => {
    const r = parseGitConfig(SAMPLE).value;
    const origin = r.entries.find((e) => e.subsection === 'origin');
    assert.equal(origin?.section, 'remote');
    assert.equal(origin?.key, 'url');
    assert.equal(origin?.value, 'git@github.com:me/app.git');
    assert.equal(origin?.rawValue, '"git@github.com:me/app.git"');
    const branch = r.entries.find((e) => e.section === 'branch');
    assert.equal(branch?.subsection, 'main');
    assert.equal(branch?.value, 'origin');
    assert.equal(r.entries.find((e) => e.key === 'bare')?.value, 'true');
  });

  it('lists remote urls', () => {
    assert.deepEqual(
      remoteUrls(parseGitConfig(SAMPLE).value).map((u) => [u.remote, u.entry.value]),
      [
        ['plotly', 'ssh://dokku@de4.example.com:3022/my-app'],
        ['origin', 'git@github.com:me/app.git'],
      ],
    );
  });

  it('keeps comment characters inside quotes, escapes and continuations', () => {
    const text = '[alias]\n\tx = "a ; b" \\t c \\\n  d\n[user]\n\tname = Ann\n';
    const r = parseGitConfig(text);
    assert.deepEqual(r.issues, []);
    const x = r.value.entries[0];
    assert.equal(x?.value, 'a ; b \t c   d');
    assert.deepEqual(x?.valueRange, range(1, 5, 2, 3));
    assert.equal(r.value.entries[1]?.value, 'Ann');
  });

  it('handles CRLF and a missing final newline', () => {
    const r = parseGitConfig('[remote "a"]\r\n\turl = dokku@h:app\r\n[remote "b"]\r\n\turl = x');
    assert.deepEqual(
      r.value.entries.map((e) => [e.subsection, e.value, e.valueRange.start.line, e.valueRange.end.character]),
      [
        ['a', 'dokku@h:app', 1, 18],
        ['b', 'x', 3, 8],
      ],
    );
  });

  it('reports lines git would reject, on their line, and reads the rest', () => {
    const text = ['url = early', '[remote "x"', '[remote "y"]', '\t= nokey', '\turl = "open', '\tkey = bad\\q', '\turl = fine', ''].join(
      '\n',
    );
    const r = parseGitConfig(text);
    assert.deepEqual(
      r.issues.map((i) => i.range.start.line),
      [0, 1, 3, 4, 5],
    );
    assert.deepEqual(
      r.value.entries.map((e) => e.value),
      ['fine'],
    );
  });

  it('skips the keys of a rejected section header instead of filing them under the previous section', () => {
    const r = parseGitConfig('[remote "a"]\n\turl = one\n[remote "b\n\turl = two\n\tfetch = x\n');
    assert.deepEqual(
      r.issues.map((i) => i.range.start.line),
      [2],
    );
    assert.deepEqual(
      r.value.entries.map((e) => e.value),
      ['one'],
    );
  });

  it('never throws on odd input', () => {
    for (const t of ['', '[', ']', '\\', '[a]\nk=\\', '[a]\nk="\\', '\r\r', '[a "b\\"]']) {
      assert.doesNotThrow(() => parseGitConfig(t));
    }
  });
});
