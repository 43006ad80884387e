#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests() starts
// (vscodeExecutablePath). Desktop VS Code cannot be downloaded here, so this runs the real workbench
// and Node extension host from code-server, opened by headless Chromium, and exits with the code
// the tests report through the workbench's automation hooks.
//
// Accepts test-electron's flags: --extensionDevelopmentPath, --extensionTestsPath, --user-data-dir,
// --extensions-dir, a folder or .code-workspace argument; its window flags (--no-sandbox,
// --disable-updates, ...) do not apply and are ignored. Its own `--enable-workspace-trust` opens the
// folder in Restricted Mode (every other run trusts it). `--install-extension` and
// `--list-extensions` are passed to the code-server CLI, like the `code` command does.
//
// Environment:
//   DE_MIGRATE_TEST_TIMEOUT  seconds before an unfinished run fails (default 300)
//   DE_MIGRATE_SCREENSHOT    save a PNG of the workbench there when a test asks for it (it logs
//                            SCREENSHOT_MARKER, see test/integration/screenshot.ts), else once the
//                            tests have finished (by then the host's diagnostics are gone)
//   DE_MIGRATE_DEBUG=1       also print code-server output and the workbench's own console
//   DE_MIGRATE_KEEP_TMP=1    keep the temporary state folders
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './lib/browser.mjs';
import { createState, remoteUri, removeState, runCodeServerCli, startCodeServer, workbenchUrl } from './lib/codeServer.mjs';
import { CODE_SERVER_ENTRY } from './lib/paths.mjs';

const TAG = 'launcher';
const VALUE_FLAGS = new Set([
  'extensionDevelopmentPath',
  'extensionTestsPath',
  'user-data-dir',
  'extensions-dir',
  'install-extension',
  'uninstall-extension',
  'locale',
]);
const CLI_FLAGS = new Set(['install-extension', 'uninstall-extension', 'list-extensions']);
/** Flags of this launcher only (VS Code has none like them). */
const OWN_FLAGS = new Set(['enable-workspace-trust']);
const debug = process.env.DE_MIGRATE_DEBUG === '1';
/** Keep in sync with test/integration/screenshot.ts. */
const SCREENSHOT_MARKER = '[de-migrate:screenshot]';

function say(message) {
  process.stderr.write(`[${TAG}] ${message}\n`);
}

