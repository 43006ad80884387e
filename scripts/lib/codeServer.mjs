// Starting and stopping code-server with all of its state in temporary folders (never the home folder).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CODE_SERVER_ENTRY } from './paths.mjs';
import { run } from './proc.mjs';

/** User settings that keep a fresh profile quiet: no welcome page, no update or telemetry traffic. */
const DEFAULT_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Settings that switch Workspace Trust on for a Restricted Mode run: the folder opens untrusted, and
 * no start-up dialog asks about it (a test never answers it; the workbench simply stays restricted).
 */
const WORKSPACE_TRUST_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
};

/**
 * Creates a temporary state root: config, XDG folders, user data and extensions. `userDataDir` and
 * `extensionsDir` may point elsewhere (e.g. folders the test runner made). `workspaceTrust` keeps
 * Workspace Trust on (Restricted Mode tests); otherwise every folder is trusted.
 */
export function createState(prefix, { userDataDir, extensionsDir, workspaceTrust = false } = {}) {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const state = {
    root,
    workspaceTrust,
    userDataDir: path.resolve(userDataDir ?? path.join(root, 'user-data')),
    extensionsDir: path.resolve(extensionsDir ?? path.join(root, 'extensions')),
    xdg: Object.fromEntries(['config', 'data', 'cache', 'state', 'runtime'].map((k) => [k, path.join(root, 'xdg', k)])),
  };
  for (const dir of [state.userDataDir, state.extensionsDir, ...Object.values(state.xdg)]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  const settings = path.join(state.userDataDir, 'User', 'settings.json');
  if (!existsSync(settings)) {
    mkdirSync(path.dirname(settings), { recursive: true });
    const user = workspaceTrust ? { ...DEFAULT_USER_SETTINGS, ...WORKSPACE_TRUST_SETTINGS } : DEFAULT_USER_SETTINGS;
    writeFileSync(settings, JSON.stringify(user, null, 2) + '\n');
  }
  return state;
}

export function removeState(state) {
  if (process.env.DE_MIGRATE_KEEP_TMP === '1') {
    return;
  }
  rmSync(state.root, { recursive: true, force: true });
}

/** Environment for code-server: XDG folders inside the state root, nothing inherited that redirects it. */
export function codeServerEnv(state, extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    // VSCODE_IPC_HOOK_CLI (set in VS Code terminals) would make code-server hand our arguments to
    // that other instance instead of starting; PORT/PASSWORD would override our flags.
    if (key.startsWith('VSCODE_') || key === 'PORT' || key === 'PASSWORD' || key === 'HASHED_PASSWORD' || key === 'ELECTRON_RUN_AS_NODE') {
      delete env[key];
    }
  }
  return {
    ...env,
    XDG_CONFIG_HOME: state.xdg.config,
    XDG_DATA_HOME: state.xdg.data,
    XDG_CACHE_HOME: state.xdg.cache,
    XDG_STATE_HOME: state.xdg.state,
    XDG_RUNTIME_DIR: state.xdg.runtime,
    // No marketplace: nothing is fetched from it offline, and lookups only add errors to the log.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

function profileArgs(state) {
  return ['--user-data-dir', state.userDataDir, '--extensions-dir', state.extensionsDir];
}

/** Runs code-server as a CLI (e.g. --install-extension) against the state's profile. */
export function runCodeServerCli(state, args, { capture = false, env } = {}) {
  return run(process.execPath, [CODE_SERVER_ENTRY, ...profileArgs(state), ...args], {
    env: codeServerEnv(state, env),
    capture,
    timeoutMs: 120_000,
  });
}

export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export function findFreePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts code-server on host:port (loopback only, no auth) and waits until /healthz answers.
 * Returns `{ baseUrl, port, stop, exited }`; `exited` resolves with the exit code if it dies.
 * `onOutput` receives its stdout/stderr text.
 */
export async function startCodeServer(state, options) {
  // A free port found a moment ago can be taken before code-server binds it; pick another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(state, options);
    } catch (err) {
      if (options.port !== undefined || attempt >= 3 || !(err instanceof PortTakenError)) {
        throw err;
      }
    }
  }
}

class PortTakenError extends Error {}

async function startOnce(state, { host = '127.0.0.1', port, folder, env, onOutput = () => undefined, healthTimeoutMs = 60_000 }) {
  const listenPort = port ?? (await findFreePort(host));
  const config = path.join(state.root, 'config.yaml');
  writeFileSync(config, `bind-addr: ${host}:${listenPort}\nauth: none\ncert: false\n`);
  const args = [
    CODE_SERVER_ENTRY,
    '--config',
    config,
    '--auth',
    'none',
    '--bind-addr',
    `${host}:${listenPort}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(state.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...profileArgs(state),
    ...(folder ? [folder] : []),
  ];
  // Own process group, so stop() ends code-server together with its extension hosts and watchers.
  const child = spawn(process.execPath, args, { env: codeServerEnv(state, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let portTaken = false;
  const output = (d) => {
    const text = d.toString();
    portTaken ||= text.includes('EADDRINUSE');
    onOutput(text);
  };
  child.stdout.on('data', output);
  child.stderr.on('data', output);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  let isExited = false;
  void exited.then(() => {
    isExited = true;
  });
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch (err) {
      // ESRCH: the group is already gone, which is what we want.
      if (err?.code !== 'ESRCH') {
        throw err;
      }
    }
  };
  // A crashing harness must not leave a server behind.
  const onProcessExit = () => killGroup('SIGKILL');
  process.once('exit', onProcessExit);
  const stop = async () => {
    process.removeListener('exit', onProcessExit);
    if (!isExited) {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    // Extension hosts and watchers share the group and may outlive the server by a moment.
    killGroup('SIGKILL');
  };
  const baseUrl = `http://${host}:${listenPort}`;
  try {
    await waitForHealthz(baseUrl, exited, healthTimeoutMs);
  } catch (err) {
    await stop();
    throw portTaken ? new PortTakenError(`port ${listenPort} is taken`) : err;
  }
  return { baseUrl, port: listenPort, stop, exited };
}

async function waitForHealthz(baseUrl, exited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void exited.then(() => {
    died = true;
  });
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (died) {
      throw new Error('code-server exited before it answered /healthz');
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        return;
      }
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within ${timeoutMs / 1000} s (${lastError})`);
}

/** The workbench URL for a folder (or a .code-workspace file), with an optional test payload. */
export function workbenchUrl(baseUrl, { folder, payload }) {
  const params = new URLSearchParams();
  if (folder) {
    params.set(folder.endsWith('.code-workspace') ? 'workspace' : 'folder', folder);
  } else {
    params.set('ew', 'true');
  }
  if (payload && payload.length > 0) {
    params.set('payload', JSON.stringify(payload));
  }
  return `${baseUrl}/?${params.toString()}`;
}

/** A URI the browser workbench resolves on the code-server machine. */
export function remoteUri(baseUrl, absPath) {
  const authority = new URL(baseUrl).host;
  return `vscode-remote://${authority}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
}
