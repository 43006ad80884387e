import * as assert from 'node:assert/strict';
import { checkApp } from '../../../../../src/core/engine/checkApp';
import { combineFixes } from '../../../../../src/core/engine/combineFixes';
import { DEFAULT_ENGINE_CONFIG } from '../../../../../src/core/engine/config';
import { appRules } from '../../../../../src/core/rules/app';
import { pythonRules } from '../../../../../src/core/rules/python';
import { snapshotOf } from '../../../../support/snapshotBuilder';
import { applyFix } from './ruleHarness';

// A typical DE4 app through the engine with every code and app rule: findings, suppression, and the
// safe fixes applied together the way fix-all does.
const APP = [
  'import os',
  'import dash',
  'import dash_core_components as dcc',
  'import dash_html_components as html',
  'from dash.dependencies import Input, Output',
  '',
  'app = dash.Dash(',
  '    __name__,',
  ')',
  'cache_url = os.environ.get("REDIS_URL")',
  'app.layout = html.Div([dcc.Graph(id="g")])',
  '',
  "if __name__ == '__main__':",
  '    app.run_server(debug=True)  # de-migrate: ignore[run-server-removed]',
  '',
].join('\r\n');

describe('python and app rules together', () => {
  const files = {
    'app.py': APP,
    'requirements.txt': 'dash==1.21.0\r\n',
    '.git/config': '[remote "plotly"]\n\turl = ssh://dokku@de4.example.com:3022/sales\n',
  };
  const report = checkApp(
    snapshotOf(files, { sizes: { 'data/big.csv': 200 * 1024 * 1024 } }),
    [...pythonRules, ...appRules],
    DEFAULT_ENGINE_CONFIG,
  );

  it('reports each problem once, in file order, honouring inline suppression', () => {
    assert.deepEqual(
      report.findings.map((f) => [f.file, f.range.start.line, f.rule, f.severity]),
      [
        ['.git/config', 1, 'ssh-port-3022', 'warning'],
        ['app.py', 0, 'procfile-missing', 'error'],
        ['app.py', 2, 'legacy-dash-imports', 'warning'],
        ['app.py', 3, 'legacy-dash-imports', 'warning'],
        ['app.py', 4, 'dash-dependencies-import', 'hint'],
        ['app.py', 6, 'server-missing', 'error'],
        ['app.py', 9, 'service-env-var', 'info'],
        ['data/big.csv', 0, 'large-data-file', 'warning'],
      ],
    );
  });

  it('applies all safe fixes together without collisions; the Procfile follows on the next run', () => {
    const safe = report.findings.flatMap((f) => f.fixes.filter((x) => x.safety === 'safe'));
    const combined = combineFixes(safe);
    assert.deepEqual(combined.skipped, []);
    const after = applyFix(files, { title: 'all', safety: 'safe', edits: combined.edits });
    assert.equal(
      after['app.py'],
      [
        'import os',
        'import dash',
        'from dash import dcc',
        'from dash import html',
        'from dash import Input, Output',
        '',
        'app = dash.Dash(',
        '    __name__,',
        ')',
        'server = app.server',
        'cache_url = os.environ.get("REDIS_URL")',
        'app.layout = html.Div([dcc.Graph(id="g")])',
        '',
        "if __name__ == '__main__':",
        '    app.run_server(debug=True)  # de-migrate: ignore[run-server-removed]',
        '',
      ].join('\r\n'),
    );
    assert.equal(after['.git/config'], '[remote "plotly"]\n\turl = ssh://dokku@de4.example.com:22/sales\n');
    const second = checkApp(snapshotOf(after), pythonRules, DEFAULT_ENGINE_CONFIG);
    const procfileFix = second.findings.find((f) => f.rule === 'procfile-missing')?.fixes[0];
    assert.equal(procfileFix?.safety, 'safe');
    assert.equal(applyFix(after, procfileFix)['Procfile'], 'web: gunicorn app:server --workers 4\n');
  });
});
