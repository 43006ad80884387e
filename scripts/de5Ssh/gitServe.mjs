#!/usr/bin/env node
// The forced command of the DE5 git stand-in: maps the git request in SSH_ORIGINAL_COMMAND
// (`git-receive-pack '/<app>'`, `'<app>'`, `'<app>.git'`, also the `git receive-pack` spelling, and
// the same for upload-pack) to `<reposDir>/<app>.git` and hands it to git-shell, like the real
// DE5's Gitea maps `git@<host>:<app>` to its own repository path.
//
// Run as `node gitServe.mjs <config.json>`: directly by sshd (mode forced-git-shell) or through the
// `git` user's git-shell and its `git-shell-commands/de5-serve` (mode git-user). The request is only
// matched against a pattern and the app name validated; git-shell gets an argv whose command string
// holds nothing but that name and our own repository path. The config (`{ reposDir, logFile,
// gitShell, quirks }`) is read per connection, so quirks can change while the server runs.
import { spawn } from 'node:child_process';
import { accessSync, appendFileSync, constants, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gitEnv } from '../de4Ssh/proc.mjs';
import { isAppName, repoPath } from './repos.mjs';

const GIT_REQUEST = /^git[- ](upload-pack|receive-pack) (?:'([^']*)'|([^\s']+))$/;

function fail(lines) {
  process.stderr.write(lines.map((l) => `${l}\n`).join(''));
  return 1;
}

/** Printable, bounded echo of what the client sent. */
function shown(text) {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}

/**
 * Decides what to do with one SSH request.
 * @param {string | undefined} command SSH_ORIGINAL_COMMAND
 * @param {{ reposDir: string, quirks?: { refuseUser?: boolean } }} config
 * @returns {{ outcome: string, service?: string, app?: string, repo?: string, errors?: string[] }}
 */
export function classifyRequest(command, config) {
  if (command === undefined || command.trim() === '') {
    return { outcome: 'no-command', errors: ['fatal: interactive shells are disabled: this server only serves git push and fetch'] };
  }
  const m = GIT_REQUEST.exec(command.trim());
  if (!m) {
    const verb = command.trim().split(/\s+/)[0] ?? '';
    return { outcome: 'unknown-command', errors: [`fatal: unrecognized command '${shown(verb)}': this server only serves git`] };
  }
  const service = m[1];
  const app = (m[2] ?? m[3] ?? '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  if (!isAppName(app)) {
    return {
      outcome: 'bad-name',
      service,
      errors: [`fatal: '${shown(app)}' is not a valid app name (lowercase letters, digits and dashes, at most 63 characters)`],
    };
  }
  if (config.quirks?.refuseUser) {
    return {
      outcome: 'refused-user',
      service,
      app,
      errors: [`fatal: permission denied: your account may not ${service === 'receive-pack' ? 'push to' : 'read'} app '${app}'`],
    };
  }
  const repo = repoPath(config.reposDir, app);
  if (!existsSync(repo)) {
    return {
      outcome: 'no-app',
      service,
      app,
      errors: [`fatal: app '${app}' does not exist on this Dash Enterprise server; create it first (de apps create -n ${app})`],
    };
  }
  return { outcome: 'serve', service, app, repo };
}

function log(config, entry) {
  if (config.logFile) {
    appendFileSync(config.logFile, `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  }
}

/** git-shell with argv (no shell): `git-shell -c "git-receive-pack '<repo>'"`; plain git when git-shell is missing. */
function serve(config, service, repo) {
  // Only GIT_PROTOCOL (protocol v2, let through by sshd's AcceptEnv) survives from the client side.
  const env = gitEnv(process.env.GIT_PROTOCOL ? { GIT_PROTOCOL: process.env.GIT_PROTOCOL } : {});
  const [command, args] = config.gitShell ? [config.gitShell, ['-c', `git-${service} '${repo}'`]] : ['git', [service, repo]];
  const child = spawn(command, args, { stdio: 'inherit', env });
  return new Promise((resolve) => {
    child.on('error', (err) => resolve(fail([`fatal: ${path.basename(command)} could not start: ${err.message}`])));
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGTERM' ? 143 : 137)));
  });
}

/** `--check <config>`: the login user can read the config and write the repositories and the log. */
function check(config) {
  accessSync(config.reposDir, constants.W_OK | constants.X_OK);
  accessSync(config.logFile, constants.W_OK);
  return 0;
}

async function main(argv) {
  const checking = argv[0] === '--check';
  const configFile = checking ? argv[1] : argv[0];
  if (!configFile) {
    return fail(['fatal: gitServe: the config file argument is missing']);
  }
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  if (checking) {
    return check(config);
  }
  const original = process.env.SSH_ORIGINAL_COMMAND;
  const request = classifyRequest(original, config);
  const entry = { command: shown(original ?? ''), service: request.service, app: request.app };
  if (request.outcome !== 'serve' || !request.repo || !request.service) {
    log(config, { ...entry, outcome: request.outcome, exitCode: 1 });
    return fail(request.errors ?? ['fatal: request refused']);
  }
  const exitCode = await serve(config, request.service, request.repo);
  log(config, { ...entry, outcome: 'served', exitCode });
  return exitCode;
}

// Run only as the forced command, not when imported (tests import classifyRequest).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => process.exit(fail([`fatal: gitServe: ${err instanceof Error ? err.message : String(err)}`])),
  );
}
