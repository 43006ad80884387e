import * as assert from 'node:assert/strict';
import { parsePython, tokenizePython, type PyStringToken } from '../../../../src/core/parsers/python';

function texts(src: string): string[] {
  return tokenizePython(src).map((t) => t.text);
}

function statements(src: string): string[] {
  const m = parsePython(src).value;
  return m.statements.map((s) => src.slice(s.start, s.end));
}

describe('tokenizePython', () => {
  it('splits names, numbers and operators', () => {
    assert.deepEqual(texts('x = a.b(1.5e-3, **kw) // 2'), ['x', '=', 'a', '.', 'b', '(', '1.5e-3', ',', '**', 'kw', ')', '//', '2']);
  });

  it('drops comments, including quotes inside them', () => {
    assert.deepEqual(texts('a = 1  # app.run_server("x")\nb'), ['a', '=', '1', 'b']);
  });

  it('reads single, double, triple-quoted and prefixed strings as one token', () => {
    const src = `a = 'x # y'\nb = "it's"\nc = """line\napp.run_server()\n"""\nd = rb'\\d'\ne = f"{x}"\nf = Rb"z"`;
    const strings = tokenizePython(src).filter((t): t is PyStringToken => t.kind === 'string');
    assert.deepEqual(
      strings.map((s) => [s.prefix, s.body]),
      [
        ['', 'x # y'],
        ['', "it's"],
        ['', 'line\napp.run_server()\n'],
        ['rb', '\\d'],
        ['f', '{x}'],
        ['rb', 'z'],
      ],
    );
    assert.ok(strings.every((s) => s.isClosed));
  });

  it('keeps an escaped quote inside the string, also in raw strings', () => {
    const [, , s] = tokenizePython(`x = r"a\\"b" + y`);
    assert.equal(s?.text, `r"a\\"b"`);
    assert.deepEqual(texts(`x = r"a\\"b" + y`).slice(3), ['+', 'y']);
  });

  it('ends an unterminated single-quoted string at the line break and goes on', () => {
    const toks = tokenizePython('a = "oops\nb = 2\n');
    const s = toks[2] as PyStringToken;
    assert.equal(s.kind, 'string');
    assert.equal(s.isClosed, false);
    assert.deepEqual(
      toks.slice(3).map((t) => t.text),
      ['b', '=', '2'],
    );
  });

  it('runs an unterminated triple-quoted string to the end without throwing', () => {
    const toks = tokenizePython('a = 1\nb = """never closed\nimport dash_table\n');
    assert.equal(toks.length, 6);
    assert.equal((toks[5] as PyStringToken).isClosed, false);
  });

  it('does not take an identifier ending in a prefix letter for a string prefix', () => {
    assert.deepEqual(texts('bar"x"'), ['bar', '"x"']);
  });

  it('records bracket depth', () => {
    const toks = tokenizePython('f(a[1])');
    assert.deepEqual(
      toks.map((t) => t.depth),
      [0, 0, 1, 1, 2, 1, 0],
    );
  });
});

describe('parsePython statements', () => {
  it('joins bracketed and backslash-continued lines into one statement', () => {
    const src = 'app = dash.Dash(\n    __name__,\n)\nx = 1 + \\\n    2\ny = 3\n';
    assert.deepEqual(statements(src), ['app = dash.Dash(\n    __name__,\n)', 'x = 1 + \\\n    2', 'y = 3']);
  });

  it('splits on semicolons and after one-line compound headers', () => {
    assert.deepEqual(statements('import a; import b\ntry: import c\nexcept ImportError: c = None\n'), [
      'import a',
      'import b',
      'try:',
      'import c',
      'except ImportError:',
      'c = None',
    ]);
  });

  it('handles CRLF line endings', () => {
    const src = 'import dash\r\napp = dash.Dash(\r\n  __name__)\r\nserver = app.server\r\n';
    assert.deepEqual(statements(src), ['import dash', 'app = dash.Dash(\r\n  __name__)', 'server = app.server']);
  });

  it('a backslash before a comment line break does not continue the line', () => {
    assert.deepEqual(statements('a = 1  # ends with \\\nb = 2\n'), ['a = 1', 'b = 2']);
  });

  it('knows which statements run at import time and their indentation', () => {
    const src = [
      'import dash',
      'if True:',
      '    app = dash.Dash()',
      'def make():',
      '    inner = dash.Dash()',
      '    if x:',
      '        deeper = 1',
      'class C:',
      '    attr = 1',
      'def f(): local = 1',
      'top = 2',
      '',
    ].join('\n');
    const m = parsePython(src).value;
    const byText = new Map(m.statements.map((s) => [src.slice(s.start, s.end), s]));
    assert.equal(byText.get('app = dash.Dash()')?.isModuleLevel, true);
    assert.equal(byText.get('app = dash.Dash()')?.indent, '    ');
    assert.equal(byText.get('inner = dash.Dash()')?.isModuleLevel, false);
    assert.equal(byText.get('deeper = 1')?.isModuleLevel, false);
    assert.equal(byText.get('attr = 1')?.isModuleLevel, false);
    assert.equal(byText.get('local = 1')?.isModuleLevel, false);
    assert.equal(byText.get('local = 1')?.startsLine, false);
    assert.equal(byText.get('top = 2')?.isModuleLevel, true);
    assert.equal(byText.get('top = 2')?.startsLine, true);
  });

  it('recovers from an unclosed bracket at the next def/class/import line', () => {
    const src = 'x = foo(\nimport dash_core_components as dcc\ny = 1\n';
    assert.deepEqual(statements(src), ['x = foo(', 'import dash_core_components as dcc', 'y = 1']);
  });

  it('never throws on odd input', () => {
    for (const src of ['', '\\', '"""', ')))', '((((', "'\n'", 'f"{', '\r\r\n\n', '#', 'x = \\', '0x', '1e', '$?!']) {
      assert.doesNotThrow(() => parsePython(src));
    }
    assert.deepEqual(parsePython('((((').issues, []);
  });
});
