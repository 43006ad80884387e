import * as assert from 'node:assert/strict';
import { appKey, type De4Change } from '../../../../src/core/de4/appsModel';
import type { De4ServerConfig } from '../../../../src/core/de4/serverConfig';
import { CoreError } from '../../../../src/core/errors';
import { de4AppDetail } from '../../../support/de4AppBuilder';
import { cancelled, loadedWorld, nextChange, plain, SERVER_A, SERVER_B, settle, summary, World } from '../../../support/fakeDe4Api';

describe('De4AppsModel: servers, listing and events', () => {
  it('loads a server only when asked, and only in a trusted workspace', async () => {
    const w = new World();
    w.trusted = false;
    w.model.setServers([SERVER_A]);
    await settle();
    assert.deepEqual(w.fake(SERVER_A.id).calls, [], 'setServers alone contacts nobody');

    assert.equal(w.model.serverState(SERVER_A.id).kind, 'idle');
    await settle();
    assert.deepEqual(w.fake(SERVER_A.id).calls, [], 'untrusted: nothing is fetched');

    w.trusted = true;
    assert.equal(w.model.serverState(SERVER_A.id).kind, 'loading');
    await settle();
    assert.equal(w.model.serverState(SERVER_A.id).kind, 'loaded');
    assert.deepEqual(w.fake(SERVER_A.id).ops(), ['current', 'listApps']);
    assert.deepEqual(w.fake(SERVER_B.id).calls, [], 'a server nobody asked about stays untouched');
    assert.equal(w.model.serverState('https://unknown|x').kind, 'idle');
  });

  it('shows a server without a stored key as signed out, without contacting it', async () => {
    const w = new World();
    w.keys.delete(SERVER_A.id);
    w.model.setServers([SERVER_A]);
    w.model.serverState(SERVER_A.id);
    await settle();
    assert.equal(w.model.serverState(SERVER_A.id).kind, 'signedOut');
    assert.deepEqual(w.fake(SERVER_A.id).calls, []);
  });

  it('lists the apps sorted by name, as admin when the key belongs to an admin', async () => {
    const w = new World();
    const fake = w.fake(SERVER_A.id);
    fake.current = { username: 'root', isAdmin: true };
    fake.apps = ['zeta', 'Alpha', 'beta'].map(summary);
    w.model.setServers([SERVER_A]);
    w.model.serverState(SERVER_A.id);
    await settle();
    const state = w.model.serverState(SERVER_A.id);
    assert.equal(state.kind, 'loaded');
    assert.deepEqual(
      state.apps.map((a) => a.name),
      ['Alpha', 'beta', 'zeta'],
    );
    assert.deepEqual(state.current, { username: 'root', isAdmin: true });
    assert.equal(fake.calls.find((c) => c.op === 'listApps')?.all, true);
    assert.match(w.log.text(), /info A: 3 apps in \d+ ms/);
  });

  it('turns a failure into an error state with message and hint, and Retry (refresh) loads again', async () => {
    const w = new World();
    const fake = w.fake(SERVER_A.id);
    fake.failure = new CoreError('auth-failed', 'The API key was rejected.', { hint: 'Sign in again.' });
    w.model.setServers([SERVER_A]);
    w.model.serverState(SERVER_A.id);
    await settle();
    assert.deepEqual(w.model.serverState(SERVER_A.id), {
      kind: 'error',
      failure: { message: 'The API key was rejected.', hint: 'Sign in again.' },
    });
    assert.match(w.log.text(), /error A: listing failed: .*The API key was rejected\./);
    assert.deepEqual(fake.ops(), ['current'], 'an error state does not retry by itself');

    fake.failure = undefined;
    fake.apps = [summary('sales-dash')];
    const change = nextChange(w.model);
    w.model.refresh(SERVER_A.id);
    assert.deepEqual(plain(await change), { all: false, servers: [SERVER_A.id], apps: [] });
    assert.equal(w.model.serverState(SERVER_A.id).kind, 'loading');
    await settle();
    assert.equal(w.model.serverState(SERVER_A.id).kind, 'loaded');
    assert.deepEqual(fake.ops(), ['current', 'current', 'listApps']);
  });

  it('gives a plain Error a message and no hint', async () => {
    const w = new World();
    w.fake(SERVER_A.id).failure = new Error('socket hang up');
    w.model.setServers([SERVER_A]);
    w.model.serverState(SERVER_A.id);
    await settle();
    assert.deepEqual(w.model.serverState(SERVER_A.id), { kind: 'error', failure: { message: 'socket hang up', hint: undefined } });
  });

  it('fires one event per tick carrying the union of the changed servers and apps', async () => {
    const w = new World();
    w.model.setServers([SERVER_A, SERVER_B]);
    await settle();
    assert.deepEqual(w.events.map(plain), [{ all: true, servers: [], apps: [] }]);
    w.events.length = 0;

    w.model.serverState(SERVER_A.id);
    w.model.serverState(SERVER_B.id);
    w.model.retryDetail(SERVER_A.id, 'one');
    w.model.retryDetail(SERVER_B.id, 'two');
    await settle();
    assert.deepEqual(w.events.map(plain), [
      { all: false, servers: [SERVER_A.id, SERVER_B.id], apps: [appKey(SERVER_A.id, 'one'), appKey(SERVER_B.id, 'two')] },
    ]);

    w.events.length = 0;
    w.model.setFilter('x');
    w.model.refresh(SERVER_A.id);
    await settle();
    assert.deepEqual(w.events.map(plain), [{ all: true, servers: [SERVER_A.id], apps: [] }]);
  });

  it('keeps the state of unchanged servers on setServers and drops changed ones, aborting their requests', async () => {
    const w = await loadedWorld();
    const b = w.fake(SERVER_B.id);
    b.hold = 'yes';
    w.model.serverState(SERVER_B.id);
    await settle();
    const [pending] = b.calls;
    assert.ok(pending);
    assert.equal(pending.signal.aborted, false);

    const relabelled: De4ServerConfig = { ...SERVER_B, label: 'B renamed' };
    w.model.setServers([SERVER_A, relabelled]);
    assert.equal(pending.signal.aborted, true, 'the changed server’s request is aborted');
    await settle();
    assert.deepEqual(w.events.map(plain), [{ all: true, servers: [], apps: [] }], 'an aborted load fires nothing');
    assert.doesNotMatch(w.log.text(), /^error/m);
    assert.match(w.log.text(), /debug B: listing cancelled/);

    assert.equal(w.model.serverState(SERVER_A.id).kind, 'loaded', 'unchanged server keeps its state');
    assert.deepEqual(w.fake(SERVER_A.id).ops(), ['current', 'listApps'], 'and is not fetched again');
    assert.equal(w.model.server(SERVER_B.id)?.label, 'B renamed');
    assert.equal(w.model.serverState(SERVER_B.id).kind, 'loading', 'the changed server starts afresh');
    await settle();
    assert.equal(b.calls.length, 2);
    assert.equal(b.calls[1]?.signal.aborted, false);

    w.model.setServers([SERVER_A]);
    assert.equal(b.calls[1]?.signal.aborted, true, 'a removed server’s request is aborted');
    assert.deepEqual(w.model.servers(), [SERVER_A]);
    assert.equal(w.model.server(SERVER_B.id), undefined);
  });

  it('filters app names case-insensitively and reports the total', async () => {
    const w = await loadedWorld(['Sales-Dash', 'inventory', 'wholesale']);
    w.model.setFilter('  SALE ');
    assert.equal(w.model.filter, 'SALE');
    const { apps, total } = w.model.visibleApps(SERVER_A.id);
    assert.deepEqual(
      apps.map((a) => a.name),
      ['Sales-Dash', 'wholesale'],
    );
    assert.equal(total, 3);
    assert.deepEqual(w.model.visibleApps(SERVER_B.id), { apps: [], total: 0 }, 'not loaded: nothing visible');

    w.model.setFilter('nomatch');
    assert.deepEqual(w.model.visibleApps(SERVER_A.id), { apps: [], total: 3 });
    w.model.setFilter('');
    assert.equal(w.model.visibleApps(SERVER_A.id).apps.length, 3);
    await settle();
    assert.deepEqual(w.events.map(plain), [{ all: true, servers: [], apps: [] }]);
  });

  it('refresh() without a server forgets every server and aborts their requests', async () => {
    const w = await loadedWorld();
    const b = w.fake(SERVER_B.id);
    b.hold = 'yes';
    w.model.serverState(SERVER_B.id);
    await settle();
    w.model.refresh();
    assert.equal(b.calls[0]?.signal.aborted, true);
    await settle();
    assert.deepEqual(w.events.map(plain), [{ all: true, servers: [], apps: [] }]);
    assert.equal(w.model.serverState(SERVER_A.id).kind, 'loading', 'loads again when asked');
  });

  it('dispose aborts every request and fires nothing afterwards, even when an answer still arrives', async () => {
    const w = await loadedWorld();
    const a = w.fake(SERVER_A.id);
    const b = w.fake(SERVER_B.id);
    a.hold = 'ignoreAbort';
    a.details.set('sales-dash', de4AppDetail());
    b.hold = 'yes';
    w.model.detailState(SERVER_A.id, 'sales-dash');
    w.model.serverState(SERVER_B.id);
    await settle();
    const pending = [a.calls[2], b.calls[0]];
    assert.deepEqual(
      pending.map((c) => c?.op),
      ['appDetail', 'current'],
    );
    assert.ok(pending.every((c) => c?.signal.aborted === false));
    w.events.length = 0;
    w.model.setFilter('pending'); // an event still waiting for its tick
    w.model.dispose();
    assert.ok(pending.every((c) => c?.signal.aborted === true));

    a.release();
    await settle();
    w.model.setFilter('after');
    w.model.refresh();
    w.model.dispose();
    await settle();
    assert.deepEqual(w.events, []);
    assert.doesNotMatch(w.log.text(), /^error/m);
  });

  it('ignores answers that arrive for a connection that was refreshed meanwhile', async () => {
    const w = await loadedWorld();
    const a = w.fake(SERVER_A.id);
    const b = w.fake(SERVER_B.id);
    a.hold = 'ignoreAbort';
    b.hold = 'ignoreAbort';
    a.details.set('sales-dash', de4AppDetail());
    w.model.detailState(SERVER_A.id, 'sales-dash');
    w.model.serverState(SERVER_B.id);
    await settle();
    w.model.refresh(SERVER_A.id);
    w.model.refresh(SERVER_B.id);
    await settle();
    w.events.length = 0;

    a.release();
    b.release();
    await settle();
    assert.deepEqual(w.events, [], 'no event for a forgotten connection');
    assert.equal(w.model.loadedDetail(SERVER_A.id, 'sales-dash'), undefined);
  });

  it('never shows a cancellation as an error', async () => {
    const w = await loadedWorld();
    const b = w.fake(SERVER_B.id);
    b.failure = cancelled();
    w.model.serverState(SERVER_B.id);
    await settle();
    assert.notEqual(w.model.serverState(SERVER_B.id).kind, 'error');

    const a = w.fake(SERVER_A.id);
    a.failure = cancelled();
    w.model.detailState(SERVER_A.id, 'sales-dash');
    await settle();
    assert.notEqual(w.model.detailState(SERVER_A.id, 'sales-dash').kind, 'error');
    assert.doesNotMatch(w.log.text(), /^error/m);
    assert.match(w.log.text(), /debug B: listing cancelled/);
  });

  it('logs a throwing listener and still tells the other listeners', async () => {
    const w = new World();
    w.model.onDidChange(() => {
      throw new Error('listener broke');
    });
    const seen: De4Change[] = [];
    w.model.onDidChange((c) => seen.push(c));
    w.model.setServers([SERVER_A]);
    await settle();
    assert.equal(seen.length, 1);
    assert.equal(w.events.length, 1);
    assert.match(w.log.text(), /error DE4 Apps: a change listener failed: Error: listener broke/);
  });
});
