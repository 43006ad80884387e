#!/usr/bin/env node
// `npm start`: build, then serve a real VS Code (code-server) on loopback with the extension loaded
// and the sample DE4 workspace open; print the URL, run the CLI once on the same sample, and keep
// running until Ctrl-C.
//
// The extension is loaded by symlinking this repository into a temporary --extensions-dir as
// `<publisher>.<name>-<version>` (code-server has no --extensionDevelopmentPath). So after
// `npm run build`, "Developer: Reload Window" in the browser picks up the new bundle.
// The editor opens samples/de4-workspace itself, not a copy: edits made there are real edits.
//
//   PORT=8080 (default; a free port is used when it is taken)   DE_MIGRATE_DEBUG=1 (server log)
import { readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { setup } from './setup.mjs';
import { createState, findFreePort, isPortFree, removeState, startCodeServer } from './lib/codeServer.mjs';
import { REPO_ROOT } from './lib/paths.mjs';
import { run, runOrThrow, say } from './lib/proc.mjs';
import { describeDe4Server, startDe4Server } from './de4Server/server.mjs';
import { DE4_SSH_PORT, describeDe4SshServer, startDe4SshServer } from './de4Ssh/sshServer.mjs';

const TAG = 'start';
const HOST = '127.0.0.1'; // --auth none: never listen beyond loopback.
const SAMPLE = path.join('samples', 'de4-workspace');

/**
 * Loopback services the editor talks to while `npm start` runs. Each is
 * `{ name, url, lines?, env?, settings?, stop }`: `lines` are extra banner lines, `env` reaches
 * code-server and so the extension host, `settings` are merged into the editor's user settings.
 */
async function startLoopbackServices() {
  // The DE4 App Manager API with the seeded apps, so the DE4 Apps tree has a server to show.
  const de4 = await startDe4Server({ host: HOST });
  const [, ...credentials] = describeDe4Server(de4);
  const api = { name: 'DE4 API (loopback)', url: de4.url, lines: credentials, stop: () => de4.close() };
  const git = await startDe4Git(de4.url);
  return git ? [api, git] : [api];
}

/**
 * DE4's git endpoint (a real sshd serving the seeded apps' deploy commits read-only), with settings
 * that point the editor at it, so "Clone into Workspace" works once the user signs in. Optional:
 * without sshd the editor still runs, and cloning has no server.
 */
async function startDe4Git(de4Url) {
  let ssh;
  try {
    ssh = await startDe4SshServer();
  } catch (err) {
    say(TAG, `warning: no DE4 git endpoint, so cloning apps will not work (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
  if (ssh.portWasTaken) {
    say(TAG, `port ${DE4_SSH_PORT} is not available; the DE4 git endpoint uses ${ssh.port}`);
  }
  const [, ...lines] = describeDe4SshServer(ssh);
  return {
    name: 'DE4 git over SSH (loopback)',
    url: ssh.cloneUrl('<app>'),
    lines,
    settings: {
      'deMigrate.ssh.identityFile': ssh.identityFile,
      'deMigrate.ssh.knownHostsFile': ssh.knownHostsFile,
      'deMigrate.ssh.configFile': ssh.sshConfigFile,
      'deMigrate.de4.servers': [
        { label: 'Loopback DE4', url: de4Url, username: 'admin', sshHost: ssh.host, sshPort: ssh.port, sshUser: ssh.user },
      ],
    },
    stop: () => ssh.close(),
  };
}

/** Makes the repository an installed extension of the temporary profile. */
function linkExtension(extensionsDir) {
  const { publisher, name, version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const link = path.join(extensionsDir, `${publisher}.${name}-${version}`);
  symlinkSync(REPO_ROOT, link, 'dir');
  return `${publisher}.${name}@${version}`;
}

function mergeUserSettings(userDataDir, extra) {
  if (Object.keys(extra).length === 0) {
    return;
  }
  const file = path.join(userDataDir, 'User', 'settings.json');
  const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  writeFileSync(file, JSON.stringify({ ...current, ...extra }, null, 2) + '\n');
}

async function choosePort() {
  const wanted = Number(process.env.PORT ?? '8080');
  if (Number.isInteger(wanted) && wanted > 0 && (await isPortFree(wanted, HOST))) {
    return wanted;
  }
  const free = await findFreePort(HOST);
  say(TAG, `port ${process.env.PORT ?? '8080'} is not available; using ${free}`);
  return free;
}

async function main() {
  await setup();
  say(TAG, '$ npm run build');
  await runOrThrow('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT });

  const workspace = path.join(REPO_ROOT, SAMPLE);
  if (!existsSync(workspace)) {
    throw new Error(`${SAMPLE} is missing; it is the sample DE4 workspace npm start opens`);
  }
  const state = createState('de-migrate-start-');
  const services = [];
  let server;
  let stopping;
  const shutdown = (why) =>
    (stopping ??= (async () => {
      say(TAG, `${why}: stopping`);
      await server?.stop();
      for (const s of services.reverse()) {
        await s.stop();
      }
      removeState(state);
    })());

  try {
    const extension = linkExtension(state.extensionsDir);
    services.push(...(await startLoopbackServices()));
    mergeUserSettings(state.userDataDir, Object.assign({}, ...services.map((s) => s.settings ?? {})));
    const env = Object.assign({}, ...services.map((s) => s.env ?? {}));
    const debug = process.env.DE_MIGRATE_DEBUG === '1';
    server = await startCodeServer(state, {
      host: HOST,
      port: await choosePort(),
      folder: workspace,
      env,
      onOutput: (text) => debug && process.stderr.write(text),
    });
    const url = `${server.baseUrl}/?folder=${encodeURIComponent(workspace)}`;

    say(TAG, `$ node dist/cli.js check ${SAMPLE}`);
    const cli = await run(process.execPath, [path.join('dist', 'cli.js'), 'check', SAMPLE], { cwd: REPO_ROOT, capture: true });
    process.stdout.write(cli.output.endsWith('\n') ? cli.output : `${cli.output}\n`);
    say(TAG, `CLI exit code ${cli.code} (0 clean, 1 findings, 2 error)`);

    process.stdout.write(
      [
        '',
        `VS Code (code-server) with ${extension} is running on ${SAMPLE}:`,
        '',
        `    ${url}`,
        '',
        ...services.flatMap((s) => [`    ${s.name}: ${s.url}`, ...(s.lines ?? []).map((l) => `    ${l}`), '']),
        'After `npm run build`, run "Developer: Reload Window" in the editor to load the new bundle.',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );

    const exitCode = await new Promise((resolve) => {
      process.once('SIGINT', () => resolve(0));
      process.once('SIGTERM', () => resolve(0));
      void server.exited.then((code) => {
        if (!stopping) {
          say(TAG, `code-server exited (code ${code})`);
          resolve(1);
        }
      });
    });
    await shutdown(exitCode === 0 ? 'signal' : 'code-server exited');
    return exitCode;
  } catch (err) {
    await shutdown('error');
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    say(TAG, `FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
