import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

// Typed access to the loopback DE4 API server in scripts/de4Server (plain ESM, shared with `npm start`)
// for tests compiled to CommonJS.

export interface De4SeedUser {
  username: string;
  apiKey: string;
  isAdmin?: boolean;
  isDashCreator?: boolean;
  sshKeys?: string;
}

export interface De4ServerQuirks {
  serviceTypeCase?: 'upper' | 'lower';
  runningAs?: 'bool' | 'int';
  repeatNextPage?: boolean;
  emptyPageAt?: number;
  failFirst?: number;
  delayMs?: number;
  errorStatus?: 200 | 400;
}

/** Which requests a fault selects; every given selector must hold, and none selects every request. */
export interface De4FaultSelectors {
  /** Request numbers (from 1, counting every request the server received). */
  requests?: number[];
  /** The first k requests. */
  first?: number;
  /** GraphQL requests whose `variables.page` is this number. */
  page?: number;
  /** GraphQL requests of this operation (`operationName`, or the name in `query Name(…)`). */
  operation?: string;
  /** Injected at most this many times, then it stops. */
  times?: number;
}

/** A fault of scripts/de4Server/faults.mjs (see its README). */
export type De4Fault = De4FaultSelectors &
  (
    | { kind: 'reset' }
    | { kind: 'hang' }
    | { kind: 'status'; status?: 500 | 502 | 503 | 504; retryAfter?: number }
    | { kind: 'rateLimit'; retryAfter?: number; retryAfterForm?: 'seconds' | 'date' }
    | { kind: 'loginPage' }
    | { kind: 'graphqlErrors'; message?: string; withData?: boolean }
    | { kind: 'truncated'; at?: number }
    | { kind: 'cutConnection'; at?: number }
    | { kind: 'shortPage'; keep?: number }
    | { kind: 'cutPage' }
    | { kind: 'brokenApp'; index?: number; field?: string }
    | { kind: 'loop'; to: number }
    | { kind: 'endless'; fresh?: boolean }
  );

export type De4FaultKind = De4Fault['kind'];

export interface De4ServerOptions {
  port?: number;
  host?: string;
  users?: De4SeedUser[];
  /** Apps in the seed's canonical form (see seed.mjs `makeApp`). */
  apps?: unknown[];
  pageSize?: number;
  firstPage?: 0 | 1;
  quirks?: De4ServerQuirks;
  faults?: De4Fault[];
}

export interface De4ServerLogEntry {
  status: number;
  path: string;
  user?: string;
  query?: string;
  variables?: Record<string, unknown>;
  errors?: number;
  /** The fault kind(s) injected into this request, joined by `+`. */
  fault?: string;
}

export interface LoopbackDe4Server {
  /** `http://127.0.0.1:<port>`: the DE4 base URL. */
  url: string;
  /** `<url>/Manager/graphql`. */
  endpoint: string;
  port: number;
  readonly requests: number;
  readonly maxInFlight: number;
  /** Faults that took effect since start. */
  readonly faultsInjected: number;
  readonly faultsByKind: Partial<Record<De4FaultKind, number>>;
  /** Replaces the faults; `[]` ends them. */
  setFaults(faults: De4Fault[]): void;
  log: De4ServerLogEntry[];
  close(): Promise<void>;
}

export interface De4ServerModule {
  GRAPHQL_PATH: string;
  FAULT_KINDS: readonly De4FaultKind[];
  startDe4Server(options?: De4ServerOptions): Promise<LoopbackDe4Server>;
  describeDe4Server(server: LoopbackDe4Server, users?: De4SeedUser[]): string[];
}

export interface De4SeedModule {
  DE4_HOST: string;
  SEED_USERS: De4SeedUser[];
  seedApps(): unknown[];
  manyApps(n: number): unknown[];
  makeApp(name: string, owner: string, day: number, overrides?: Record<string, unknown>): unknown;
  timestamp(day: number, micro?: number): string;
}

export interface De4AppSourceModule {
  isCondaApp(app: unknown): boolean;
  /** The app's files as DE4 deployed them, path → text. */
  appSourceFiles(app: unknown): Record<string, string>;
}

/** out/test/support → the repository root. */
const REPO = path.resolve(__dirname, '..', '..', '..');

// tsc (module: commonjs) turns `import()` into `require()`, which cannot load an ES module on Node 20;
// an import() inside a Function body is left as is. The body is a constant, so nothing is evaluated from input.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** Loads scripts/de4Server/server.mjs, seed.mjs and appSource.mjs. */
export async function loadDe4Server(): Promise<De4ServerModule & De4SeedModule & De4AppSourceModule> {
  const dir = path.join(REPO, 'scripts', 'de4Server');
  const load = (file: string) => importEsm(pathToFileURL(path.join(dir, file)).href);
  const server = (await load('server.mjs')) as De4ServerModule;
  const seed = (await load('seed.mjs')) as De4SeedModule;
  const source = (await load('appSource.mjs')) as De4AppSourceModule;
  return { ...server, ...seed, ...source };
}

/**
 * Inside a mocha `describe`: loads the server modules once, and `start` opens a server that is closed
 * after each test. `mod()` gives the loaded modules (seed helpers, FAULT_KINDS).
 */
export function de4ServerPerTest(): {
  readonly start: (options?: De4ServerOptions) => Promise<LoopbackDe4Server>;
  readonly mod: () => De4ServerModule & De4SeedModule & De4AppSourceModule;
} {
  let loaded: (De4ServerModule & De4SeedModule & De4AppSourceModule) | undefined;
  const open: LoopbackDe4Server[] = [];
  before(async () => {
    loaded = await loadDe4Server();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  const mod = (): De4ServerModule & De4SeedModule & De4AppSourceModule => {
    if (!loaded) {
      throw new Error('de4ServerPerTest: the modules load in a before hook; use mod() inside tests');
    }
    return loaded;
  };
  return {
    mod,
    start: async (options = {}) => {
      const s = await mod().startDe4Server(options);
      open.push(s);
      return s;
    },
  };
}
