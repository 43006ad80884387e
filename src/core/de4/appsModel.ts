import type { De4AppDetail, De4AppSummary, De4Current } from '../api/de4Types';
import { CoreError, errorMessage, isCancellation } from '../errors';
import type { Logger } from '../ports';
import { Emitter, type Event } from './emitter';
import type { De4ServerConfig } from './serverConfig';

/** What the tree needs from a DE4 client (De4Client satisfies it); every call is cancellable. */
export interface De4Api {
  current(signal: AbortSignal): Promise<De4Current>;
  listApps(opts: { all: boolean }, signal: AbortSignal): Promise<readonly De4AppSummary[]>;
  appDetail(name: string, opts: { all: boolean }, signal: AbortSignal): Promise<De4AppDetail | undefined>;
}

/** Builds a client for one server; `getAuth` rejects with `auth-failed` when no key is stored. */
export type De4ApiFactory = (server: De4ServerConfig, getAuth: () => Promise<{ username: string; apiKey: string }>) => De4Api;

export interface De4Failure {
  readonly message: string;
  readonly hint: string | undefined;
}

export type ServerState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'signedOut' }
  | { readonly kind: 'error'; readonly failure: De4Failure }
  | { readonly kind: 'loaded'; readonly current: De4Current; readonly apps: readonly De4AppSummary[] };

export type DetailState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly failure: De4Failure }
  | { readonly kind: 'missing' }
  | { readonly kind: 'loaded'; readonly detail: De4AppDetail };

/** Which parts of the tree changed; `all` also covers the server list, the filter and trust. */
export interface De4Change {
  readonly all: boolean;
  readonly servers: ReadonlySet<string>;
  /** `appKey(serverId, name)` of apps whose details changed. */
  readonly apps: ReadonlySet<string>;
}

export function appKey(serverId: string, name: string): string {
  return `${serverId}\n${name}`;
}

export interface De4ModelDeps {
  readonly createApi: De4ApiFactory;
  readonly apiKey: (server: De4ServerConfig) => Promise<string | undefined>;
  readonly isTrusted: () => boolean;
  readonly log: Logger;
}

/** Connection lifetime (STYLE §5): state of one server; disposing it aborts its requests. */
class De4Connection {
  readonly controller = new AbortController();
  state: ServerState = { kind: 'idle' };
  readonly details = new Map<string, DetailState>();
  /** `app\nvariable` of values the user revealed; forgotten with the connection. */
  readonly revealed = new Set<string>();
  readonly api: De4Api;

  constructor(
    readonly server: De4ServerConfig,
    deps: De4ModelDeps,
  ) {
    this.api = deps.createApi(server, async () => {
      const apiKey = await deps.apiKey(server);
      if (!apiKey) {
        throw new CoreError('auth-failed', 'No API key is stored for this server.', { hint: 'Sign in again with Add DE4 Server….' });
      }
      return { username: server.username, apiKey };
    });
  }

  dispose(): void {
    this.controller.abort();
  }
}

function failureOf(err: unknown): De4Failure {
  return { message: errorMessage(err), hint: err instanceof CoreError ? err.hint : undefined };
}

