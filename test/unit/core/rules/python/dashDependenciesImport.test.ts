import * as assert from 'node:assert/strict';
import { dashDependenciesImportRule } from '../../../../../src/core/rules/python/dashDependenciesImport';
import { applyFix, run, textAt } from './ruleHarness';

describe('dash-dependencies-import', () => {
  it('imports Input, Output and State from dash, keeping the names and their layout', () => {
    const code = 'import dash\nfrom dash.dependencies import (\r\n    Input,  # trigger\r\n    Output, State, MATCH,\r\n)\r\n';
    const files = { 'app.py': code };
    const [f, ...rest] = run(dashDependenciesImportRule, files);
    assert.equal(rest.length, 0);
    assert.equal(textAt(code, f?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), 'dash.dependencies');
    assert.equal(f?.fixes?.[0]?.safety, 'safe');
    assert.equal(
      applyFix(files, f?.fixes?.[0])['app.py'],
      'import dash\nfrom dash import (\r\n    Input,  # trigger\r\n    Output, State, MATCH,\r\n)\r\n',
    );
    const one = { 'app.py': 'from dash.dependencies import Input, Output as Out\n' };
    assert.equal(applyFix(one, run(dashDependenciesImportRule, one)[0]?.fixes?.[0])['app.py'], 'from dash import Input, Output as Out\n');
  });

  it('leaves names dash does not export, star imports, strings and comments alone', () => {
    const code = [
      'from dash.dependencies import Input, DashDependency',
      'from dash.dependencies import *',
      '# from dash.dependencies import Input',
      'doc = "from dash.dependencies import Output"',
      'import dash.dependencies',
      'from dash import Input',
      '',
    ].join('\n');
    assert.deepEqual(run(dashDependenciesImportRule, { 'app.py': code }), []);
  });

  it('does not throw on broken code', () => {
    assert.doesNotThrow(() =>
      run(dashDependenciesImportRule, { 'app.py': 'from dash.dependencies import\nfrom dash.dependencies import (Input,\n' }),
    );
  });
});
