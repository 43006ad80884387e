// Starts the loopback DE4 API server in a worker thread (worker.mjs), for the benches: the client
// under test and the server then do not share one event loop.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.mjs');

/**
 * Resolves with { url, close } once the server listens (bounded); `workerData` is worker.mjs's
 * { apps?, manyApps?, pageSize?, quirks?, faults? }.
 */
export function startDe4ServerWorker(workerData) {
  const worker = new Worker(WORKER, { workerData });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the DE4 server worker did not start within 60 s')), 60_000);
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    worker.once('message', ({ url }) => {
      clearTimeout(timer);
      const exited = new Promise((done) => worker.once('exit', done));
      resolve({
        url,
        close: () => (
          worker.postMessage('close'),
          Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]).then(() => worker.terminate())
        ),
      });
    });
  });
}
