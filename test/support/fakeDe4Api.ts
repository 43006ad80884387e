// The De4AppsModel's surroundings for unit tests: fake DE4 servers behind the De4Api port, stored
// keys, trust, a recording log, and helpers that wait for the model's coalesced events.
import * as assert from 'node:assert/strict';
import type { De4AppDetail, De4AppSummary, De4Current } from '../../src/core/api/de4Types';
import { De4AppsModel, type De4Api, type De4Change, type De4ModelDeps } from '../../src/core/de4/appsModel';
import { normaliseDe4Servers, type De4ServerConfig } from '../../src/core/de4/serverConfig';
import { CoreError } from '../../src/core/errors';
import { RecordingLogger } from './recordingLogger';

export interface Call {
  readonly op: 'current' | 'listApps' | 'appDetail';
  readonly name?: string;
  readonly all?: boolean;
  readonly signal: AbortSignal;
}

export function cancelled(): CoreError {
  return new CoreError('cancelled', 'The operation was cancelled.');
}

/** One fake DE4 server behind the De4Api port: canned answers, recorded calls, and requests that can be held open. */
export class FakeDe4 {
  current: De4Current = { username: 'alice', isAdmin: false };
  apps: De4AppSummary[] = [];
  readonly details = new Map<string, De4AppDetail>();
  /** Thrown by every call while set. */
  failure: Error | undefined;
  /** Calls wait for `release()`; with `ignoreAbort` they also outlive an abort (a misbehaving client). */
  hold: 'no' | 'yes' | 'ignoreAbort' = 'no';
  readonly calls: Call[] = [];
  private held: (() => void)[] = [];

  api(getAuth: () => Promise<{ username: string; apiKey: string }>): De4Api {
    return {
      current: (signal) => this.answer({ op: 'current', signal }, getAuth, () => this.current),
      listApps: (opts, signal) => this.answer({ op: 'listApps', all: opts.all, signal }, getAuth, () => this.apps),
      appDetail: (name, opts, signal) =>
        this.answer({ op: 'appDetail', name, all: opts.all, signal }, getAuth, () => this.details.get(name)),
    };
  }

  release(): void {
    this.held.splice(0).forEach((resolve) => resolve());
  }

  ops(): string[] {
    return this.calls.map((c) => (c.name === undefined ? c.op : `${c.op} ${c.name}`));
  }

  private async answer<T>(call: Call, getAuth: () => Promise<unknown>, value: () => T): Promise<T> {
    this.calls.push(call);
    await getAuth();
    if (this.hold !== 'no') {
      const honourAbort = this.hold === 'yes';
      await new Promise<void>((resolve, reject) => {
        this.held.push(resolve);
        if (honourAbort && call.signal.aborted) {
          reject(cancelled());
        } else if (honourAbort) {
          call.signal.addEventListener('abort', () => reject(cancelled()), { once: true });
        }
      });
    }
    if (this.failure) {
      throw this.failure;
    }
    return value();
  }
}

export const [SERVER_A, SERVER_B] = normaliseDe4Servers([
  { url: 'https://a.example.com', username: 'alice', label: 'A' },
  { url: 'https://b.example.com', username: 'bob', label: 'B' },
]) as [De4ServerConfig, De4ServerConfig];

/** The model's surroundings: fake servers by id, stored keys, trust and a recording log. */
export class World {
  readonly fakes = new Map<string, FakeDe4>([
    [SERVER_A.id, new FakeDe4()],
    [SERVER_B.id, new FakeDe4()],
  ]);
  readonly keys = new Map<string, string>([
    [SERVER_A.id, 'key-a'],
    [SERVER_B.id, 'key-b'],
  ]);
  trusted = true;
  readonly log = new RecordingLogger();
  readonly events: De4Change[] = [];
  readonly model: De4AppsModel;

  constructor() {
    const deps: De4ModelDeps = {
      createApi: (server, getAuth) => this.fake(server.id).api(getAuth),
      apiKey: (server) => Promise.resolve(this.keys.get(server.id)),
      isTrusted: () => this.trusted,
      log: this.log,
    };
    this.model = new De4AppsModel(deps);
    this.model.onDidChange((c) => this.events.push(c));
  }

  fake(id: string): FakeDe4 {
    const fake = this.fakes.get(id);
    assert.ok(fake, `no fake for ${id}`);
    return fake;
  }
}

/** One macrotask: the model coalesces with setTimeout(0), so this lets a pending event fire. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Enough ticks for immediate fake answers to settle and their events to fire. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await tick();
  }
}

/** The next change event, or a failure after a bounded wait. */
export function nextChange(model: De4AppsModel): Promise<De4Change> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error('no change event within 2 s'));
    }, 2000);
    const sub = model.onDidChange((c) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(c);
    });
  });
}

export function plain(c: De4Change | undefined): { all: boolean; servers: string[]; apps: string[] } | undefined {
  return c && { all: c.all, servers: [...c.servers].sort(), apps: [...c.apps].sort() };
}

export function summary(name: string): De4AppSummary {
  return { name, owner: 'alice', urlOnServer: `https://a.example.com/${name}`, running: true };
}

/** A world whose server A is listed and loaded with the given apps. */
export async function loadedWorld(apps: string[] = ['sales-dash']): Promise<World> {
  const w = new World();
  w.fake(SERVER_A.id).apps = apps.map(summary);
  w.model.setServers([SERVER_A, SERVER_B]);
  w.model.serverState(SERVER_A.id);
  await settle();
  assert.equal(w.model.serverState(SERVER_A.id).kind, 'loaded');
  w.events.length = 0;
  return w;
}
