import * as assert from 'node:assert/strict';
import { dotenvValue, formatDotenv, isValidEnvName, parseDotenv as readDotenv } from '../../../../src/core/de4/dotenv';

/**
 * A strict reader of the subset formatDotenv writes: comments, `NAME=bare` (no whitespace, `#`,
 * quotes, `$` or backslash) and `NAME="…"` with exactly the escapes `\\ \" \n \r \$`. It throws on
 * anything else, so an unescaped character in the output fails the test. python-dotenv reads the same
 * text the same way, except that it keeps `\$` as two characters (it has no escape for `$`).
 */
function parseDotenv(text: string): Map<string, string> {
  assert.ok(text === '' || text.endsWith('\n'), 'ends with a newline');
  const out = new Map<string, string>();
  for (const line of text.split('\n').slice(0, -1)) {
    if (line.startsWith('#')) {
      continue;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    assert.ok(m, `not a NAME=value line: ${JSON.stringify(line)}`);
    const [, name = '', raw = ''] = m;
    if (!raw.startsWith('"')) {
      assert.match(raw, /^[^\s#"'$\\]*$/, `bare value needs quotes: ${raw}`);
      out.set(name, raw);
      continue;
    }
    let value = '';
    let i = 1;
    for (; i < raw.length && raw[i] !== '"'; i++) {
      const c = raw[i] ?? '';
      if (c !== '\\') {
        value += c;
        continue;
      }
      const next = raw[++i] ?? '';
      const decoded = ({ '\\': '\\', '"': '"', n: '\n', r: '\r', $: '$' } as Record<string, string>)[next];
      assert.ok(decoded !== undefined, `unknown escape \\${next} in ${raw}`);
      value += decoded;
    }
    assert.equal(i, raw.length - 1, `text after the closing quote: ${raw}`);
    out.set(name, value);
  }
  return out;
}

describe('formatDotenv', () => {
  it('writes plain values bare and quotes and escapes the rest', () => {
    assert.equal(
      formatDotenv([
        { name: 'PLAIN', value: 'abc-123_x.y/z:1@h,=+%' },
        { name: 'EMPTY', value: '' },
        { name: 'SPACE', value: 'two words' },
        { name: 'HASH', value: 'a#b' },
        { name: 'QUOTES', value: `say "hi" it's` },
        { name: 'DOLLAR', value: 'p$w${HOME}' },
        { name: 'BACKSLASH', value: 'C:\\temp\\n' },
        { name: 'LINES', value: 'l1\nl2\r\n' },
        { name: 'TAB', value: 'a\tb' },
      ]),
      [
        'PLAIN=abc-123_x.y/z:1@h,=+%',
        'EMPTY=',
        'SPACE="two words"',
        'HASH="a#b"',
        `QUOTES="say \\"hi\\" it's"`,
        'DOLLAR="p\\$w\\${HOME}"',
        'BACKSLASH="C:\\\\temp\\\\n"',
        'LINES="l1\\nl2\\r\\n"',
        'TAB="a\tb"',
        '',
      ].join('\n'),
    );
  });

  it('writes an unknown value as NAME= under a comment, and a bad name as a comment', () => {
    const text = formatDotenv(
      [
        { name: 'API_TOKEN', value: undefined },
        { name: 'MY-VAR', value: 'x y' },
        { name: '1ST', value: undefined },
        { name: 'BAD\nNAME', value: 'v\nw' },
        { name: 'OK', value: '1' },
      ],
      { header: 'Environment of sales-dash\n\nfrom DE4' },
    );
    assert.equal(
      text,
      [
        '# Environment of sales-dash',
        '#',
        '# from DE4',
        '# API_TOKEN: value not known; fill it in.',
        'API_TOKEN=',
        '# Not a valid variable name, so not set: MY-VAR="x y"',
        '# Not a valid variable name, so not set: 1ST=(no value)',
        '# Not a valid variable name, so not set: "BAD\\nNAME"="v\\nw"',
        'OK=1',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      [...parseDotenv(text)],
      [
        ['API_TOKEN', ''],
        ['OK', '1'],
      ],
    );
  });

  it('round-trips every value through a strict reader', () => {
    const values = [
      '',
      'x',
      ' lead',
      'trail ',
      '#',
      '"',
      "'",
      '$',
      '\\',
      '\\"',
      '\n',
      '\r\n',
      'a=b',
      'é ü 漢字 🙂',
      '${A}$B',
      'end\\',
      '\u0000x',
      'a  b\t\tc',
    ];
    const vars = values.map((value, i) => ({ name: `V_${i}`, value }));
    const parsed = parseDotenv(formatDotenv(vars));
    assert.deepEqual(
      vars.map((v) => [v.name, parsed.get(v.name)]),
      vars.map((v) => [v.name, v.value]),
    );
    assert.equal(formatDotenv(vars).split('\n').length, vars.length + 1, 'one line per variable');
  });

  it('checks names the way shells and dotenv readers do', () => {
    assert.deepEqual(['A', '_x1', 'a_B_9', '', '1A', 'A-B', 'A.B', 'A B', 'É'].map(isValidEnvName), [
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    assert.equal(dotenvValue('a"b'), '"a\\"b"');
    assert.equal(formatDotenv([]), '');
    assert.equal(formatDotenv([], { header: 'h' }), '# h\n');
  });
});

describe('de4/dotenv parseDotenv', () => {
  it('reads back what formatDotenv writes, and the common hand-written forms', () => {
    const vars = [
      { name: 'PLAIN', value: 'abc' },
      { name: 'SPACES', value: 'a b # c' },
      { name: 'QUOTES', value: 'say "hi" \\ $HOME\nnext' },
      { name: 'EMPTY', value: '' },
    ];
    const back = readDotenv(formatDotenv(vars, { header: 'h' }));
    for (const v of vars) {
      assert.equal(back.get(v.name), v.value, v.name);
    }
    const hand = readDotenv("export A=1 # note\nB='lit $X \\n'\n# C=no\nnot an assignment\nA=2\n");
    assert.deepEqual(
      [...hand],
      [
        ['A', '2'],
        ['B', 'lit $X \\n'],
      ],
    );
  });

  it('reads a value followed by a long run of blanks in one pass (a quadratic pattern used to stall here)', () => {
    const blanks = ' '.repeat(200_000);
    assert.deepEqual(
      [...readDotenv(`A=b${blanks}c\nB=x${blanks}# note\n`)],
      [
        ['A', `b${blanks}c`],
        ['B', 'x'],
      ],
    );
  });
});
