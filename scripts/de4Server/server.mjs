// A loopback DE4 App Manager API server for tests and the demo: `POST /Manager/graphql` with HTTP
// Basic auth (`username:apiKey`), answered by graphql-js over the documented schema subset, so
// queries are really parsed and validated. Read-only (no Mutation type). `quirks` provoke the edge
// cases the reference records between Plotly's own clients and servers; `faults` (faults.mjs) inject
// the failures of a server, proxy or network per request.
import { createServer } from 'node:http';
import { execute, GraphQLError, parse, validate } from 'graphql';
import { actTransportFault, applyPageFaults, createFaultInjector, graphqlErrorResult, requestFacts, sendBrokenBody } from './faults.mjs';
import { buildDe4Schema } from './schema.mjs';
import { SEED_USERS, seedApps } from './seed.mjs';
import { authenticate, parseRequest, readBody, send, sendJson } from './wire.mjs';

export const GRAPHQL_PATH = '/Manager/graphql';
export { FAULT_KINDS } from './faults.mjs';
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_DELAY_MS = 60_000;
const LOG_LIMIT = 1000;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Starts the server.
 * @param {object} [options]
 * @param {number} [options.port] 0 (default) picks a free port
 * @param {string} [options.host] loopback only: 127.0.0.1 (default), ::1 or localhost
 * @param {Array<{username: string, apiKey: string, isAdmin?: boolean, isDashCreator?: boolean, sshKeys?: string}>} [options.users]
 * @param {object[]} [options.apps] apps in canonical form (see seed.mjs makeApp); default: the seed
 * @param {number} [options.pageSize] apps per page (10, as on DE4)
 * @param {0 | 1} [options.firstPage] number of the first page
 * @param {object} [options.quirks] serviceTypeCase 'upper'|'lower', runningAs 'bool'|'int', repeatNextPage,
 *   emptyPageAt (page number), failFirst (count of 503 answers), delayMs, errorStatus (HTTP status of a
 *   response that has only errors: 200 by default, 400 as graphene/Flask servers answer)
 * @param {object[]} [options.faults] faults to inject (`{ kind, ...selectors, ...params }`, see README.md);
 *   replaced at run time with `setFaults`
 */
