import * as assert from 'node:assert/strict';
import { longCallbackRemovedRule } from '../../../../../src/core/rules/python/longCallbackRemoved';
import { run, textAt } from './ruleHarness';

describe('long-callback-removed', () => {
  it('reports @app.long_callback and .long_callback( calls, without a fix', () => {
    const code = [
      'import dash',
      '@app.long_callback(',
      '    Output("out", "children"), Input("go", "n_clicks"),',
      ')',
      'def slow(n):',
      '    return n',
      'dash_app.long_callback(Output("a", "b"))(fn)',
      '',
    ].join('\r\n');
    const findings = run(longCallbackRemovedRule, { 'app.py': code });
    assert.deepEqual(
      findings.map((f) => textAt(code, f.range)),
      ['app.long_callback', 'dash_app.long_callback'],
    );
    assert.ok(findings.every((f) => f.fixes === undefined));
    assert.match(findings[0]?.message ?? '', /background=True/);
  });

  it('ignores the manager module, background callbacks, strings and comments', () => {
    const code = [
      'from dash.long_callback import DiskcacheLongCallbackManager',
      'import dash.long_callback',
      '@callback(Output("a", "b"), Input("c", "d"), background=True)',
      'def f(x): return x',
      '# @app.long_callback(...)',
      's = "app.long_callback("',
      '',
    ].join('\n');
    assert.deepEqual(run(longCallbackRemovedRule, { 'app.py': code }), []);
  });

  it('does not throw on broken code', () => {
    assert.equal(run(longCallbackRemovedRule, { 'app.py': '@app.long_callback(\n' }).length, 1);
  });
});
