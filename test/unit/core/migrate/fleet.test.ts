import * as assert from 'node:assert/strict';
import { CoreError } from '../../../../src/core/errors';
import { runFleet } from '../../../../src/core/migrate/fleet';
import { serializeMigrationState } from '../../../../src/shared/migrationState';
import { FakeSteps, memoryStore, MemoryFiles, STATE_FILE } from './migrateFakes';

const APPS = Array.from({ length: 10 }, (_, i) => `app-${String(i).padStart(2, '0')}`);

/** Steps that take a few ms each and count how many apps are in a step at once. */
function countingSteps(): { steps: FakeSteps; maxInFlight: () => number } {
  const steps = new FakeSteps();
  steps.delayMs = 3;
  let inFlight = 0;
  let max = 0;
  steps.onCall = (_call, phase) => {
    inFlight += phase === 'enter' ? 1 : -1;
    max = Math.max(max, inFlight);
  };
  return { steps, maxInFlight: () => max };
}

describe('fleet migration', () => {
  for (const concurrency of [1, 3, 4]) {
    it(`keeps at most ${concurrency} app(s) in flight, and uses that many`, async () => {
      const { steps, maxInFlight } = countingSteps();
      const { store } = memoryStore();
      const summary = await runFleet(APPS, { steps, store, concurrency });
      assert.equal(maxInFlight(), concurrency);
      assert.deepEqual(summary.verified, APPS);
      assert.equal(steps.calls.length, APPS.length * 5);
    });
  }

  it('summarises verified, failed now, failed before (skipped) and already done apps', async () => {
    const files = new MemoryFiles();
    files.files.set(
      STATE_FILE,
      new TextEncoder().encode(
        serializeMigrationState({
          schemaVersion: 1,
          apps: {
            done: { app: 'done', step: 'verified', dir: '/srv/apps/done', updatedAt: 't' },
            old: {
              app: 'old',
              step: 'cloned',
              dir: '/srv/apps/old',
              failed: { step: 'converted', reason: 'broken yaml', at: 't' },
              updatedAt: 't',
            },
          },
        }),
      ),
    );
    const { store } = memoryStore(files);
    const steps = new FakeSteps();
    steps.failAt('bad', 'push');
    const finished: string[] = [];
    const summary = await runFleet(['a', 'bad', 'done', 'old', 'b', 'a'], {
      steps,
      store,
      concurrency: 2,
      onAppDone: (r, done, total) => finished.push(`${done}/${total} ${r.app} ${r.outcome}`),
    });
    assert.equal(summary.total, 5, 'a name given twice is migrated once');
    assert.deepEqual(summary.verified, ['a', 'done', 'b']);
    assert.deepEqual(summary.failed, [
      { app: 'bad', step: 'pushed', reason: 'push refused Ask the admin.' },
      { app: 'old', step: 'converted', reason: 'broken yaml' },
    ]);
    assert.deepEqual(summary.skipped, ['old']);
    assert.deepEqual(summary.cancelled, []);
    assert.deepEqual(steps.log('done'), [], 'a verified app is not touched');
    assert.deepEqual(steps.log('old'), [], 'a failed app is not retried without retryFailed');
    assert.equal(finished.length, 5);
    assert.ok(finished.some((f) => f.startsWith('5/5 ')));
    const saved = files.state();
    assert.equal(saved.de4, 'https://de4.test');
    assert.equal(saved.apps['bad']?.step, 'created');
  });

  it('with retryFailed, reruns only the failed steps', async () => {
    const { files, store } = memoryStore();
    const steps = new FakeSteps();
    steps.failAt('app-03', 'convert');
    steps.failAt('app-07', 'verify');
    const first = await runFleet(APPS, { steps, store, concurrency: 4 });
    assert.deepEqual(
      first.failed.map((f) => `${f.app}@${f.step}`),
      ['app-03@converted', 'app-07@verified'],
    );
    steps.heal('app-03', 'convert');
    steps.heal('app-07', 'verify');
    const before = steps.calls.length;
    const second = await runFleet(APPS, { steps, store, concurrency: 4, retryFailed: true });
    assert.equal(second.verified.length, APPS.length);
    assert.deepEqual(
      steps.calls
        .slice(before)
        .map((c) => `${c.app}:${c.action}`)
        .sort(),
      ['app-03:convert', 'app-03:create', 'app-03:push', 'app-03:verify', 'app-07:verify'],
    );
    assert.ok(Object.values(files.state().apps).every((a) => a.step === 'verified' && a.failed === undefined));
  });

  it('cancellation finishes the steps in flight, starts nothing new, and the file lists every app', async () => {
    const { files, store } = memoryStore();
    const steps = new FakeSteps();
    const controller = new AbortController();
    const summary = await runFleet(APPS, {
      steps,
      store,
      concurrency: 2,
      signal: controller.signal,
      onStep: (app, step, status) => {
        if (app === 'app-00' && step === 'created' && status === 'done') {
          controller.abort();
        }
      },
    });
    assert.deepEqual(summary.verified, []);
    assert.deepEqual(summary.cancelled, APPS);
    assert.deepEqual([...new Set(steps.calls.map((c) => c.app))].sort(), ['app-00', 'app-01'], 'apps after the cancellation never started');
    const saved = files.state();
    assert.deepEqual(Object.keys(saved.apps).sort(), APPS, 'every selected app is recorded');
    assert.equal(saved.apps['app-00']?.step, 'created');
    assert.equal(saved.apps['app-09']?.step, 'discovered');
    assert.ok(
      Object.values(saved.apps).every((a) => a.failed === undefined),
      'cancelled is not failed',
    );
    const resumed = await runFleet(APPS, { steps, store, concurrency: 2 });
    assert.equal(resumed.verified.length, APPS.length);
    assert.deepEqual(steps.log('app-00').slice(-2), ['app-00:push', 'app-00:verify'], 'app-00 resumes at push');
    for (const app of APPS) {
      assert.deepEqual(
        steps.log(app),
        ['clone', 'convert', 'create', 'push', 'verify'].map((a) => `${app}:${a}`),
        `${app}: every step ran once`,
      );
    }
  });

  it('refuses a concurrency that is not 1 to 32', async () => {
    const { store } = memoryStore();
    for (const concurrency of [0, 33, 1.5, Number.NaN]) {
      await assert.rejects(
        runFleet(APPS, { steps: new FakeSteps(), store, concurrency }),
        (err: unknown) => err instanceof CoreError && err.code === 'invalid-input',
      );
    }
  });

  it('a state that cannot be written stops every worker before rejecting', async () => {
    const { files, store } = memoryStore();
    const steps = new FakeSteps();
    steps.delayMs = 2;
    steps.onCall = (call, phase) => {
      if (call.app === 'app-02' && call.action === 'convert' && phase === 'leave') {
        files.failWrites = true;
      }
    };
    await assert.rejects(runFleet(APPS, { steps, store, concurrency: 3 }), /disk on fire/);
    const callsAtRejection = steps.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(steps.calls.length, callsAtRejection, 'nothing runs on after the rejection');
    assert.ok(!steps.calls.some((c) => c.app === 'app-09'), 'queued apps never started');
  });
});
