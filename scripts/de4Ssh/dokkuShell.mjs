#!/usr/bin/env node
// The forced command of the SSH stand-in (authorized_keys `command="node dokkuShell.mjs <config>"`),
// playing DE4's Dokku for git: `git-upload-pack '<app>'` (also `'/<app>'`, `'<app>.git'` and the
// `git upload-pack` spelling) runs real git-upload-pack on `<reposDir>/<app>.git`. Everything else
// fails like Dokku would, on stderr with exit 1: pushes (this stand-in is read-only), unknown apps,
// invalid names, other commands; and with the `refuseReads` quirk every read, because reading code
// back over git is not documented for DE4 (reference §2.1) and a server may well refuse it.
//
// The request comes in SSH_ORIGINAL_COMMAND and is only matched against patterns; it never reaches a
// shell. The config file (JSON `{ reposDir, quirks, logFile }`) is read on every connection, so the
// server can change quirks while it runs.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isAppName, repoPath } from './appName.mjs';
import { gitEnv } from './proc.mjs';

const GIT_REQUEST = /^git[- ](upload-pack|receive-pack) (?:'([^']*)'|([^\s']+))$/;

/** Dokku prints its errors with this prefix (` !     `). */
function fail(lines) {
  process.stderr.write(lines.map((l) => ` !     ${l}\n`).join(''));
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
 * @param {{ reposDir: string, quirks?: { refuseReads?: boolean } }} config
 * @returns {{ outcome: string, app?: string, repo?: string, errors?: string[] }}
 */
export function classifyRequest(command, config) {
  if (command === undefined || command.trim() === '') {
    return { outcome: 'no-command', errors: ['No command given: this server only serves git (interactive shells are disabled)'] };
  }
  const m = GIT_REQUEST.exec(command.trim());
  if (!m) {
    const verb = command.trim().split(/\s+/)[0] ?? '';
    return {
      outcome: 'unknown-command',
      errors: [`\`${shown(verb)}\` is not available on this server: it only serves git clone and fetch`],
    };
  }
  const service = m[1];
  const app = (m[2] ?? m[3] ?? '').replace(/^\/+/, '').replace(/\.git$/, '');
  if (!isAppName(app)) {
    return {
      outcome: 'bad-name',
      errors: [
        `App name (${shown(app)}) must begin with lowercase alphanumeric character, and cannot include uppercase characters, colons, or underscores`,
      ],
    };
  }
  if (service === 'receive-pack') {
    return { outcome: 'read-only', app, errors: ['Pushing is disabled: this DE4 stand-in is read-only (deploy to DE5 instead)'] };
  }
  if (config.quirks?.refuseReads) {
    return { outcome: 'refused-read', app, errors: ['Reading app code over git is not enabled on this server'] };
  }
  const repo = repoPath(config.reposDir, app);
  if (!existsSync(repo)) {
    return { outcome: 'no-app', app, errors: [`App ${app} does not exist`] };
  }
  return { outcome: 'serve', app, repo };
}

function log(config, entry) {
  if (config.logFile) {
    appendFileSync(config.logFile, `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  }
}

function uploadPack(repo) {
  // Only GIT_PROTOCOL (protocol v2, passed by sshd's AcceptEnv) survives from the client side.
  const env = gitEnv(process.env.GIT_PROTOCOL ? { GIT_PROTOCOL: process.env.GIT_PROTOCOL } : {});
  // --strict: serve exactly this directory; --timeout: end a stalled client after 60 s of silence.
  const child = spawn('git', ['upload-pack', '--strict', '--timeout=60', repo], { stdio: 'inherit', env });
  return new Promise((resolve) => {
    child.on('error', (err) => resolve(fail([`git-upload-pack could not start: ${err.message}`])));
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGTERM' ? 143 : 137)));
  });
}

async function main() {
  const configFile = process.argv[2];
  if (!configFile) {
    return fail(['dokkuShell: the config file argument is missing']);
  }
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  const request = classifyRequest(process.env.SSH_ORIGINAL_COMMAND, config);
  if (request.outcome !== 'serve' || !request.repo) {
    log(config, { command: shown(process.env.SSH_ORIGINAL_COMMAND ?? ''), app: request.app, outcome: request.outcome, exitCode: 1 });
    return fail(request.errors ?? ['Request refused']);
  }
  const exitCode = await uploadPack(request.repo);
  log(config, { command: shown(process.env.SSH_ORIGINAL_COMMAND ?? ''), app: request.app, outcome: 'served', exitCode });
  return exitCode;
}

// Run only as the forced command, not when imported (tests import classifyRequest).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (err) => process.exit(fail([`dokkuShell: ${err instanceof Error ? err.message : String(err)}`])),
  );
}