/** Parses `--name=value`, `--name value` and positional arguments the way VS Code's CLI does. */
export function parseLauncherArgs(argv) {
  const flags = new Map();
  const ignored = [];
  const positional = [];
  const add = (name, value) => flags.set(name, [...(flags.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (eq !== -1) {
      add(name, arg.slice(eq + 1));
    } else if (VALUE_FLAGS.has(name) && i + 1 < argv.length) {
      add(name, argv[++i]);
    } else if (CLI_FLAGS.has(name) || OWN_FLAGS.has(name)) {
      add(name, '');
    } else {
      ignored.push(arg);
    }
  }
  const first = (name) => flags.get(name)?.[0];
  return {
    developmentPaths: (flags.get('extensionDevelopmentPath') ?? []).filter((p) => p !== '').map((p) => path.resolve(p)),
    testsPath: first('extensionTestsPath') ? path.resolve(first('extensionTestsPath')) : undefined,
    userDataDir: first('user-data-dir'),
    extensionsDir: first('extensions-dir'),
    folder: positional[0] ? path.resolve(positional[0]) : undefined,
    workspaceTrust: flags.has('enable-workspace-trust'),
    cliArgs: [...flags]
      .filter(([name]) => CLI_FLAGS.has(name))
      .flatMap(([name, values]) => values.flatMap((v) => (v === '' ? [`--${name}`] : [`--${name}`, v]))),
    ignored,
  };
}

/** Keeps the last lines of a noisy stream to print when something fails. */
function tail(limit) {
  const lines = [];
  return {
    push(text) {
      for (const line of text.split('\n')) {
        if (line.trim() !== '') {
          lines.push(line);
        }
      }
      lines.splice(0, Math.max(0, lines.length - limit));
    },
    text: () => lines.join('\n'),
  };
}

/** Saves a PNG of the page; written to a temporary name first so readers never see half a file. */
async function saveScreenshot(page, file) {
  try {
    const target = path.resolve(file);
    mkdirSync(path.dirname(target), { recursive: true });
    // Let the last diagnostics and panel changes paint.
    await page.waitForTimeout(500);
    writeFileSync(`${target}.tmp`, await page.screenshot());
    renameSync(`${target}.tmp`, target);
    say(`screenshot saved to ${file}`);
    return true;
  } catch (err) {
    say(`screenshot failed: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}

async function runCli(args) {
  const state = createState('de-migrate-cs-cli-', { userDataDir: args.userDataDir, extensionsDir: args.extensionsDir });
  try {
    const { code } = await runCodeServerCli(state, [...args.cliArgs, '--force']);
    return code;
  } finally {
    removeState(state);
  }
}

async function runTestsInWorkbench(args) {
  if (!args.testsPath) {
    say('missing --extensionTestsPath: this launcher only runs extension tests (use `npm start` for an interactive editor)');
    return 2;
  }
  const timeoutSeconds = Number(process.env.DE_MIGRATE_TEST_TIMEOUT ?? '300');
  const started = Date.now();
  const state = createState('de-migrate-cs-', {
    userDataDir: args.userDataDir,
    extensionsDir: args.extensionsDir,
    workspaceTrust: args.workspaceTrust,
  });
  const serverLog = tail(80);
  const pageLog = tail(40);
  let server;
  let browser;
  let cleaning;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await browser?.close();
      await server?.stop();
      removeState(state);
    })());
  // runTests forwards Ctrl-C as SIGINT; end the browser and server before leaving.
  const onSignal = (signal) => {
    say(`${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    server = await startCodeServer(state, {
      folder: args.folder,
      onOutput: (text) => {
        serverLog.push(text);
        if (debug) {
          process.stderr.write(text);
        }
      },
    });
    say(`code-server ${server.baseUrl} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    browser = await launchBrowser();
    const { page } = browser;

    let reportExit;
    const testExit = new Promise((resolve) => {
      reportExit = resolve;
    });
    const shot = process.env.DE_MIGRATE_SCREENSHOT;
    let screenshots = 0;
    await page.exposeFunction('codeAutomationLog', async (type, logArgs) => {
      const line = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      if (line.includes(SCREENSHOT_MARKER)) {
        if (shot && (await saveScreenshot(page, shot))) {
          screenshots++;
        }
        return;
      }
      (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(line + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(typeof code === 'number' ? code : 1));
    page.on('console', (msg) => {
      const line = `[workbench ${msg.type()}] ${msg.text()}`;
      pageLog.push(line);
      if (debug) {
        process.stderr.write(line + '\n');
      }
    });
    page.on('pageerror', (err) => pageLog.push(`[workbench pageerror] ${err.message}`));

    const payload = [
      ...args.developmentPaths.map((p) => ['extensionDevelopmentPath', remoteUri(server.baseUrl, p)]),
      ['extensionTestsPath', remoteUri(server.baseUrl, args.testsPath)],
    ];
    const url = workbenchUrl(server.baseUrl, { folder: args.folder, payload });
    if (debug) {
      say(`opening ${url}`);
    }
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    let timer;
    const outcome = await Promise.race([
      testExit.then((code) => ({ code, why: `tests finished with exit code ${code}`, reportedByTests: true })),
      new Promise((resolve) => {
        timer = setTimeout(
          () => resolve({ code: 1, why: `no test result after ${timeoutSeconds} s (DE_MIGRATE_TEST_TIMEOUT)` }),
          timeoutSeconds * 1000,
        );
      }),
      server.exited.then((code) => ({ code: 1, why: `code-server exited early (code ${code})` })),
      new Promise((resolve) => page.once('crash', () => resolve({ code: 1, why: 'the workbench page crashed' }))),
    ]);
    clearTimeout(timer);
    say(`${outcome.why} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

    if (shot && screenshots === 0) {
      await saveScreenshot(page, shot);
    }
    // A failing test already printed its own report; the logs help only when the harness broke.
    if (outcome.code !== 0 && !outcome.reportedByTests) {
      process.stderr.write(
        `[${TAG}] last code-server output:\n${serverLog.text()}\n[${TAG}] last workbench console lines:\n${pageLog.text()}\n`,
      );
    }
    return outcome.code;
  } catch (err) {
    say(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.stderr.write(`[${TAG}] last code-server output:\n${serverLog.text()}\n`);
    return 1;
  } finally {
    await cleanup();
  }
}

async function main() {
  if (!existsSync(CODE_SERVER_ENTRY)) {
    say(`code-server is not installed (${CODE_SERVER_ENTRY}); run \`npm run setup\``);
    return 2;
  }
  const args = parseLauncherArgs(process.argv.slice(2));
  if (args.cliArgs.length > 0) {
    return runCli(args);
  }
  if (debug && args.ignored.length > 0) {
    say(`ignoring desktop-only flags: ${args.ignored.join(' ')}`);
  }
  return runTestsInWorkbench(args);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    say(`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
