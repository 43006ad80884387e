import * as assert from 'node:assert/strict';
import { serverMissingRule } from '../../../../../src/core/rules/python/serverMissing';
import { applyFix, run, textAt } from './ruleHarness';

const PROCFILE = 'web: gunicorn app:server --workers 4\n';

describe('server-missing', () => {
  it('inserts `server = app.server` after a multi-line Dash(...) call', () => {
    const app = [
      'import dash',
      '',
      'app = dash.Dash(',
      '    __name__,',
      '    title="x = Dash(",',
      ')  # the app',
      'app.layout = None',
      '',
    ].join('\n');
    const files = { Procfile: PROCFILE, 'app.py': app };
    const [f, ...rest] = run(serverMissingRule, files);
    assert.equal(rest.length, 0);
    assert.equal(f?.file, 'app.py');
    assert.equal(textAt(app, f?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), 'app = dash.Dash');
    assert.equal(f?.fixes?.[0]?.safety, 'safe');
    assert.equal(
      applyFix(files, f?.fixes?.[0])['app.py'],
      [
        'import dash',
        '',
        'app = dash.Dash(',
        '    __name__,',
        '    title="x = Dash(",',
        ')  # the app',
        'server = app.server',
        'app.layout = None',
        '',
      ].join('\n'),
    );
  });

  it('keeps the indentation, the CRLF line ending and the Procfile’s variable name', () => {
    const app = 'from dash import Dash\r\ntry:\r\n    my_app = Dash(__name__)\r\nexcept Exception:\r\n    raise\r\n';
    const files = { Procfile: 'web: gunicorn app:application\r\n', 'app.py': app };
    const [f] = run(serverMissingRule, files);
    assert.equal(
      applyFix(files, f?.fixes?.[0])['app.py'],
      'from dash import Dash\r\ntry:\r\n    my_app = Dash(__name__)\r\n    application = my_app.server\r\nexcept Exception:\r\n    raise\r\n',
    );
  });

  it('adds the line at the end of a file without a final newline', () => {
    const files = { 'app.py': 'import dash\napp = dash.Dash()' };
    const [f] = run(serverMissingRule, files);
    assert.equal(applyFix(files, f?.fixes?.[0])['app.py'], 'import dash\napp = dash.Dash()\nserver = app.server');
  });

  it('checks the main Dash module when there is no Procfile', () => {
    const [f] = run(serverMissingRule, { 'index.py': 'import dash\napp = dash.Dash(__name__)\n' });
    assert.equal(f?.file, 'index.py');
    assert.match(f?.message ?? '', /gunicorn index:server/);
  });

  it('is satisfied by any module-level definition of the variable, not by strings or comments', () => {
    for (const code of [
      'import dash\napp = dash.Dash()\nserver = app.server\n',
      'import flask, dash\nserver = flask.Flask(__name__)\napp = dash.Dash(server=server)\n',
      'import dash\napp = dash.Dash()\nfrom wsgi import server\n',
      'import dash\napp = dash.Dash()\nfrom helpers import *\n',
    ]) {
      assert.deepEqual(run(serverMissingRule, { Procfile: PROCFILE, 'app.py': code }), [], code);
    }
    const commented = 'import dash\napp = dash.Dash()\n# server = app.server\ns = "server = app.server"\n';
    assert.equal(run(serverMissingRule, { Procfile: PROCFILE, 'app.py': commented }).length, 1);
  });

  it('ignores apps created inside functions, factories, unreadable and missing modules', () => {
    const factory = 'import dash\ndef create_app():\n    app = dash.Dash()\n    return app\n';
    assert.deepEqual(run(serverMissingRule, { Procfile: PROCFILE, 'app.py': factory }), []);
    assert.deepEqual(
      run(serverMissingRule, { Procfile: 'web: gunicorn "app:create_app()"\n', 'app.py': 'import dash\napp = dash.Dash()\n' }),
      [],
    );
    assert.deepEqual(run(serverMissingRule, { Procfile: PROCFILE, 'app.py': 'x' }, { skipped: { 'app.py': 'too-large' } }), []);
    assert.deepEqual(run(serverMissingRule, { Procfile: PROCFILE }), []);
    assert.deepEqual(run(serverMissingRule, { Procfile: 'web: python app.py\n', 'app.py': 'import dash\napp = dash.Dash()\n' }), []);
  });

  it('reports one-line compound or unclosed Dash(...) statements without a fix, and does not throw', () => {
    const [a] = run(serverMissingRule, { Procfile: PROCFILE, 'app.py': 'import dash\nif True: app = dash.Dash()\n' });
    assert.equal(a?.fixes, undefined);
    const [b] = run(serverMissingRule, { Procfile: PROCFILE, 'app.py': 'import dash\napp = dash.Dash(__name__,\n' });
    assert.equal(b?.range.start.line, 1);
    assert.equal(b?.fixes, undefined);
  });
});
