import * as assert from 'node:assert/strict';
import { parsePython } from '../../../../src/core/parsers/python';
import { boundNames, importOf } from '../../../../src/core/parsers/pythonImports';
import { moduleNames } from '../../../../src/core/parsers/pythonNames';

function firstImport(src: string) {
  const m = parsePython(src).value;
  const s = m.statements[0];
  assert.ok(s);
  return importOf(s);
}

describe('importOf', () => {
  it('reads `import a.b as c, d`', () => {
    const src = 'import a.b as c, d';
    const imp = firstImport(src);
    assert.equal(imp?.kind, 'import');
    assert.deepEqual(
      imp?.items.map((i) => [i.name, i.alias, src.slice(i.start, i.end), src.slice(i.nameStart, i.nameEnd)]),
      [
        ['a.b', 'c', 'a.b as c', 'a.b'],
        ['d', undefined, 'd', 'd'],
      ],
    );
    assert.deepEqual(imp && boundNames(imp), ['c', 'd']);
  });

  it('reads a parenthesised multi-line from-import with its module range', () => {
    const src = 'from dash.dependencies import (\n    Input,\n    Output as O,  # note\n)\n';
    const imp = firstImport(src);
    assert.equal(imp?.kind, 'from');
    assert.equal(imp?.module?.name, 'dash.dependencies');
    assert.equal(src.slice(imp?.module?.start, imp?.module?.end), 'dash.dependencies');
    assert.deepEqual(
      imp?.items.map((i) => [i.name, i.alias]),
      [
        ['Input', undefined],
        ['Output', 'O'],
      ],
    );
  });

  it('reads relative and star imports', () => {
    assert.equal(firstImport('from ..pkg import x')?.module?.name, '..pkg');
    assert.equal(firstImport('from . import x')?.module?.name, '.');
    assert.equal(firstImport('from m import *')?.isStar, true);
  });

  it('is undefined for other statements and for broken imports', () => {
    assert.equal(firstImport('x = 1'), undefined);
    assert.equal(firstImport('from import x'), undefined);
    assert.equal(firstImport('from m'), undefined);
    assert.deepEqual(firstImport('import')?.items, []);
  });
});

describe('moduleNames', () => {
  it('collects what a module binds at import time', () => {
    const src = [
      'import dash, os.path',
      'from flask import Flask as F',
      'app = server = dash.Dash(__name__)',
      'a, (b, *c) = 1, (2, 3)',
      'typed: int = 3',
      'obj.attr = 1',
      'items[0] = 2',
      'for i, j in pairs: pass',
      'with open(p) as fh: pass',
      'def create_app(): hidden = 1',
      'class Thing: member = 1',
      'if (walrus := 3): pass',
      'def f():',
      '    global late',
      '    late = 1',
      'f(kw=1)',
      'x == 2',
      '',
    ].join('\n');
    const names = moduleNames(parsePython(src).value).names;
    for (const n of ['dash', 'os', 'F', 'app', 'server', 'a', 'b', 'c', 'typed', 'i', 'j', 'fh', 'create_app', 'Thing', 'walrus', 'late']) {
      assert.ok(names.has(n), n);
    }
    for (const n of ['obj', 'attr', 'items', 'hidden', 'member', 'kw', 'x', 'flask', 'Flask']) {
      assert.ok(!names.has(n), n);
    }
  });

  it('ignores names in strings and comments and notes star imports', () => {
    const r = moduleNames(parsePython('"""\nserver = app.server\n"""\n# server = 1\nfrom helpers import *\n').value);
    assert.equal(r.names.has('server'), false);
    assert.equal(r.hasStarImport, true);
  });
});
