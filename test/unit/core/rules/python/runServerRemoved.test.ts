import * as assert from 'node:assert/strict';
import { runServerRemovedRule } from '../../../../../src/core/rules/python/runServerRemoved';
import { applyFix, run, textAt } from './ruleHarness';

describe('run-server-removed', () => {
  it('replaces run_server with run in real calls', () => {
    const code = 'if __name__ == "__main__":\r\n    app.run_server(debug=True, port=8050)\r\n';
    const files = { 'app.py': code };
    const [f, ...rest] = run(runServerRemovedRule, files);
    assert.equal(rest.length, 0);
    assert.equal(textAt(code, f?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), 'run_server');
    assert.equal(f?.fixes?.[0]?.safety, 'safe');
    assert.equal(applyFix(files, f?.fixes?.[0])['app.py'], 'if __name__ == "__main__":\r\n    app.run(debug=True, port=8050)\r\n');
  });

  it('finds each call, also split over lines', () => {
    const code = 'app.run_server()\nsuper().run_server (\n  debug=True)\nx = obj.app \\\n  .run_server()\n';
    assert.deepEqual(
      run(runServerRemovedRule, { 'app.py': code }).map((f) => f.range.start.line),
      [0, 1, 4],
    );
  });

  it('ignores strings, comments, definitions and references without a call', () => {
    const code = [
      '# app.run_server(debug=True)',
      'print("call app.run_server() locally")',
      "'''app.run_server()'''",
      'def run_server(self):',
      '    pass',
      'f = app.run_server',
      'app.run(debug=True)',
      '',
    ].join('\n');
    assert.deepEqual(run(runServerRemovedRule, { 'app.py': code }), []);
  });

  it('does not throw on broken code', () => {
    assert.equal(run(runServerRemovedRule, { 'app.py': 'app.run_server(\n"unterminated\n' }).length, 1);
  });
});
