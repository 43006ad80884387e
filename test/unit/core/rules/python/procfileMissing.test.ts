import * as assert from 'node:assert/strict';
import { procfileMissingRule } from '../../../../../src/core/rules/python/procfileMissing';
import { applyFix, run } from './ruleHarness';

const APP = 'import dash\napp = dash.Dash(__name__)\nserver = app.server\n';

describe('procfile-missing', () => {
  it('reports a Python app without a Procfile and creates one serving the Dash module', () => {
    const files = { 'app.py': APP, 'requirements.txt': 'dash\n' };
    const [f, ...rest] = run(procfileMissingRule, files);
    assert.equal(rest.length, 0);
    assert.equal(f?.file, 'app.py');
    assert.deepEqual(f?.range.start, { line: 0, character: 0 });
    assert.equal(f?.fixes?.[0]?.safety, 'safe');
    assert.equal(applyFix(files, f?.fixes?.[0])['Procfile'], 'web: gunicorn app:server --workers 4\n');
  });

  it('writes the Procfile with LF, read on Linux, even when the sources use CRLF', () => {
    const files = { 'app.py': APP.replace(/\n/g, '\r\n') };
    const [f] = run(procfileMissingRule, files);
    assert.equal(applyFix(files, f?.fixes?.[0])['Procfile'], 'web: gunicorn app:server --workers 4\n');
  });

  it('serves the script that runs the app (multi-page index.py importing it) over the module that creates it', () => {
    const files = {
      'app.py': 'import dash\napp = dash.Dash(__name__, suppress_callback_exceptions=True)\nserver = app.server\n',
      'index.py': 'from app import app, server\nimport pages\n\nif __name__ == "__main__":\n    app.run_server(debug=True)\n',
      'pages.py': 'from app import app\n',
    };
    const [f] = run(procfileMissingRule, files);
    assert.equal(f?.file, 'index.py');
    assert.equal(applyFix(files, f?.fixes?.[0])['Procfile'], 'web: gunicorn index:server --workers 4\n');
  });

  it('prefers app.py, then index.py, then the shallowest module', () => {
    const dash = 'from dash import Dash\napp = Dash()\nserver = app.server\n';
    assert.equal(run(procfileMissingRule, { 'a/b/main.py': dash, 'index.py': dash, 'app.py': dash })[0]?.file, 'app.py');
    assert.equal(run(procfileMissingRule, { 'a/b/main.py': dash, 'index.py': dash })[0]?.file, 'index.py');
    assert.equal(run(procfileMissingRule, { 'a/b/main.py': dash, 'z.py': dash })[0]?.file, 'z.py');
  });

  it('offers only an unsafe fix for a nested module, whose sibling imports may break', () => {
    const files = { 'src/app.py': APP, 'requirements.txt': 'dash\n' };
    const [f] = run(procfileMissingRule, files);
    assert.equal(f?.file, 'src/app.py');
    assert.equal(f?.fixes?.[0]?.safety, 'unsafe');
    assert.equal(applyFix(files, f?.fixes?.[0])['Procfile'], 'web: gunicorn src.app:server --workers 4\n');
  });

  it('explains and offers no fix when the module does not define server', () => {
    const [f] = run(procfileMissingRule, { 'app.py': 'import dash\napplication = dash.Dash(__name__)\n' });
    assert.equal(f?.file, 'app.py');
    assert.equal(f?.fixes, undefined);
    assert.match(f?.message ?? '', /server = application\.server/);
  });

  it('sits on requirements.txt when no module creates a Dash app (Dash( in strings or comments does not count)', () => {
    const files = { 'requirements.txt': 'dash\n', 'tool.py': '# app = dash.Dash()\ndoc = """app = Dash(__name__)"""\n' };
    const [f] = run(procfileMissingRule, files);
    assert.equal(f?.file, 'requirements.txt');
    assert.equal(f?.fixes, undefined);
    assert.equal(run(procfileMissingRule, { 'tool.py': 'x = 1\n' })[0]?.file, 'tool.py');
  });

  it('skips an unreadable module and still reports', () => {
    const [f] = run(procfileMissingRule, { 'app.py': APP, 'requirements.txt': 'dash\n' }, { skipped: { 'app.py': 'encoding' } });
    assert.equal(f?.file, 'requirements.txt');
    assert.equal(f?.fixes, undefined);
  });

  it('is silent with a Procfile (even an unreadable one) and for apps that are not Python', () => {
    assert.deepEqual(run(procfileMissingRule, { Procfile: 'web: gunicorn app:server\n', 'app.py': APP }), []);
    assert.deepEqual(run(procfileMissingRule, { Procfile: '', 'app.py': APP }, { skipped: { Procfile: 'binary' } }), []);
    assert.deepEqual(run(procfileMissingRule, { 'runtime.txt': 'python-3.9.0\n', 'app.R': 'library(dash)\n' }), []);
  });

  it('does not throw on broken Python', () => {
    const [f] = run(procfileMissingRule, { 'app.py': 'app = dash.Dash(\n"unterminated\n', 'requirements.txt': '' });
    assert.equal(f?.file, 'app.py');
    assert.equal(f?.fixes, undefined);
  });
});
