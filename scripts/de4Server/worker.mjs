// The loopback DE4 API server in a worker thread, so a bench's client and the server do not share one
// event loop (a real DE4 server is another machine). The parent passes { apps?, manyApps?, pageSize,
// quirks, faults } as workerData, gets { url } once listening, and posts 'close' to stop it.
import { parentPort, workerData } from 'node:worker_threads';
import { manyApps } from './seed.mjs';
import { startDe4Server } from './server.mjs';

const { manyApps: count, ...options } = workerData ?? {};
const server = await startDe4Server({ ...options, ...(count ? { apps: manyApps(count) } : {}) });
parentPort?.on('message', (message) => {
  if (message === 'close') {
    void server.close().then(() => parentPort?.close());
  }
});
parentPort?.postMessage({ url: server.url });