export async function startDe4Server({
  port = 0,
  host = '127.0.0.1',
  users = SEED_USERS,
  apps = seedApps(),
  pageSize = 10,
  firstPage = 0,
  quirks = {},
  faults = [],
} = {}) {
  if (!LOOPBACK.has(host)) {
    throw new Error(`the DE4 test server listens on loopback only, not on ${host}`);
  }
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new Error(`pageSize must be a positive integer, got ${pageSize}`);
  }
  if (firstPage !== 0 && firstPage !== 1) {
    throw new Error(`firstPage must be 0 or 1, got ${firstPage}`);
  }
  const q = normaliseQuirks(quirks);
  const schema = buildDe4Schema(q);
  const wireApps = apps.map((a) => toWire(a, q));
  const usersByName = new Map(users.map((u) => [u.username, u]));
  const injector = createFaultInjector(faults);
  const rootValue = makeRoot({ wireApps, users, pageSize, firstPage, quirks: q, injector });

  const documents = documentCache(schema);
  const stats = { requests: 0, inFlight: 0, maxInFlight: 0 };
  const log = [];
  const sleepers = new Set();
  let closed = false;

  const sleep = (ms) =>
    new Promise((resolve) => {
      const sleeper = { resolve, timer: setTimeout(() => done(), ms) };
      const done = () => {
        clearTimeout(sleeper.timer);
        sleepers.delete(sleeper);
        resolve();
      };
      sleeper.resolve = done;
      sleepers.add(sleeper);
    });

  const record = (entry) => {
    log.push(entry);
    if (log.length > LOG_LIMIT) {
      log.shift();
    }
  };

  async function handle(req, res) {
    const n = ++stats.requests;
    if (q.delayMs > 0) {
      await sleep(q.delayMs);
    }
    if (closed) {
      return send(res, 503, 'text/plain', 'server closing\n');
    }
    const path = new URL(req.url ?? '/', 'http://loopback').pathname;
    if (n <= q.failFirst) {
      record({ status: 503, path });
      return send(res, 503, 'text/plain', 'Service Unavailable\n', { 'Retry-After': '1' });
    }
    // Read once: early when faults may select the request by its page or operation.
    let bodyRead;
    const body = () => (bodyRead ??= readBody(req, MAX_BODY_BYTES));
    const selected = injector.isActive ? injector.match(requestFacts(n, await body())) : [];
    const transportFault = selected.find((f) => f.stage === 'transport');
    if (transportFault) {
      const fault = injector.injected(transportFault);
      return record({ status: await actTransportFault(transportFault, req, res, send), path, fault });
    }
    if (path !== GRAPHQL_PATH) {
      record({ status: 404, path });
      return send(res, 404, 'text/plain', 'Not Found\n');
    }
    if (req.method !== 'POST') {
      record({ status: 405, path });
      return send(res, 405, 'text/plain', 'Method Not Allowed\n', { Allow: 'POST' });
    }
    const user = authenticate(req.headers.authorization, usersByName);
    if (!user) {
      record({ status: 401, path });
      return send(res, 401, 'text/plain', 'Unauthorized\n', { 'WWW-Authenticate': 'Basic realm="Dash Enterprise"' });
    }
    const text = await body();
    if (text === undefined) {
      record({ status: 413, path, user: user.username });
      return send(res, 413, 'text/plain', 'Payload Too Large\n');
    }
    const parsed = parseRequest(text);
    if ('error' in parsed) {
      record({ status: 400, path, user: user.username });
      return sendJson(res, 400, { errors: [{ message: parsed.error }] });
    }
    const prepared = documents.get(parsed.query);
    const errorsFault = selected.find((f) => f.kind === 'graphqlErrors');
    const pageFaults = selected.filter((f) => f.stage === 'page');
    const injected = [];
    let result =
      'errors' in prepared || (errorsFault && !errorsFault.withData)
        ? { errors: prepared.errors }
        : await execute({
            schema,
            document: prepared.document,
            variableValues: parsed.variables,
            operationName: parsed.operationName,
            rootValue,
            contextValue: { user, pageFaults, injected },
          });
    if (errorsFault && !('errors' in prepared)) {
      result = graphqlErrorResult(errorsFault, result);
      injected.push(injector.injected(errorsFault));
    }
    const status = (result.data === undefined || result.data === null) && result.errors ? q.errorStatus : 200;
    const bodyFault = selected.find((f) => f.stage === 'body');
    if (bodyFault) {
      injected.push(injector.injected(bodyFault));
    }
    const fault = injected.length > 0 ? injected.join('+') : undefined;
    record({
      status,
      path,
      user: user.username,
      query: parsed.query,
      variables: parsed.variables,
      errors: result.errors?.length ?? 0,
      ...(fault ? { fault } : {}),
    });
    return bodyFault ? sendBrokenBody(bodyFault, res, status, result) : sendJson(res, status, result);
  }

  const server = createServer((req, res) => {
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    handle(req, res)
      .catch((err) => {
        if (!res.headersSent) {
          sendJson(res, 500, { errors: [{ message: `internal error: ${err instanceof Error ? err.message : String(err)}` }] });
        } else {
          res.destroy();
        }
      })
      .finally(() => {
        stats.inFlight--;
      });
  });
  // Bounded: a stalled client cannot hold a connection open for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000 + q.delayMs;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 100;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host === '::1' ? '[::1]' : host;

  return {
    url: `http://${urlHost}:${boundPort}`,
    endpoint: `http://${urlHost}:${boundPort}${GRAPHQL_PATH}`,
    port: boundPort,
    /** Requests received (every path and outcome, including quirk 503s). */
    get requests() {
      return stats.requests;
    },
    /** Most requests being handled at once since start (for concurrency checks). */
    get maxInFlight() {
      return stats.maxInFlight;
    },
    /** The last 1000 requests: `{ status, path, user?, query?, variables?, errors?, fault? }`. */
    log,
    /** Faults that took effect since start (a selected fault that changed nothing is not counted). */
    get faultsInjected() {
      return injector.total;
    },
    /** `faultsInjected` by kind. */
    get faultsByKind() {
      return injector.byKind;
    },
    /** Replaces the faults (`[]` ends them); the counts carry on. */
    setFaults(list) {
      injector.set(list);
    },
    close() {
      if (closed) {
        return Promise.resolve();
      }
      closed = true;
      for (const s of [...sleepers]) {
        s.resolve();
      }
      return new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Parsed and validated queries by source text. Parsing and validation cost about ten times what
 * executing a page costs, and clients send the same few queries over and over (the 500-page bench).
 */
function documentCache(schema, max = 200) {
  const cache = new Map();
  return {
    get(source) {
      let entry = cache.get(source);
      if (!entry) {
        entry = prepare(schema, source);
        if (cache.size >= max) {
          cache.delete(cache.keys().next().value);
        }
        cache.set(source, entry);
      }
      return entry;
    },
  };
}

/** `{ document }` ready to execute, or `{ errors }` from parsing or validation. */
function prepare(schema, source) {
  let document;
  try {
    document = parse(source);
  } catch (err) {
    if (err instanceof GraphQLError) {
      return { errors: [err] };
    }
    throw err;
  }
  const errors = validate(schema, document);
  return errors.length > 0 ? { errors } : { document };
}

function normaliseQuirks(quirks) {
  const {
    serviceTypeCase = 'upper',
    runningAs = 'bool',
    repeatNextPage = false,
    emptyPageAt,
    failFirst = 0,
    delayMs = 0,
    errorStatus = 200,
    ...unknown
  } = quirks;
  const names = Object.keys(unknown);
  if (names.length > 0) {
    throw new Error(`unknown quirk(s): ${names.join(', ')}`);
  }
  if (serviceTypeCase !== 'upper' && serviceTypeCase !== 'lower') {
    throw new Error(`serviceTypeCase must be 'upper' or 'lower', got ${serviceTypeCase}`);
  }
  if (runningAs !== 'bool' && runningAs !== 'int') {
    throw new Error(`runningAs must be 'bool' or 'int', got ${runningAs}`);
  }
  if (errorStatus !== 200 && errorStatus !== 400) {
    throw new Error(`errorStatus must be 200 or 400, got ${errorStatus}`);
  }
  return {
    serviceTypeCase,
    runningAs,
    repeatNextPage: repeatNextPage === true,
    emptyPageAt: Number.isInteger(emptyPageAt) ? emptyPageAt : undefined,
    failFirst: Math.max(0, Math.floor(Number(failFirst) || 0)),
    delayMs: Math.min(MAX_DELAY_MS, Math.max(0, Number(delayMs) || 0)),
    errorStatus,
  };
}

/** A copy of a canonical app with the quirks' wire forms: ServiceType casing and the type of `running`. */
function toWire(app, q) {
  const wire = structuredClone(app);
  const cased = (t) => (q.serviceTypeCase === 'upper' ? String(t).toUpperCase() : String(t).toLowerCase());
  for (const s of wire.linkedServices ?? []) {
    s.serviceType = cased(s.serviceType);
  }
  if (wire.status && q.runningAs === 'int') {
    wire.status.running = wire.status.running ? 1 : 0;
  }
  return wire;
}

function makeRoot({ wireApps, users, pageSize, firstPage, quirks, injector }) {
  const visible = (user, all) => wireApps.filter((a) => (all && user.isAdmin === true) || a.owner?.username === user.username);
  return {
    current: (_args, { user }) => ({ username: user.username, isAdmin: user.isAdmin === true }),
    // Non-admins asking for allApps get their own apps (an admin-only view); the reference does not
    // say whether DE4 answers with an error instead.
    apps: ({ page, name, allApps }, { user, pageFaults, injected }) => {
      let list = visible(user, allApps === true);
      if (typeof name === 'string') {
        // Substring match: DE4 returns a list for `name:`, and clients pick the exact name (reference §1.3).
        list = list.filter((a) => a.name.includes(name));
      }
      const pageCount = Math.ceil(list.length / pageSize);
      // A page number below the first page is read as the first page, so a client starting at 0 on a
      // 1-based server still sees every app once it follows nextPage.
      const number = Math.max(firstPage, page ?? firstPage);
      const index = number - firstPage;
      const isLast = index >= pageCount - 1;
      const items = number === quirks.emptyPageAt ? [] : list.slice(index * pageSize, (index + 1) * pageSize);
      let nextPage = isLast ? null : number + 1;
      if (quirks.repeatNextPage && index === pageCount - 1) {
        nextPage = number;
      }
      if (pageFaults.length === 0) {
        return { apps: items, nextPage };
      }
      const lastItems = list.slice((pageCount - 1) * pageSize);
      const faulty = applyPageFaults(pageFaults, injector, {
        number,
        items,
        nextPage,
        isLast: index === pageCount - 1,
        isPastEnd: index >= pageCount,
        lastItems,
      });
      injected.push(...faulty.kinds);
      return { apps: faulty.items, nextPage: faulty.nextPage };
    },
    appsCount: (_args, { user }) => {
      const counts = new Map();
      for (const a of visible(user, true)) {
        const owner = a.owner?.username ?? '';
        counts.set(owner, (counts.get(owner) ?? 0) + 1);
      }
      return [...counts].map(([username, count]) => {
        const u = users.find((x) => x.username === username);
        return { username, count, user: { username, isDashCreator: u?.isDashCreator ?? true } };
      });
    },
    services: (_args, { user }) => visible(user, true).flatMap((a) => a.linkedServices ?? []),
    sshKeys: (_args, { user }) => ({ keys: user.sshKeys ?? '' }),
  };
}

/** Banner lines for a running server: where it is and which seeded credentials work. */
export function describeDe4Server(server, users = SEED_USERS) {
  return [
    `DE4 API (loopback): ${server.url}  (GraphQL at ${server.endpoint})`,
    ...users.map((u) => `    ${u.isAdmin ? 'admin' : 'user '} ${u.username} / API key ${u.apiKey}`),
  ];
}
