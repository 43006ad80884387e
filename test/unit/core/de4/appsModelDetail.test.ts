import * as assert from 'node:assert/strict';
import { appKey } from '../../../../src/core/de4/appsModel';
import { CoreError } from '../../../../src/core/errors';
import { de4AppDetail } from '../../../support/de4AppBuilder';
import { loadedWorld, nextChange, plain, SERVER_A, SERVER_B, settle, World } from '../../../support/fakeDe4Api';

describe('De4AppsModel: app details and revealed values', () => {
  it('loads an app’s details once, when first asked, and caches them', async () => {
    const w = await loadedWorld();
    const fake = w.fake(SERVER_A.id);
    fake.details.set('sales-dash', de4AppDetail());
    assert.equal(w.model.detailState(SERVER_B.id, 'other').kind, 'loading', 'server not loaded: no detail request');
    assert.deepEqual(w.fake(SERVER_B.id).calls, []);

    assert.equal(w.model.detailState(SERVER_A.id, 'sales-dash').kind, 'loading');
    const change = await nextChange(w.model);
    assert.deepEqual(plain(change), { all: false, servers: [], apps: [appKey(SERVER_A.id, 'sales-dash')] });
    const state = w.model.detailState(SERVER_A.id, 'sales-dash');
    assert.equal(state.kind, 'loaded');
    assert.equal(state.detail.name, 'sales-dash');
    assert.equal(w.model.loadedDetail(SERVER_A.id, 'sales-dash'), state.detail);
    w.model.detailState(SERVER_A.id, 'sales-dash');
    await settle();
    assert.deepEqual(fake.ops(), ['current', 'listApps', 'appDetail sales-dash']);
    assert.equal(fake.calls[2]?.all, false);
  });

  it('marks an app the server no longer lists as missing', async () => {
    const w = await loadedWorld();
    w.model.detailState(SERVER_A.id, 'gone');
    await settle();
    assert.deepEqual(w.model.detailState(SERVER_A.id, 'gone'), { kind: 'missing' });
    assert.equal(w.model.loadedDetail(SERVER_A.id, 'gone'), undefined);
  });

  it('shows a failed detail request as an error, and retryDetail fetches again', async () => {
    const w = await loadedWorld();
    const fake = w.fake(SERVER_A.id);
    fake.failure = new CoreError('timeout', 'The server did not answer.', { hint: 'Try again later.' });
    w.model.detailState(SERVER_A.id, 'sales-dash');
    await settle();
    assert.deepEqual(w.model.detailState(SERVER_A.id, 'sales-dash'), {
      kind: 'error',
      failure: { message: 'The server did not answer.', hint: 'Try again later.' },
    });
    assert.match(w.log.text(), /error A: details of sales-dash failed/);

    fake.failure = undefined;
    fake.details.set('sales-dash', de4AppDetail());
    w.events.length = 0;
    w.model.retryDetail(SERVER_A.id, 'sales-dash');
    await settle();
    assert.deepEqual(w.events.map(plain), [{ all: false, servers: [], apps: [appKey(SERVER_A.id, 'sales-dash')] }]);
    assert.equal(w.model.detailState(SERVER_A.id, 'sales-dash').kind, 'loading');
    await settle();
    assert.equal(w.model.detailState(SERVER_A.id, 'sales-dash').kind, 'loaded');
    assert.deepEqual(fake.ops(), ['current', 'listApps', 'appDetail sales-dash', 'appDetail sales-dash']);
  });

  it('fetchDetail answers from the cache, otherwise fetches with the caller’s signal and caches', async () => {
    const w = new World();
    const fake = w.fake(SERVER_A.id);
    fake.current = { username: 'root', isAdmin: true };
    fake.details.set('sales-dash', de4AppDetail());
    w.model.setServers([SERVER_A]);
    await settle();
    w.events.length = 0;
    const caller = new AbortController();

    assert.equal(await w.model.fetchDetail('https://unknown|x', 'sales-dash', caller.signal), undefined);
    const fetched = await w.model.fetchDetail(SERVER_A.id, 'sales-dash', caller.signal);
    assert.equal(fetched?.name, 'sales-dash');
    assert.deepEqual(fake.ops(), ['current', 'appDetail sales-dash'], 'server not loaded: asks who the key belongs to first');
    assert.ok(fake.calls.every((c) => c.signal === caller.signal));
    assert.equal(fake.calls[1]?.all, true);
    assert.equal(w.model.loadedDetail(SERVER_A.id, 'sales-dash'), fetched);
    await settle();
    assert.deepEqual(w.events.map(plain), [{ all: false, servers: [], apps: [appKey(SERVER_A.id, 'sales-dash')] }]);

    assert.equal(await w.model.fetchDetail(SERVER_A.id, 'sales-dash', caller.signal), fetched);
    assert.equal(fake.calls.length, 2, 'cached: no further request');

    assert.equal(await w.model.fetchDetail(SERVER_A.id, 'gone', caller.signal), undefined);
    assert.equal(w.model.loadedDetail(SERVER_A.id, 'gone'), undefined, 'a missing app is not cached');
  });

  it('fetchDetail on a loaded server skips `current`, and rejects with auth-failed when no key is stored', async () => {
    const w = await loadedWorld();
    const fake = w.fake(SERVER_A.id);
    fake.details.set('sales-dash', de4AppDetail());
    await w.model.fetchDetail(SERVER_A.id, 'sales-dash', new AbortController().signal);
    assert.deepEqual(fake.ops(), ['current', 'listApps', 'appDetail sales-dash']);

    w.keys.delete(SERVER_B.id);
    await assert.rejects(w.model.fetchDetail(SERVER_B.id, 'x', new AbortController().signal), (err: unknown) => {
      assert.ok(err instanceof CoreError);
      assert.equal(err.code, 'auth-failed');
      assert.equal(err.hint, 'Sign in again with Add DE4 Server….');
      return true;
    });
  });

  it('fetchDetail refuses in an untrusted workspace without a request', async () => {
    const w = new World();
    const fake = w.fake(SERVER_A.id);
    fake.details.set('sales-dash', de4AppDetail());
    w.trusted = false;
    w.model.setServers([SERVER_A]);
    await assert.rejects(w.model.fetchDetail(SERVER_A.id, 'sales-dash', new AbortController().signal), (err: unknown) => {
      assert.ok(err instanceof CoreError);
      assert.match(err.message, /trusted workspace/);
      return true;
    });
    assert.deepEqual(fake.calls, [], 'untrusted: nothing is fetched');
  });

  it('remembers revealed values per server until the server is refreshed', async () => {
    const w = await loadedWorld();
    w.model.setRevealed(SERVER_B.id, 'app', 'TOKEN', true);
    assert.equal(w.model.isRevealed(SERVER_B.id, 'app', 'TOKEN'), false, 'no connection yet: nothing to remember');

    w.model.serverState(SERVER_B.id);
    await settle();
    w.events.length = 0;
    w.model.setRevealed(SERVER_A.id, 'sales-dash', 'API_TOKEN', true);
    w.model.setRevealed(SERVER_B.id, 'sales-dash', 'API_TOKEN', true);
    assert.equal(w.model.isRevealed(SERVER_A.id, 'sales-dash', 'API_TOKEN'), true);
    assert.equal(w.model.isRevealed(SERVER_A.id, 'sales-dash', 'REDIS_URL'), false);
    assert.equal(w.model.isRevealed(SERVER_A.id, 'other', 'API_TOKEN'), false);
    await settle();
    assert.deepEqual(w.events.map(plain), [
      { all: false, servers: [], apps: [appKey(SERVER_A.id, 'sales-dash'), appKey(SERVER_B.id, 'sales-dash')] },
    ]);

    w.model.setRevealed(SERVER_A.id, 'sales-dash', 'API_TOKEN', false);
    assert.equal(w.model.isRevealed(SERVER_A.id, 'sales-dash', 'API_TOKEN'), false, 'hidden again');
    w.model.setRevealed(SERVER_A.id, 'sales-dash', 'API_TOKEN', true);

    w.model.refresh(SERVER_A.id);
    assert.equal(w.model.isRevealed(SERVER_A.id, 'sales-dash', 'API_TOKEN'), false, 'forgotten on refresh');
    assert.equal(w.model.isRevealed(SERVER_B.id, 'sales-dash', 'API_TOKEN'), true, 'another server keeps its own');
    w.model.reset();
    assert.equal(w.model.isRevealed(SERVER_B.id, 'sales-dash', 'API_TOKEN'), false, 'reset forgets everything');
  });
});
