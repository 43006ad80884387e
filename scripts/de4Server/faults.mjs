// Fault injection for the loopback DE4 API server: the failures a real DE4 server, a proxy in front of
// it or the network between produce, injected per request so client tests can show that each one
// ends in bounded retries and a clear error. A fault is plain data, `{ kind, ...selectors, ...params }`,
// so a list of them passes through worker.mjs's workerData unchanged. README.md lists the kinds.

/**
 * Each kind's parameters with their defaults, and the stage of a request where it acts: `transport`
 * before routing (nothing of the API answers), `graphql` instead of or after executing the query,
 * `body` when the answer is written, `page` inside the `apps` resolver.
 */
const KINDS = {
  reset: { stage: 'transport', params: {} },
  hang: { stage: 'transport', params: {} },
  status: { stage: 'transport', params: { status: 500, retryAfter: undefined } },
  rateLimit: { stage: 'transport', params: { retryAfter: 1, retryAfterForm: 'seconds' } },
  loginPage: { stage: 'transport', params: {} },
  graphqlErrors: { stage: 'graphql', params: { message: 'Internal server error', withData: false } },
  truncated: { stage: 'body', params: { at: 0.5 } },
  cutConnection: { stage: 'body', params: { at: 0.5 } },
  shortPage: { stage: 'page', params: { keep: undefined } },
  cutPage: { stage: 'page', params: {} },
  brokenApp: { stage: 'page', params: { index: 0, field: 'name' } },
  loop: { stage: 'page', params: { to: undefined } },
  endless: { stage: 'page', params: { fresh: true } },
};

export const FAULT_KINDS = Object.freeze(Object.keys(KINDS));

const SELECTORS = ['requests', 'first', 'page', 'operation', 'times'];
const STATUSES = new Set([500, 502, 503, 504]);

const LOGIN_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in · Dash Enterprise</title></head>\n' +
  '<body><form method="post" action="/login"><input name="username"><input name="password" type="password">' +
  '<button>Sign in</button></form></body></html>\n';

const isCount = (v) => Number.isInteger(v) && v >= 0;

function check(ok, kind, what) {
  if (!ok) {
    throw new Error(`fault ${kind}: ${what}`);
  }
}

/** A validated copy of one fault with its selectors normalised and its parameters defaulted. */
function normaliseFault(raw) {
  check(raw !== null && typeof raw === 'object', String(raw), 'must be an object');
  const { kind, requests, first, page, operation, times, ...rest } = raw;
  const spec = KINDS[kind];
  check(spec !== undefined, String(kind), `unknown kind (known: ${FAULT_KINDS.join(', ')})`);
  const unknown = Object.keys(rest).filter((k) => !(k in spec.params));
  check(unknown.length === 0, kind, `unknown option(s) ${unknown.join(', ')}; selectors are ${SELECTORS.join(', ')}`);
  check(
    requests === undefined || (Array.isArray(requests) && requests.every((n) => isCount(n) && n > 0)),
    kind,
    'requests must list request numbers (from 1)',
  );
  check(first === undefined || isCount(first), kind, 'first must be a count');
  check(page === undefined || Number.isInteger(page), kind, 'page must be a page number');
  check(operation === undefined || typeof operation === 'string', kind, 'operation must be an operation name');
  check(times === undefined || (isCount(times) && times > 0), kind, 'times must be a positive count');
  const p = { ...spec.params, ...rest };
  switch (kind) {
    case 'status':
      check(STATUSES.has(p.status), kind, `status must be one of ${[...STATUSES].join(', ')}`);
      check(p.retryAfter === undefined || isCount(p.retryAfter), kind, 'retryAfter must be whole seconds');
      break;
    case 'rateLimit':
      check(isCount(p.retryAfter), kind, 'retryAfter must be whole seconds');
      check(p.retryAfterForm === 'seconds' || p.retryAfterForm === 'date', kind, "retryAfterForm must be 'seconds' or 'date'");
      break;
    case 'graphqlErrors':
      check(typeof p.message === 'string' && typeof p.withData === 'boolean', kind, 'message is text and withData true or false');
      break;
    case 'truncated':
    case 'cutConnection':
      check(typeof p.at === 'number' && p.at > 0 && p.at < 1, kind, 'at must be a fraction between 0 and 1');
      break;
    case 'shortPage':
      check(p.keep === undefined || isCount(p.keep), kind, 'keep must be a count');
      break;
    case 'brokenApp':
      check(isCount(p.index) && typeof p.field === 'string' && p.field !== '', kind, 'index is a count and field a (dotted) field name');
      break;
    case 'loop':
      check(Number.isInteger(p.to), kind, 'to must be the page number the page points at');
      break;
    case 'endless':
      check(typeof p.fresh === 'boolean', kind, 'fresh must be true or false');
      break;
    default:
      break;
  }
  return {
    kind,
    stage: spec.stage,
    requests: requests === undefined ? undefined : new Set(requests),
    first,
    page,
    operation,
    // Mutable per server: the injector counts it down.
    remaining: times ?? Infinity,
    ...p,
  };
}

