#!/usr/bin/env node
// Runs the loopback DE4 git-over-SSH stand-in with the seed apps until Ctrl-C, for manual use and demos:
//   node scripts/de4Ssh/cli.mjs [--port N] [--state-dir DIR] [--refuse-reads]
// Without --port it listens on 3022 (DE4's default) when free, else on a free port.
import { describeDe4SshServer, startDe4SshServer } from './sshServer.mjs';

function option(name) {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

function portOption() {
  const text = option('--port');
  if (text === undefined) {
    return undefined;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error('--port needs a port number (0 for any free port)');
  }
  return value;
}

async function main() {
  const server = await startDe4SshServer({
    port: portOption(),
    stateDir: option('--state-dir'),
    quirks: { refuseReads: process.argv.includes('--refuse-reads') },
  });
  process.stdout.write(
    [...describeDe4SshServer(server), `    ssh config: ${server.sshConfigFile}`, 'Press Ctrl-C to stop.', ''].join('\n'),
  );
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
}

main().catch((err) => {
  process.stderr.write(`de4Ssh: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
