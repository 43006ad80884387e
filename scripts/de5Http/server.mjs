// A loopback HTTP server standing in for deployed DE5 apps, for testing the check after a push:
// `GET /<app>/` answers 503 while the app is "building" (its first `readyAfterRequests` requests),
// then 200 with a Dash index page; `GET /<app>/_dash-layout` answers the layout JSON once ready.
// Unknown apps get 404, like a DE5 host without that app.
import * as http from 'node:http';

const HOST = '127.0.0.1';
const APP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * @typedef {{ readyAfterRequests?: number }} De5AppOptions
 * `readyAfterRequests` (default 0): how many GET requests under `/<app>/` are answered 503 before it is ready.
 */

/**
 * @param {{ apps?: Record<string, De5AppOptions> }} [options]
 * @returns {Promise<{ url: string, hits(app: string): number, setApp(app: string, options?: De5AppOptions): void,
 *   requests(): { method: string, path: string, status: number }[], close(): Promise<void> }>}
 */
export async function startDe5AppServer({ apps = {} } = {}) {
  /** app → { readyAfter, hits }; a Map so that an app called `constructor` is just a name. */
  const table = new Map();
  const log = [];
  const setApp = (name, { readyAfterRequests = 0 } = {}) => {
    if (!APP_NAME.test(name) || !Number.isInteger(readyAfterRequests) || readyAfterRequests < 0) {
      throw new Error(`de5Http: invalid app ${JSON.stringify(name)} or readyAfterRequests ${readyAfterRequests}`);
    }
    table.set(name, { readyAfter: readyAfterRequests, hits: 0, gated: 0 });
  };
  for (const [name, options] of Object.entries(apps)) {
    setApp(name, options);
  }

  const server = http.createServer((req, res) => {
    const status = answer(table, req, res);
    log.push({ method: req.method ?? '', path: req.url ?? '', status });
  });
  // Keep-alive connections would hold close() open.
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closing;
  return {
    url: `http://${HOST}:${port}`,
    /** Requests made to the app so far (any path under `/<app>/`). */
    hits: (name) => table.get(name)?.hits ?? 0,
    /** Adds an app, or resets one (hits back to 0), e.g. to model a redeploy. */
    setApp,
    requests: () => [...log],
    close: () =>
      (closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

/** Writes the response and returns its status. */
function answer(table, req, res) {
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const [, name = '', ...rest] = url.pathname.split('/');
  const app = table.get(name);
  if (!app) {
    return send(res, 404, 'text/html; charset=utf-8', '<!DOCTYPE html><title>404 Not Found</title><h1>Not Found</h1>\n');
  }
  app.hits += 1;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n');
  }
  const sub = rest.join('/');
  if (rest.length === 0) {
    res.setHeader('Location', `/${name}/`);
    return send(res, 308, 'text/plain; charset=utf-8', `Redirecting to /${name}/\n`);
  }
  // Ready once `readyAfter` earlier requests (to the page or the layout) were answered 503.
  app.gated += 1;
  if (app.gated <= app.readyAfter) {
    res.setHeader('Retry-After', '1');
    return send(res, 503, 'text/html; charset=utf-8', '<!DOCTYPE html><title>503 Service Unavailable</title><h1>App is starting</h1>\n');
  }
  if (sub === '') {
    return send(res, 200, 'text/html; charset=utf-8', indexPage(name));
  }
  if (sub === '_dash-layout') {
    const layout = {
      props: { children: [{ props: { children: name }, type: 'H1', namespace: 'dash_html_components' }], id: 'root' },
      type: 'Div',
      namespace: 'dash_html_components',
    };
    return send(res, 200, 'application/json', JSON.stringify(layout));
  }
  return send(res, 404, 'text/html; charset=utf-8', '<!DOCTYPE html><title>404 Not Found</title><h1>Not Found</h1>\n');
}

function indexPage(name) {
  return [
    '<!DOCTYPE html>',
    '<html>',
    `<head><meta charset="UTF-8"><title>${name}</title></head>`,
    '<body>',
    '<div id="react-entry-point"><div class="_dash-loading">Loading...</div></div>',
    `<footer><script id="_dash-config" type="application/json">${JSON.stringify({ url_base_pathname: null, requests_pathname_prefix: `/${name}/` })}</script></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function send(res, status, type, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.end(body);
  return status;
}