/**
 * The server's faults and their counters. `match` picks the faults a request selects (all given
 * selectors must hold; a fault without selectors selects every request), `injected` counts one that
 * took effect.
 */
export function createFaultInjector(initial = []) {
  let faults = [];
  let total = 0;
  const byKind = {};
  const injector = {
    set(list) {
      if (!Array.isArray(list)) {
        throw new Error('faults must be a list');
      }
      faults = list.map(normaliseFault);
    },
    get isActive() {
      return faults.length > 0;
    },
    match(request) {
      return faults.filter(
        (f) =>
          f.remaining > 0 &&
          (f.requests === undefined || f.requests.has(request.n)) &&
          (f.first === undefined || request.n <= f.first) &&
          (f.page === undefined || request.page === f.page) &&
          (f.operation === undefined || request.operation === f.operation),
      );
    },
    injected(fault) {
      fault.remaining--;
      total++;
      byKind[fault.kind] = (byKind[fault.kind] ?? 0) + 1;
      return fault.kind;
    },
    get total() {
      return total;
    },
    get byKind() {
      return { ...byKind };
    },
  };
  injector.set(initial);
  return injector;
}

/** `{ n, page, operation }` of a request, read leniently from its body (for the selectors). */
export function requestFacts(n, body) {
  let json;
  try {
    json = JSON.parse(body ?? '');
  } catch {
    return { n, page: undefined, operation: undefined };
  }
  const page = json?.variables?.page;
  const named = typeof json?.operationName === 'string' ? json.operationName : undefined;
  const fromQuery =
    typeof json?.query === 'string' ? /^\s*(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/.exec(json.query)?.[1] : undefined;
  return { n, page: Number.isInteger(page) ? page : undefined, operation: named ?? fromQuery };
}

/**
 * Acts out a transport fault on the response. Resolves when the exchange is over: at once, or for a
 * hang when the client (or close()) drops the connection. Returns the status logged (0: no answer).
 */
export async function actTransportFault(fault, req, res, send) {
  switch (fault.kind) {
    case 'reset':
      // RST rather than FIN: the client sees ECONNRESET, as when a proxy or load balancer drops it.
      if (!req.socket.destroyed) {
        req.socket.resetAndDestroy();
      }
      return 0;
    case 'hang':
      // Until the client gives up or close() ends every connection.
      if (!req.socket.destroyed) {
        await new Promise((resolve) => res.once('close', resolve));
      }
      return 0;
    case 'status':
      send(
        res,
        fault.status,
        'text/plain',
        `HTTP ${fault.status}\n`,
        fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) },
      );
      return fault.status;
    case 'rateLimit':
      send(res, 429, 'text/plain', 'Too Many Requests\n', { 'Retry-After': retryAfterValue(fault) });
      return 429;
    case 'loginPage':
      send(res, 200, 'text/html', LOGIN_PAGE);
      return 200;
    default:
      throw new Error(`not a transport fault: ${fault.kind}`);
  }
}

