#!/usr/bin/env node
// Runs the loopback DE5 git-over-SSH stand-in until Ctrl-C, for manual use and demos:
//   node scripts/de5Ssh/cli.mjs [--port N] [--state-dir DIR] [--app NAME]...
// Without --port it listens on 22 when running as root and 22 is free, else on a free port.
import { describeDe5SshServer, startDe5SshServer } from './sshServer.mjs';

function options(name) {
  return process.argv.flatMap((arg, i) => (arg === name && process.argv[i + 1] !== undefined ? [process.argv[i + 1]] : []));
}

function portOption() {
  const text = options('--port')[0];
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
  const server = await startDe5SshServer({ port: portOption(), stateDir: options('--state-dir')[0], apps: options('--app') });
  process.stdout.write(
    [...describeDe5SshServer(server), `    ssh config: ${server.sshConfigFile}`, 'Press Ctrl-C to stop.', ''].join('\n'),
  );
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
}

main().catch((err) => {
  process.stderr.write(`de5Ssh: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