function describeError(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/**
 * Owns the DE4 Apps tree's data (STYLE §5): servers, their loading state, app lists, per-app details
 * and errors. Loads start when the tree asks for children, and all changes within one tick reach
 * the tree as a single coalesced event. No editor API: the extension's tree provider adapts it.
 */
export class De4AppsModel {
  private readonly _onDidChange: Emitter<De4Change>;
  readonly onDidChange: Event<De4Change>;
  private readonly connections = new Map<string, De4Connection>();
  private serverList: readonly De4ServerConfig[] = [];
  private filterText = '';
  private pending: { all: boolean; servers: Set<string>; apps: Set<string> } | undefined;
  private disposed = false;

  constructor(private readonly deps: De4ModelDeps) {
    this._onDidChange = new Emitter<De4Change>((err) => deps.log.error(`DE4 Apps: a change listener failed: ${describeError(err)}`));
    this.onDidChange = this._onDidChange.event;
  }

  /** Aborts every server's requests; no change event fires afterwards. */
  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.connections.forEach((c) => c.dispose());
    this._onDidChange.dispose();
  }

  servers(): readonly De4ServerConfig[] {
    return this.serverList;
  }

  server(id: string): De4ServerConfig | undefined {
    return this.serverList.find((s) => s.id === id);
  }

  get filter(): string {
    return this.filterText;
  }

  isTrusted(): boolean {
    return this.deps.isTrusted();
  }

  /** Replaces the configured servers; connections of unchanged servers keep their state. */
  setServers(servers: readonly De4ServerConfig[]): void {
    this.serverList = servers;
    for (const [id, conn] of this.connections) {
      const now = servers.find((s) => s.id === id);
      if (!now || JSON.stringify(now) !== JSON.stringify(conn.server)) {
        conn.dispose();
        this.connections.delete(id);
      }
    }
    this.changed({ all: true });
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.changed({ all: true });
  }

  /** Forgets loaded data (one server or all) and loads again when the tree next asks. */
  refresh(serverId?: string): void {
    for (const [id, conn] of this.connections) {
      if (serverId === undefined || id === serverId) {
        conn.dispose();
        this.connections.delete(id);
      }
    }
    this.changed(serverId === undefined ? { all: true } : { servers: [serverId] });
  }

  /** Signals a trust or key change: everything is shown again from scratch. */
  reset(): void {
    this.refresh();
  }

  /** The server's state; starts loading it when nothing was loaded yet. */
  serverState(id: string): ServerState {
    const conn = this.connection(id);
    if (!conn) {
      return { kind: 'idle' };
    }
    if (conn.state.kind === 'idle' && this.deps.isTrusted()) {
      conn.state = { kind: 'loading' };
      void this.load(conn);
    }
    return conn.state;
  }

  /** The server's apps that match the filter, in name order. */
  visibleApps(id: string): { readonly apps: readonly De4AppSummary[]; readonly total: number } {
    const state = this.connections.get(id)?.state;
    if (state?.kind !== 'loaded') {
      return { apps: [], total: 0 };
    }
    const needle = this.filterText.toLowerCase();
    const apps = needle === '' ? state.apps : state.apps.filter((a) => a.name.toLowerCase().includes(needle));
    return { apps, total: state.apps.length };
  }

  /** The app's details; fetched once, when first asked for (the tree asks on expansion). */
  detailState(serverId: string, name: string): DetailState {
    const conn = this.connection(serverId);
    if (!conn || conn.state.kind !== 'loaded') {
      return { kind: 'loading' };
    }
    let state = conn.details.get(name);
    if (!state) {
      state = { kind: 'loading' };
      conn.details.set(name, state);
      void this.loadDetail(conn, name, conn.state.current.isAdmin);
    }
    return state;
  }

  /** The app's details when they are loaded (no fetch). */
  loadedDetail(serverId: string, name: string): De4AppDetail | undefined {
    const state = this.connections.get(serverId)?.details.get(name);
    return state?.kind === 'loaded' ? state.detail : undefined;
  }

  /** The app's details, fetched now when not loaded yet (for commands on an app). */
  async fetchDetail(serverId: string, name: string, signal: AbortSignal): Promise<De4AppDetail | undefined> {
    // Every command that reads an app goes through here: none may reach a server from Restricted Mode.
    if (!this.deps.isTrusted()) {
      throw new CoreError('invalid-input', 'DE4 servers are contacted only in a trusted workspace.', {
        hint: 'Trust this workspace first (Manage Workspace Trust).',
      });
    }
    const loaded = this.loadedDetail(serverId, name);
    if (loaded) {
      return loaded;
    }
    const conn = this.connection(serverId);
    if (!conn) {
      return undefined;
    }
    const current = conn.state.kind === 'loaded' ? conn.state.current : await conn.api.current(signal);
    const detail = await conn.api.appDetail(name, { all: current.isAdmin }, signal);
    if (detail && !conn.controller.signal.aborted) {
      conn.details.set(name, { kind: 'loaded', detail });
      this.changed({ apps: [appKey(serverId, name)] });
    }
    return detail;
  }

  isRevealed(serverId: string, app: string, variable: string): boolean {
    return this.connections.get(serverId)?.revealed.has(`${app}\n${variable}`) ?? false;
  }

  /** Shows or masks one value in the tree; values are kept in memory only, never stored. */
  setRevealed(serverId: string, app: string, variable: string, revealed: boolean): void {
    const set = this.connections.get(serverId)?.revealed;
    if (!set) {
      return;
    }
    if (revealed) {
      set.add(`${app}\n${variable}`);
    } else {
      set.delete(`${app}\n${variable}`);
    }
    this.changed({ apps: [appKey(serverId, app)] });
  }

  /** Fetches an app's details again (Retry on its error node). */
  retryDetail(serverId: string, name: string): void {
    this.connections.get(serverId)?.details.delete(name);
    this.changed({ apps: [appKey(serverId, name)] });
  }

  private connection(id: string): De4Connection | undefined {
    const server = this.server(id);
    // A disposed model starts no new connections (and so sends no requests).
    if (!server || this.disposed) {
      return undefined;
    }
    let conn = this.connections.get(id);
    if (!conn) {
      conn = new De4Connection(server, this.deps);
      this.connections.set(id, conn);
    }
    return conn;
  }

  private async load(conn: De4Connection): Promise<void> {
    const { server, controller } = conn;
    const started = performance.now();
    try {
      if (!(await this.deps.apiKey(server))) {
        conn.state = { kind: 'signedOut' };
        return;
      }
      const current = await conn.api.current(controller.signal);
      const apps = await conn.api.listApps({ all: current.isAdmin }, controller.signal);
      const sorted = [...apps].sort((a, b) => a.name.localeCompare(b.name));
      conn.state = { kind: 'loaded', current, apps: sorted };
      this.deps.log.info(`${server.label}: ${sorted.length} apps in ${(performance.now() - started).toFixed(0)} ms`);
    } catch (err) {
      if (controller.signal.aborted || isCancellation(err)) {
        this.deps.log.debug(`${server.label}: listing cancelled`);
        return;
      }
      this.deps.log.error(`${server.label}: listing failed: ${describeError(err)}`);
      conn.state = { kind: 'error', failure: failureOf(err) };
    } finally {
      if (!controller.signal.aborted) {
        this.changed({ servers: [server.id] });
      }
    }
  }

  private async loadDetail(conn: De4Connection, name: string, all: boolean): Promise<void> {
    const { server, controller } = conn;
    try {
      const detail = await conn.api.appDetail(name, { all }, controller.signal);
      conn.details.set(name, detail ? { kind: 'loaded', detail } : { kind: 'missing' });
    } catch (err) {
      if (controller.signal.aborted || isCancellation(err)) {
        return;
      }
      this.deps.log.error(`${server.label}: details of ${name} failed: ${describeError(err)}`);
      conn.details.set(name, { kind: 'error', failure: failureOf(err) });
    } finally {
      if (!controller.signal.aborted) {
        this.changed({ apps: [appKey(server.id, name)] });
      }
    }
  }

  /** Collects changes and fires once per tick, so a burst of loads repaints the tree once. */
  private changed(c: { all?: boolean; servers?: readonly string[]; apps?: readonly string[] }): void {
    if (this.disposed) {
      return;
    }
    if (!this.pending) {
      this.pending = { all: false, servers: new Set(), apps: new Set() };
      setTimeout(() => {
        const p = this.pending;
        this.pending = undefined;
        if (p && !this.disposed) {
          this._onDidChange.fire(p);
        }
      }, 0);
    }
    this.pending.all ||= c.all === true;
    c.servers?.forEach((s) => this.pending?.servers.add(s));
    c.apps?.forEach((a) => this.pending?.apps.add(a));
  }
}