/** Seconds, or an HTTP-date at least that far ahead (a date has whole seconds only, so it is rounded up). */
function retryAfterValue(fault) {
  if (fault.retryAfterForm === 'seconds') {
    return String(fault.retryAfter);
  }
  return new Date(Math.ceil(Date.now() / 1000) * 1000 + fault.retryAfter * 1000).toUTCString();
}

/** The result of a `graphqlErrors` fault: errors only, or errors beside the executed data with one part nulled. */
export function graphqlErrorResult(fault, executed) {
  const error = { message: fault.message, locations: [{ line: 1, column: 1 }] };
  if (!fault.withData || executed?.data === undefined || executed.data === null) {
    return { errors: [error] };
  }
  const data = structuredClone(executed.data);
  const list = data.apps?.apps;
  if (Array.isArray(list) && list.length > 0) {
    // As a resolver failing for one app: that app is null and the error names its path.
    const mid = Math.floor(list.length / 2);
    list[mid] = null;
    return { data, errors: [{ ...error, path: ['apps', 'apps', mid] }] };
  }
  const [first] = Object.keys(data);
  if (first !== undefined) {
    data[first] = null;
  }
  return { data, errors: [{ ...error, path: first === undefined ? [] : [first] }] };
}

/** Writes `value` as a broken JSON answer; resolves when the answer is over. */
export function sendBrokenBody(fault, res, status, value) {
  const text = JSON.stringify(value);
  const cut = text.slice(0, Math.max(1, Math.floor(text.length * fault.at)));
  if (fault.kind === 'truncated') {
    // A complete HTTP answer whose JSON stops midway: a buggy server or proxy, not the network.
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(cut) });
    res.end(cut);
    return Promise.resolve();
  }
  // The full length announced, part of it sent, then the connection closed: a cut network.
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  return new Promise((resolve) => {
    res.write(cut, () => {
      res.socket?.destroy();
      resolve();
    });
  });
}

/**
 * Applies the request's page faults to one `apps` page `{ number, items, nextPage, isLast, isPastEnd,
 * lastItems }` and returns `{ items, nextPage, kinds }`. Only faults that change the page count as
 * injected (`kinds` names them).
 */
export function applyPageFaults(faults, injector, page) {
  let { items, nextPage } = page;
  const kinds = [];
  const inject = (f) => kinds.push(injector.injected(f));
  for (const f of faults) {
    switch (f.kind) {
      case 'shortPage': {
        const keep = f.keep ?? Math.floor(items.length / 2);
        if (keep < items.length) {
          items = items.slice(0, keep);
          inject(f);
        }
        break;
      }
      case 'cutPage':
        if (items.length > 0) {
          // The list stops midway, at an app whose fields were lost with the rest of the page.
          items = [...items.slice(0, Math.floor(items.length / 2)), {}];
          inject(f);
        }
        break;
      case 'brokenApp':
        if (f.index < items.length) {
          items = items.map((app, i) => (i === f.index ? withoutField(app, f.field) : app));
          inject(f);
        }
        break;
      case 'loop':
        nextPage = f.to;
        inject(f);
        break;
      case 'endless':
        if (page.isLast || page.isPastEnd) {
          if (page.isPastEnd) {
            items = f.fresh ? page.lastItems.map((app) => ({ ...app, name: `${app.name}~p${page.number}` })) : page.lastItems;
          }
          nextPage = page.number + 1;
          inject(f);
        }
        break;
      default:
        break;
    }
  }
  return { items, nextPage, kinds };
}

/** A copy of `app` without the field at a dotted path (`name`, `mounts.0.hostDir`). */
function withoutField(app, field) {
  const copy = structuredClone(app);
  const keys = field.split('.');
  const last = keys.pop();
  let at = copy;
  for (const k of keys) {
    at = at?.[k];
  }
  if (at !== null && typeof at === 'object') {
    delete at[last];
  }
  return copy;
}
