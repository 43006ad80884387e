import * as assert from 'node:assert/strict';
import { procfileTargetMissingRule } from '../../../../../src/core/rules/python/procfileTargetMissing';
import { run, textAt } from './ruleHarness';

const DASH = 'import dash\napp = dash.Dash(__name__)\nserver = app.server\n';

describe('procfile-target-missing', () => {
  it('reports a module with no file in the app folder, on the module:variable token', () => {
    const procfile = 'web: gunicorn app:server --workers 4\n';
    const [f, ...rest] = run(procfileTargetMissingRule, { Procfile: procfile, 'requirements.txt': 'dash\n' });
    assert.equal(rest.length, 0);
    assert.equal(f?.file, 'Procfile');
    assert.equal(textAt(procfile, f?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), 'app:server');
    assert.match(f?.message ?? '', /app\.py .*not found in the app folder/);
  });

  it('finds modules as files, packages and nested paths, also behind cd, --chdir and --pythonpath', () => {
    const cases: [string, Record<string, string>][] = [
      ['web: gunicorn app:server', { 'app.py': DASH }],
      ['web: gunicorn app:server', { 'app/__init__.py': 'from .main import server\n' }],
      ['web: gunicorn src.app:server', { 'src/app.py': DASH }],
      ['web: cd src && gunicorn app:server', { 'src/app.py': DASH }],
      ['web: cd /app/src && gunicorn app:server', { 'src/app.py': DASH }],
      ['web: cd src; gunicorn app:server', { 'src/app.py': DASH }],
      ['web: gunicorn --chdir src app:server', { 'src/app.py': DASH }],
      ['web: gunicorn --chdir=/app/src app:server', { 'src/app.py': DASH }],
      ['web: gunicorn --pythonpath lib,src app:server', { 'src/app.py': DASH }],
    ];
    for (const [procfile, files] of cases) {
      assert.deepEqual(run(procfileTargetMissingRule, { Procfile: procfile, ...files }), [], procfile);
    }
  });

  it('stays silent when a config file, a variable or an outside path decides where the module is', () => {
    for (const procfile of [
      'web: gunicorn -c gunicorn_conf.py app:server',
      'web: gunicorn --config=conf.py app:server',
      'web: cd $APP_DIR && gunicorn app:server',
      'web: cd "my app" && gunicorn app:server',
      'web: gunicorn --chdir /srv/code app:server',
    ]) {
      assert.deepEqual(run(procfileTargetMissingRule, { Procfile: procfile }), [], procfile);
    }
    assert.deepEqual(run(procfileTargetMissingRule, { Procfile: 'web: gunicorn app:server', 'gunicorn.conf.py': 'chdir = "src"\n' }), []);
  });

  it('reports a variable the module never defines', () => {
    const procfile = 'web: gunicorn wsgi:server\n';
    const [f] = run(procfileTargetMissingRule, {
      Procfile: procfile,
      'wsgi.py': 'from flask import Flask\napplication = Flask(__name__)\n# server = application\n',
    });
    assert.equal(f?.range.start.character, 14);
    assert.match(f?.message ?? '', /wsgi\.py never defines `server`/);
  });

  it('accepts imports, star imports, factories and leaves Dash modules to server-missing', () => {
    const ok: [string, string][] = [
      ['web: gunicorn wsgi:server', 'from app import server\n'],
      ['web: gunicorn wsgi:server', 'from app import *\n'],
      ['web: gunicorn "wsgi:create_app()"', 'def create_app():\n    return None\n'],
      ['web: gunicorn wsgi:server', 'import dash\napp = dash.Dash()\n'],
    ];
    for (const [procfile, code] of ok) {
      assert.deepEqual(run(procfileTargetMissingRule, { Procfile: procfile, 'wsgi.py': code }), [], code);
    }
    assert.equal(run(procfileTargetMissingRule, { Procfile: 'web: gunicorn wsgi:create_app()', 'wsgi.py': 'x = 1\n' }).length, 1);
  });

  it('does not claim a variable is missing from a module it could not read', () => {
    assert.deepEqual(
      run(procfileTargetMissingRule, { Procfile: 'web: gunicorn app:server', 'app.py': '' }, { skipped: { 'app.py': 'too-large' } }),
      [],
    );
    // Known only by its size (beyond the Python file limit): it exists.
    assert.deepEqual(run(procfileTargetMissingRule, { Procfile: 'web: gunicorn app:server' }, { sizes: { 'app.py': 10 } }), []);
  });

  it('checks every process with a gunicorn target, with CRLF and broken lines', () => {
    const procfile = 'web: gunicorn app:server\r\nbroken line\r\nworker: gunicorn other:server\r\nbeat: celery -A tasks beat\r\n';
    const findings = run(procfileTargetMissingRule, { Procfile: procfile, 'app.py': DASH });
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0]?.range, { start: { line: 2, character: 17 }, end: { line: 2, character: 29 } });
  });
});
