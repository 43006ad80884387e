#!/usr/bin/env node
// Runs the loopback DE4 API server with the seed data until Ctrl-C, for manual use and demos:
//   node scripts/de4Server/cli.mjs [--port N] [--first-page 0|1] [--page-size N]
import { describeDe4Server, startDe4Server } from './server.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i === -1) {
    return fallback;
  }
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} needs a non-negative integer`);
  }
  return value;
}

async function main() {
  const server = await startDe4Server({
    port: option('--port', 0),
    firstPage: option('--first-page', 0),
    pageSize: option('--page-size', 10),
  });
  process.stdout.write([...describeDe4Server(server), 'Press Ctrl-C to stop.', ''].join('\n'));
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
}

main().catch((err) => {
  process.stderr.write(`de4Server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
