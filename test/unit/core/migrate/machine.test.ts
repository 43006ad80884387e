import * as assert from 'node:assert/strict';
import { CoreError } from '../../../../src/core/errors';
import { failureReason, runAppMigration, type MigrationAction } from '../../../../src/core/migrate/machine';
import { FileStateStore } from '../../../../src/core/migrate/stateStore';
import {
  MigrationStateError,
  nextStep,
  parseMigrationState,
  serializeMigrationState,
  type MigrationStateFile,
  type MigrationStep,
} from '../../../../src/shared/migrationState';
import { FakeSteps, memoryStore, MemoryFiles, STATE_FILE } from './migrateFakes';

const ACTIONS: readonly MigrationAction[] = ['clone', 'convert', 'create', 'push', 'verify'];
/** The step each action completes, and the one before it. */
const DONE: Record<MigrationAction, MigrationStep> = {
  clone: 'cloned',
  convert: 'converted',
  create: 'created',
  push: 'pushed',
  verify: 'verified',
};
const BEFORE: Record<MigrationAction, MigrationStep> = {
  clone: 'discovered',
  convert: 'cloned',
  create: 'converted',
  push: 'created',
  verify: 'pushed',
};
const NOW = () => new Date('2024-05-01T10:00:00.000Z');

describe('migration state machine', () => {
  it('runs every step in order, persisting each before the next, and hands each step what the last returned', async () => {
    const { files, store } = memoryStore();
    const steps = new FakeSteps();
    const persisted: (MigrationStep | undefined)[] = [];
    steps.onCall = (call, phase) => {
      if (phase === 'enter') {
        persisted.push(call.app === 'sales' && files.files.has(STATE_FILE) ? files.state().apps['sales']?.step : undefined);
      }
    };
    const r = await runAppMigration('sales', steps, store, { now: NOW });
    assert.equal(r.outcome, 'verified');
    assert.deepEqual(r.ran, ['cloned', 'converted', 'created', 'pushed', 'verified']);
    assert.deepEqual(steps.log(), ['sales:clone', 'sales:convert', 'sales:create', 'sales:push', 'sales:verify']);
    assert.deepEqual(persisted, ['discovered', 'cloned', 'converted', 'created', 'pushed'], 'the state file names the last step done');
    assert.deepEqual(
      steps.calls.map((c) => c.sha),
      [undefined, 'de4-sales', 'converted-sales', 'converted-sales', 'pushed-sales'],
    );
    assert.ok(steps.calls.slice(1).every((c) => c.dir === '/srv/apps/sales'));
    assert.deepEqual(files.state().apps['sales'], {
      app: 'sales',
      step: 'verified',
      dir: '/srv/apps/sales',
      sha: 'pushed-sales',
      updatedAt: '2024-05-01T10:00:00.000Z',
    });
  });

  for (const action of ACTIONS) {
    describe(`a failure at ${action}`, () => {
      it('is recorded as failed(step, reason) and stops the app; a plain rerun leaves it; a retry reruns only that step, then goes on', async () => {
        const { files, store } = memoryStore();
        const steps = new FakeSteps();
        steps.failAt('app', action);
        const first = await runAppMigration('app', steps, store, { now: NOW });
        assert.equal(first.outcome, 'failed');
        const upTo = ACTIONS.slice(0, ACTIONS.indexOf(action) + 1).map((a) => `app:${a}`);
        assert.deepEqual(steps.log(), upTo, 'nothing after the failed step ran');
        const saved = files.state().apps['app'];
        assert.equal(saved?.step, BEFORE[action]);
        assert.deepEqual(saved.failed, {
          step: DONE[action],
          reason: `${action} refused Ask the admin.`,
          at: '2024-05-01T10:00:00.000Z',
        });

        const again = await runAppMigration('app', steps, store, { now: NOW });
        assert.equal(again.outcome, 'skipped');
        assert.deepEqual(steps.log(), upTo, 'a failed app is left alone without retryFailed');

        steps.heal('app', action);
        const retried = await runAppMigration('app', steps, store, { now: NOW, retryFailed: true });
        assert.equal(retried.outcome, 'verified');
        assert.deepEqual(
          steps.log().slice(upTo.length),
          ACTIONS.slice(ACTIONS.indexOf(action)).map((a) => `app:${a}`),
          'the retry starts at the failed step and skips the finished ones',
        );
        assert.equal(files.state().apps['app']?.failed, undefined, 'the failure is cleared once the step succeeds');
        assert.equal(files.state().apps['app']?.step, 'verified');
      });
    });
  }

  it('resumes after the last completed step recorded in the file, with its folder and commit', async () => {
    const files = new MemoryFiles();
    const seeded: MigrationStateFile = {
      schemaVersion: 1,
      apps: { hr: { app: 'hr', step: 'converted', dir: '/elsewhere/hr', sha: 'abc123', updatedAt: '2024-04-01T00:00:00.000Z' } },
    };
    files.files.set(STATE_FILE, new TextEncoder().encode(serializeMigrationState(seeded)));
    const { store } = memoryStore(files);
    const steps = new FakeSteps();
    const r = await runAppMigration('hr', steps, store);
    assert.equal(r.outcome, 'verified');
    assert.deepEqual(steps.log(), ['hr:create', 'hr:push', 'hr:verify']);
    assert.deepEqual(steps.calls[0], { app: 'hr', action: 'create', dir: '/elsewhere/hr', sha: 'abc123' });
    const done = await runAppMigration('hr', steps, store);
    assert.equal(done.outcome, 'verified');
    assert.equal(steps.calls.length, 3, 'a verified app runs nothing');
  });

  it('a retry that fails again records the new reason and stays at the same step', async () => {
    const { files, store } = memoryStore();
    const steps = new FakeSteps();
    steps.failAt('app', 'push');
    await runAppMigration('app', steps, store);
    steps.failAt('app', 'push', () => new Error('connection reset'));
    const r = await runAppMigration('app', steps, store, { retryFailed: true });
    assert.equal(r.outcome, 'failed');
    assert.deepEqual(steps.log(), ['app:clone', 'app:convert', 'app:create', 'app:push', 'app:push']);
    assert.equal(files.state().apps['app']?.step, 'created');
    assert.equal(files.state().apps['app']?.failed?.reason, 'connection reset');
  });

  it('cancellation between steps stops without marking a failure; the next run takes up the next step', async () => {
    const { files, store } = memoryStore();
    const steps = new FakeSteps();
    const controller = new AbortController();
    const seen: string[] = [];
    const r = await runAppMigration('app', steps, store, {
      signal: controller.signal,
      onStep: (app, step, status) => {
        seen.push(`${step}:${status}`);
        if (step === 'converted' && status === 'done') {
          controller.abort();
        }
      },
    });
    assert.equal(r.outcome, 'cancelled');
    assert.deepEqual(steps.log(), ['app:clone', 'app:convert']);
    assert.deepEqual(seen, ['cloned:started', 'cloned:done', 'converted:started', 'converted:done']);
    assert.equal(files.state().apps['app']?.step, 'converted');
    assert.equal(files.state().apps['app']?.failed, undefined);
    const resumed = await runAppMigration('app', steps, store);
    assert.equal(resumed.outcome, 'verified');
    assert.deepEqual(steps.log().slice(2), ['app:create', 'app:push', 'app:verify']);
  });

  it('a step stopped by the signal part-way is not a failure and is run again next time', async () => {
    const { files, store } = memoryStore();
    const steps = new FakeSteps();
    const controller = new AbortController();
    steps.onCall = (call, phase) => {
      if (call.action === 'push' && phase === 'enter') {
        controller.abort();
      }
    };
    const statuses: string[] = [];
    const r = await runAppMigration('app', steps, store, { signal: controller.signal, onStep: (_a, s, st) => statuses.push(`${s}:${st}`) });
    assert.equal(r.outcome, 'cancelled');
    assert.equal(statuses.at(-1), 'pushed:cancelled');
    assert.equal(files.state().apps['app']?.step, 'created');
    assert.equal(files.state().apps['app']?.failed, undefined);
    steps.onCall = undefined;
    await runAppMigration('app', steps, store);
    assert.deepEqual(steps.log().slice(-2), ['app:push', 'app:verify']);
  });

  it('a step that gives up by itself (cancelled, but not by the signal) is a failure with its reason', async () => {
    const { files, store } = memoryStore();
    const steps = new FakeSteps();
    steps.failAt('app', 'create', () => new CoreError('cancelled', 'The host key was not accepted.'));
    const r = await runAppMigration('app', steps, store, { signal: new AbortController().signal });
    assert.equal(r.outcome, 'failed');
    assert.deepEqual(files.state().apps['app']?.failed?.reason, 'The host key was not accepted.');
  });

  it('a failure reason keeps message and hint, masks secrets and stays one bounded line', () => {
    assert.equal(
      failureReason(new CoreError('auth-failed', 'de refused\nthe login.', { hint: 'Run de login.' })),
      'de refused the login. Run de login.',
    );
    assert.equal(failureReason(new Error('value hunter2 leaked'), ['hunter2']), 'value *** leaked');
    assert.equal(failureReason(new Error('x'.repeat(5000))).length, 1000);
  });

  it('concurrent apps never lose each other’s updates', async () => {
    const { files, store } = memoryStore();
    const steps = new FakeSteps();
    const apps = Array.from({ length: 30 }, (_, i) => `app-${i}`);
    const results = await Promise.all(apps.map((a) => runAppMigration(a, steps, store)));
    assert.ok(results.every((r) => r.outcome === 'verified'));
    const saved = files.state();
    assert.deepEqual(Object.keys(saved.apps).sort(), [...apps].sort());
    assert.ok(Object.values(saved.apps).every((a) => a.step === 'verified'));
    // Straight at the store, too: thirty updates of different apps in one tick share a few writes.
    const writes = files.writes;
    await Promise.all(apps.map((a) => store.update(`${a}-x`, () => ({ app: `${a}-x`, step: 'discovered', updatedAt: 't' }))));
    assert.equal(Object.keys(files.state().apps).length, 60);
    assert.ok(files.writes - writes < apps.length, `${files.writes - writes} writes for ${apps.length} updates`);
  });
});

