import * as assert from 'node:assert/strict';
import { legacyDashImportsRule } from '../../../../../src/core/rules/python/legacyDashImports';
import { applyFix, run, textAt } from './ruleHarness';

function fixed(code: string): string | undefined {
  const files = { 'app.py': code };
  const [f, ...rest] = run(legacyDashImportsRule, files);
  assert.equal(rest.length, 0, code);
  return f?.fixes?.[0] ? applyFix(files, f.fixes[0])['app.py'] : undefined;
}

describe('legacy-dash-imports', () => {
  it('rewrites the forms that bind the same names', () => {
    assert.equal(fixed('import dash_core_components as dcc\n'), 'from dash import dcc\n');
    assert.equal(fixed('import dash_html_components as html\n'), 'from dash import html\n');
    assert.equal(fixed('import dash_table\n'), 'from dash import dash_table\n');
    assert.equal(fixed('import dash_table as dt\n'), 'from dash import dash_table as dt\n');
    assert.equal(fixed('import dash_core_components as core\n'), 'from dash import dcc as core\n');
    assert.equal(fixed('from dash_core_components import Graph\n'), 'from dash.dcc import Graph\n');
    assert.equal(fixed('from dash_table.Format import Format, Scheme\n'), 'from dash.dash_table.Format import Format, Scheme\n');
  });

  it('keeps comments, CRLF, indentation and one-line compound statements', () => {
    assert.equal(
      fixed('try:\r\n    import dash_html_components as html  # old\r\nexcept ImportError:\r\n    pass\r\n'),
      'try:\r\n    from dash import html  # old\r\nexcept ImportError:\r\n    pass\r\n',
    );
    assert.equal(
      fixed('try: import dash_core_components as dcc\nexcept ImportError: pass\n'),
      'try: from dash import dcc\nexcept ImportError: pass\n',
    );
    assert.equal(fixed('from dash_html_components import (\n    Div,\n    H1,\n)\n'), 'from dash.html import (\n    Div,\n    H1,\n)\n');
  });

  it('reports the other forms without a fix, one finding per legacy module', () => {
    const plain = run(legacyDashImportsRule, { 'app.py': 'import dash_core_components\n' });
    assert.equal(plain.length, 1);
    assert.equal(plain[0]?.fixes, undefined);
    const code = 'import dash, dash_core_components as dcc, dash_html_components as html\nimport dash_table.Format\n';
    const many = run(legacyDashImportsRule, { 'app.py': code });
    assert.deepEqual(
      many.map((f) => textAt(code, f.range)),
      ['dash_core_components as dcc', 'dash_html_components as html', 'dash_table.Format'],
    );
    assert.ok(many.every((f) => f.fixes === undefined));
    assert.match(many[0]?.message ?? '', /dash>=2/);
  });

  it('ignores strings, comments, the new imports and look-alike modules', () => {
    const code = [
      '# import dash_core_components as dcc',
      '"""',
      'import dash_html_components as html',
      '"""',
      's = "from dash_table import DataTable"',
      'from dash import dcc, html, dash_table',
      'import dash_core_components_extra',
      'from .dash_table import x',
      '',
    ].join('\n');
    assert.deepEqual(run(legacyDashImportsRule, { 'app.py': code }), []);
  });

  it('does not throw on broken code', () => {
    assert.doesNotThrow(() =>
      run(legacyDashImportsRule, { 'app.py': 'import\nfrom\nimport dash_table as\n"open\nfrom dash_core_components import (\n' }),
    );
    const [f] = run(legacyDashImportsRule, { 'app.py': 'x = (\nimport dash_core_components as dcc\n' });
    assert.equal(f?.range.start.line, 1);
  });
});
