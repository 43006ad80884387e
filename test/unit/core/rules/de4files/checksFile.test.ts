import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { checksFileRule } from '../../../../../src/core/rules/de4files/checksFile';
import { run } from './de4RuleHarness';

describe('checks-file', () => {
  it('says the checks will be dropped, naming the active ones', () => {
    const [f, ...rest] = run(checksFileRule, { CHECKS: 'WAIT=90\nTIMEOUT=10\n\n/app/_dash-layout  My App\n' });
    assert.equal(rest.length, 0);
    assert.deepEqual(f?.range, range(3, 0, 3, 25));
    assert.match(
      f?.message ?? '',
      /no equivalent of the DE4 CHECKS file and the DE5 conversion will drop it; its check of `\/app\/_dash-layout` will no longer run/,
    );
    assert.deepEqual(f?.fixes, [
      {
        title: 'Delete CHECKS (no longer run: /app/_dash-layout "My App"; WAIT=90 TIMEOUT=10)',
        safety: 'unsafe',
        edits: [{ kind: 'delete', file: 'CHECKS' }],
      },
    ]);
  });

  it('names every check and setting in the delete title, on one line', () => {
    const [f] = run(checksFileRule, { CHECKS: '/\r\n/health  all\t good \r\nATTEMPTS=03\r\n# /off\r\n' });
    assert.equal(f?.fixes?.[0]?.title, 'Delete CHECKS (no longer run: /, /health "all good"; ATTEMPTS=3)');
  });

  it('reports a template with only commented checks on its first setting', () => {
    const [f] = run(checksFileRule, { CHECKS: 'WAIT=5\n# /<app>/_dash-layout  Sample App\n' });
    assert.deepEqual(f?.range, range(0, 0, 0, 6));
    assert.match(f?.message ?? '', /it has no active check/);
    assert.equal(f?.fixes?.[0]?.title, 'Delete CHECKS (WAIT=5)');
  });

  it('is silent without CHECKS', () => {
    assert.deepEqual(run(checksFileRule, { Procfile: 'web: x\n' }), []);
  });

  it('copes with a malformed CHECKS file', () => {
    const [f] = run(checksFileRule, { CHECKS: '\n  nonsense here\n' });
    assert.deepEqual(f?.range, range(1, 2, 1, 15));
    assert.equal(f?.fixes?.[0]?.title, 'Delete CHECKS');
  });
});