describe('migration state file', () => {
  const sample: MigrationStateFile = {
    schemaVersion: 1,
    de4: 'https://de4.example.com',
    de5: 'de5.example.com',
    apps: {
      zeta: { app: 'zeta', step: 'verified', dir: '/w/zeta', sha: 'f'.repeat(40), updatedAt: '2024-05-01T10:00:00.000Z' },
      alpha: {
        app: 'alpha',
        step: 'created',
        failed: { step: 'pushed', reason: 'refused', at: '2024-05-01T10:00:01.000Z' },
        dir: '/w/alpha',
        updatedAt: '2024-05-01T10:00:01.000Z',
      },
      beta: { app: 'beta', step: 'discovered', updatedAt: '2024-05-01T09:00:00.000Z' },
    },
  };

  it('round-trips, with apps sorted for stable diffs', () => {
    const text = serializeMigrationState(sample);
    assert.deepEqual(parseMigrationState(text), sample);
    assert.equal(serializeMigrationState(parseMigrationState(text)), text);
    assert.deepEqual(Object.keys((JSON.parse(text) as { apps: object }).apps), ['alpha', 'beta', 'zeta']);
    assert.ok(text.endsWith('}\n'));
  });

  it('drops fields it does not know, so nothing pasted in rides along', () => {
    const text = JSON.stringify({ schemaVersion: 1, apps: { a: { app: 'a', step: 'cloned', updatedAt: 't', token: 'secret' } }, extra: 1 });
    assert.ok(!serializeMigrationState(parseMigrationState(text)).includes('secret'));
  });

  const broken: [string, string, RegExp][] = [
    ['not JSON', '{"schemaVersion": 1, "apps": {', /^not valid JSON/],
    ['an array', '[]', /^expected a JSON object/],
    ['another schema', '{"schemaVersion": 2, "apps": {}}', /^schemaVersion: expected 1, got 2/],
    ['no apps', '{"schemaVersion": 1}', /^apps: expected an object keyed by app name, got undefined/],
    [
      'an unknown step',
      '{"schemaVersion":1,"apps":{"a":{"app":"a","step":"deployed","updatedAt":"t"}}}',
      /^apps\["a"\]\.step: expected one of discovered, cloned.*got "deployed"/,
    ],
    [
      'a key that is not the app',
      '{"schemaVersion":1,"apps":{"a":{"app":"b","step":"cloned","updatedAt":"t"}}}',
      /^apps\["a"\]\.app: expected "a" \(the key\), got "b"/,
    ],
    [
      'no updatedAt',
      '{"schemaVersion":1,"apps":{"a":{"app":"a","step":"cloned"}}}',
      /^apps\["a"\]\.updatedAt: expected a non-empty string/,
    ],
    [
      'a failed step that is not the next one',
      '{"schemaVersion":1,"apps":{"a":{"app":"a","step":"cloned","updatedAt":"t","failed":{"step":"pushed","reason":"r","at":"t"}}}}',
      /^apps\["a"\]\.failed\.step: expected "converted", the step after "cloned", got "pushed"/,
    ],
    [
      'a verified app that failed',
      '{"schemaVersion":1,"apps":{"a":{"app":"a","step":"verified","updatedAt":"t","failed":{"step":"verified","reason":"r","at":"t"}}}}',
      /a verified app cannot have a failed step/,
    ],
    [
      'a failure without reason',
      '{"schemaVersion":1,"apps":{"a":{"app":"a","step":"cloned","updatedAt":"t","failed":{"step":"converted","at":"t"}}}}',
      /^apps\["a"\]\.failed\.reason: expected a non-empty string, got undefined/,
    ],
  ];
  for (const [what, text, message] of broken) {
    it(`names the problem precisely: ${what}`, () => {
      assert.throws(
        () => parseMigrationState(text),
        (err: unknown) => err instanceof MigrationStateError && message.test(err.message),
      );
    });
  }

  it('a damaged file stops the store with the file, the problem and a way out, and is left untouched', async () => {
    const files = new MemoryFiles();
    files.files.set(STATE_FILE, new TextEncoder().encode('{"schemaVersion":1,"apps":{"a":{"app":"a","step":"oops","updatedAt":"t"}}}'));
    const store = new FileStateStore({ file: STATE_FILE, fs: files, writer: files });
    await assert.rejects(
      store.load(),
      (err: unknown) =>
        err instanceof CoreError &&
        err.code === 'invalid-input' &&
        err.message.includes(STATE_FILE) &&
        err.message.includes('apps["a"].step') &&
        /move the file away/.test(err.hint ?? ''),
    );
    await assert.rejects(runAppMigration('a', new FakeSteps(), store), /is damaged/);
    assert.equal(files.writes, 0);
  });

  it('nextStep walks the steps in order and ends after verified', () => {
    const order: MigrationStep[] = ['discovered'];
    for (let s = nextStep('discovered'); s !== undefined; s = nextStep(s)) {
      order.push(s);
    }
    assert.deepEqual(order, ['discovered', 'cloned', 'converted', 'created', 'pushed', 'verified']);
  });
});
