// Bench row for the DE4 Apps tree: listing 5,000 apps (500 pages of 10) from the loopback DE4 API
// server through the real client and HTTP port, with its parallel look-ahead against one page at a
// time. Loopback has no latency, so each request gets a simulated 5 ms round trip (the server's
// `delayMs` quirk); without it the comparison would only measure this machine's two cores. The
// server runs in a worker thread, as a real server runs elsewhere: sharing the client's event loop
// would make its GraphQL work slow the client down.
import * as path from 'node:path';
import { startDe4ServerWorker } from './de4Server/startWorker.mjs';
import { requireBundled } from './lib/requireBundled.mjs';

const APPS = 5000;
const PAGE_SIZE = 10;
const ROUND_TRIP_MS = 5;
const QUIET = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function loadClient(repo, benchDir) {
  return requireBundled(repo, path.join(benchDir, 'de4client.cjs'), [
    "export { De4Client } from './src/core/api/de4Client';",
    "export { AxiosHttpClient } from './src/node/axiosHttpClient';",
  ]);
}

/** Lists every app once with the given look-ahead; returns the time and checks the count. */
async function timeListing(mod, url, concurrency) {
  const client = new mod.De4Client({
    baseUrl: url,
    http: new mod.AxiosHttpClient({}),
    getAuth: () => Promise.resolve({ username: 'admin', apiKey: 'admin-key-123' }),
    log: QUIET,
    maxPageConcurrency: concurrency,
  });
  const started = performance.now();
  const apps = await client.listApps({ all: true }, AbortSignal.timeout(120_000));
  const ms = performance.now() - started;
  if (apps.length !== APPS) {
    throw new Error(`listing with look-ahead ${concurrency} returned ${apps.length} apps, expected ${APPS}`);
  }
  return ms;
}

export async function benchDe4Listing({ repo, benchDir }) {
  const mod = await loadClient(repo, benchDir);
  const server = await startDe4ServerWorker({ manyApps: APPS, pageSize: PAGE_SIZE, quirks: { delayMs: ROUND_TRIP_MS } });
  try {
    await timeListing(mod, server.url, 4); // warm-up: query cache, JIT, sockets
    const sequentialMs = await timeListing(mod, server.url, 1);
    const parallelMs = await timeListing(mod, server.url, 4);
    return {
      apps: APPS,
      pages: APPS / PAGE_SIZE,
      roundTripMs: ROUND_TRIP_MS,
      sequentialMs,
      parallelMs,
      speedup: sequentialMs / parallelMs,
    };
  } finally {
    await server.close();
  }
}
