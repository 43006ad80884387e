import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { gunicornMissingRule } from '../../../../../src/core/rules/requirements/gunicornMissing';
import { applyFix, onlyFinding, run } from './ruleHarness';

const PROCFILE = 'web: gunicorn app:server --workers 4\n';

describe('gunicorn-missing', () => {
  it('reports on requirements.txt and appends gunicorn', () => {
    const r = run(gunicornMissingRule, { Procfile: PROCFILE, 'requirements.txt': 'dash==2.0\npandas\n\n' });
    const f = onlyFinding(r);
    assert.equal(f.file, 'requirements.txt');
    assert.deepEqual(f.range, range(1, 6, 1, 6));
    assert.match(f.message, /Procfile runs gunicorn \(line 1\)/);
    assert.equal(f.severity, undefined);
    assert.equal(f.fixes?.[0]?.safety, 'safe');
    assert.equal(applyFix(r.app, f.fixes?.[0]), 'dash==2.0\npandas\n\ngunicorn\n');
  });

  it('keeps CRLF and a missing final newline', () => {
    const crlf = run(gunicornMissingRule, { Procfile: PROCFILE, 'requirements.txt': 'dash==2.0\r\npandas\r\n' });
    assert.equal(applyFix(crlf.app, crlf.findings[0]?.fixes?.[0]), 'dash==2.0\r\npandas\r\ngunicorn\r\n');
    const noFinal = run(gunicornMissingRule, { Procfile: PROCFILE, 'requirements.txt': 'dash==2.0\npandas' });
    assert.equal(applyFix(noFinal.app, noFinal.findings[0]?.fixes?.[0]), 'dash==2.0\npandas\ngunicorn');
    const crlfNoFinal = run(gunicornMissingRule, { Procfile: PROCFILE, 'requirements.txt': 'dash==2.0\r\npandas' });
    assert.equal(applyFix(crlfNoFinal.app, crlfNoFinal.findings[0]?.fixes?.[0]), 'dash==2.0\r\npandas\r\ngunicorn');
    const empty = run(gunicornMissingRule, { Procfile: PROCFILE, 'requirements.txt': '' });
    assert.deepEqual(empty.findings[0]?.range, range(0, 0, 0, 0));
    assert.equal(applyFix(empty.app, empty.findings[0]?.fixes?.[0]), 'gunicorn\n');
  });

  it('is satisfied by gunicorn in any form, here or in an included root file', () => {
    for (const reqs of ['gunicorn\n', 'Gunicorn==20.1.0\n', 'gunicorn[gevent]>=20 ; python_version >= "3"\n', '-r base.txt\n']) {
      assert.deepEqual(
        run(gunicornMissingRule, { Procfile: PROCFILE, 'requirements.txt': reqs, 'base.txt': 'gunicorn\n' }).findings,
        [],
        reqs,
      );
    }
  });

  it('does nothing when the Procfile does not run gunicorn', () => {
    assert.deepEqual(run(gunicornMissingRule, { Procfile: 'web: python app.py\n', 'requirements.txt': 'dash\n' }).findings, []);
    assert.deepEqual(run(gunicornMissingRule, { 'requirements.txt': 'dash\n' }).findings, []);
  });

  it('softens to a warning when an include it cannot read may list gunicorn', () => {
    const r = run(gunicornMissingRule, { Procfile: PROCFILE, 'requirements.txt': '-r ./demos/requirements.txt\n' });
    const f = onlyFinding(r);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /unless `\.\/demos\/requirements\.txt` lists it/);
  });

  it('reports on the Procfile and creates requirements.txt when there is none', () => {
    const r = run(gunicornMissingRule, { Procfile: 'web: gunicorn index:server --log-file=-\n', 'app.py': '' });
    const f = onlyFinding(r);
    assert.equal(f.file, 'Procfile');
    assert.deepEqual(f.range, range(0, 5, 0, 13));
    assert.deepEqual(f.fixes?.[0]?.edits, [{ kind: 'create', file: 'requirements.txt', content: 'gunicorn\n' }]);
    // A conda app keeps its dependencies elsewhere.
    assert.deepEqual(run(gunicornMissingRule, { Procfile: PROCFILE, 'environment.yml': 'name: x\n' }).findings, []);
  });

  it('does not throw on a malformed requirements file', () => {
    const r = run(gunicornMissingRule, { Procfile: PROCFILE, 'requirements.txt': 'gunicorn=20\n' });
    assert.equal(r.findings.length, 1);
  });
});
