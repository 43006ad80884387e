import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { dokkuScaleRule } from '../../../../../src/core/rules/de4files/dokkuScale';
import { run } from './de4RuleHarness';

describe('dokku-scale', () => {
  it('lists the counts to set in the App Manager', () => {
    const [f, ...rest] = run(dokkuScaleRule, {
      DOKKU_SCALE: 'web=1\r\nworker=2\r\n',
      Procfile: 'web: gunicorn app:server\nworker: celery -A app worker\n',
    });
    assert.equal(rest.length, 0);
    assert.deepEqual(f?.range, range(0, 0, 0, 5));
    assert.equal(f?.severity, undefined);
    assert.equal(
      f?.message,
      'DE5 has no DOKKU_SCALE file: scale the processes in the DE5 App Manager (DOKKU_SCALE sets web=1 and worker=2).',
    );
    assert.deepEqual(f?.fixes, [
      {
        title: 'Delete DOKKU_SCALE (set the counts in the DE5 App Manager: web=1, worker=2)',
        safety: 'unsafe',
        edits: [{ kind: 'delete', file: 'DOKKU_SCALE' }],
      },
    ]);
  });

  it('flags counts for process types the Procfile lacks, and Procfile processes left unscaled', () => {
    const out = run(dokkuScaleRule, {
      DOKKU_SCALE: 'web=1\nworker-default=12\nworker-beat=1',
      Procfile: 'workers: celery worker\nworker-beat: celery beat\nweb: gunicorn app:server\n',
    });
    assert.equal(out.length, 2);
    assert.match(out[0]?.message ?? '', /The Procfile also defines `workers`, which DOKKU_SCALE did not start\./);
    assert.equal(
      out[0]?.fixes?.[0]?.title,
      'Delete DOKKU_SCALE (set the counts in the DE5 App Manager: web=1, worker-default=12, worker-beat=1)',
      'every count, the one scaling nothing too',
    );
    assert.equal(out[1]?.severity, 'warning');
    assert.deepEqual(out[1]?.range, range(1, 0, 1, 14));
    assert.match(out[1]?.message ?? '', /no `worker-default` process.*defines `workers`, `worker-beat` and `web`/);
  });

  it('is silent without DOKKU_SCALE', () => {
    assert.deepEqual(run(dokkuScaleRule, { Procfile: 'web: x\nworker: y\n' }), []);
  });

  it('copes with a malformed DOKKU_SCALE and no Procfile', () => {
    const out = run(dokkuScaleRule, { DOKKU_SCALE: '\nweb: 1\n' });
    assert.equal(out.length, 1);
    assert.deepEqual(out[0]?.range, range(1, 0, 1, 6));
    assert.equal(out[0]?.message, 'DE5 has no DOKKU_SCALE file: scale the processes in the DE5 App Manager.');
    assert.equal(out[0]?.fixes?.[0]?.title, 'Delete DOKKU_SCALE (set the counts in the DE5 App Manager)');
  });
});
