// Runs the integration suites in a real VS Code extension host (code-server + headless Chromium,
// see scripts/codeServerLauncher.mjs) through @vscode/test-electron's runTests. Builds nothing:
// `npm run test:integration` compiles and bundles first.
//
// A suite is a folder test/integration/suites/<name>/ (compiled to out/...) and runs with a copy of
// the fixture workspace test/fixtures/workspaces/<name>/, so the committed fixture never changes.
// Each suite gets its own code-server, browser, profile and workspace copy.
//
//   node out/test/runIntegration.js [--suite <name>]... [--vsix <file>]
//     --suite  run only these suites (also DE_MIGRATE_SUITE=a,b)
//     --vsix   install this packaged extension (code-server --install-extension) and run the
//              top-level (any-workspace) tests against the installed copy, not the repository
//   DE_MIGRATE_SCREENSHOT=path.png  screenshot after each suite; `{suite}` in the path is replaced
//   DE_MIGRATE_GREP=pattern         run only matching tests
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const LAUNCHER = path.join(REPO_ROOT, 'scripts', 'codeServerLauncher.mjs');
const FIXTURE_WORKSPACES = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces');
const COMPILED_SUITES = path.join(__dirname, 'integration', 'suites');
const TESTS_ENTRY = path.join(__dirname, 'integration', 'index.js');
// Top-level tests (the smoke test) also run alone on an empty folder when no suite exists.
const EMPTY_SUITE = 'empty-workspace';

interface Suite {
  readonly name: string;
  /** Fixture to copy, or undefined for an empty folder. */
  readonly fixture: string | undefined;
}

interface Options {
  readonly only: readonly string[];
  readonly vsix: string | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  const only = (process.env['DE_MIGRATE_SUITE'] ?? '').split(',').filter((s) => s !== '');
  let vsix: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--suite' && value !== undefined) {
      only.push(value);
      i++;
    } else if (argv[i] === '--vsix' && value !== undefined) {
      vsix = path.resolve(value);
      i++;
    } else {
      throw new Error(`Unknown argument ${argv[i] ?? ''}. Usage: runIntegration [--suite <name>]... [--vsix <file>]`);
    }
  }
  return { only, vsix };
}

function discoverSuites(options: Options): Suite[] {
  if (options.vsix) {
    return [{ name: 'packaged-vsix', fixture: undefined }];
  }
  const names = fs.existsSync(COMPILED_SUITES)
    ? fs
        .readdirSync(COMPILED_SUITES, { withFileTypes: true })
        .filter(
          (d) =>
            d.isDirectory() &&
            fs.readdirSync(path.join(COMPILED_SUITES, d.name), { recursive: true }).some((f) => f.toString().endsWith('.test.js')),
        )
        .map((d) => d.name)
        .sort()
    : [];
  const suites: Suite[] = names.map((name) => {
    const fixture = path.join(FIXTURE_WORKSPACES, name);
    if (!fs.existsSync(fixture)) {
      throw new Error(`Suite test/integration/suites/${name} has no fixture workspace test/fixtures/workspaces/${name}`);
    }
    return { name, fixture };
  });
  if (suites.length === 0) {
    suites.push({ name: EMPTY_SUITE, fixture: undefined });
  }
  if (options.only.length === 0) {
    return suites;
  }
  const unknown = options.only.filter((n) => !suites.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new Error(`Unknown suite(s) ${unknown.join(', ')}; known: ${suites.map((s) => s.name).join(', ')}`);
  }
  return suites.filter((s) => options.only.includes(s.name));
}

function screenshotPath(suite: string, suiteCount: number): string | undefined {
  const wanted = process.env['DE_MIGRATE_SCREENSHOT'];
  if (!wanted) {
    return undefined;
  }
  if (wanted.includes('{suite}')) {
    return path.resolve(wanted.replace('{suite}', suite));
  }
  if (suiteCount === 1) {
    return path.resolve(wanted);
  }
  const ext = path.extname(wanted);
  return path.resolve(`${wanted.slice(0, wanted.length - ext.length)}-${suite}${ext}`);
}

/**
 * Installs the VSIX into the suite's extensions folder through the launcher's CLI mode and returns
 * the folder code-server unpacked it to.
 */
function installVsix(vsix: string, userDataDir: string, extensionsDir: string): string {
  const r = spawnSync(LAUNCHER, ['--install-extension', vsix, `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`], {
    stdio: 'inherit',
    timeout: 180_000,
  });
  if (r.status !== 0) {
    throw new Error(`Installing ${vsix} failed (exit ${r.status ?? r.signal ?? 'unknown'})`);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string };
  const prefix = `${manifest.publisher}.${manifest.name}-`.toLowerCase();
  const installed = fs.readdirSync(extensionsDir).find((d) => d.toLowerCase().startsWith(prefix));
  if (!installed) {
    throw new Error(`${vsix} installed, but no ${prefix}* folder appeared in ${extensionsDir}`);
  }
  return path.join(extensionsDir, installed);
}

async function runSuite(suite: Suite, options: Options, suiteCount: number): Promise<boolean> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-it-'));
  // The folder's name selects the suite inside the host (test/integration/index.ts).
  const workspace = path.join(tmp, suite.name);
  if (suite.fixture) {
    fs.cpSync(suite.fixture, workspace, { recursive: true });
  } else {
    fs.mkdirSync(workspace);
  }
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(userDataDir);
  fs.mkdirSync(extensionsDir);
  const started = Date.now();
  console.log(`\n=== integration suite ${suite.name}${options.vsix ? ` (packaged ${path.basename(options.vsix)})` : ''} ===`);
  try {
    // The browser workbench runs extension tests only in extension-development mode, so the
    // packaged run points the development path at the installed (unpacked) VSIX: the host then
    // loads exactly the files and manifest that ship.
    const extensionDevelopmentPath = options.vsix ? installVsix(options.vsix, userDataDir, extensionsDir) : REPO_ROOT;
    const shot = screenshotPath(suite.name, suiteCount);
    await runTests({
      vscodeExecutablePath: LAUNCHER,
      extensionDevelopmentPath,
      extensionTestsPath: TESTS_ENTRY,
      // The extensions folder is fresh, so no other installed extension can interfere.
      launchArgs: [
        workspace,
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${extensionsDir}`,
        // A `restricted*` suite runs with Workspace Trust on, so its folder opens in Restricted Mode.
        ...(suite.name.startsWith('restricted') ? ['--enable-workspace-trust'] : []),
      ],
      ...(shot ? { extensionTestsEnv: { DE_MIGRATE_SCREENSHOT: shot } } : {}),
    });
    console.log(`=== suite ${suite.name}: passed (${((Date.now() - started) / 1000).toFixed(1)} s) ===`);
    return true;
  } catch (err) {
    console.error(
      `=== suite ${suite.name}: FAILED (${((Date.now() - started) / 1000).toFixed(1)} s): ${err instanceof Error ? err.message : String(err)} ===`,
    );
    return false;
  } finally {
    if (process.env['DE_MIGRATE_KEEP_TMP'] !== '1') {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(TESTS_ENTRY)) {
    throw new Error(`${TESTS_ENTRY} is missing; run \`npm run compile\` first`);
  }
  const suites = discoverSuites(options);
  const failed: string[] = [];
  for (const suite of suites) {
    if (!(await runSuite(suite, options, suites.length))) {
      failed.push(suite.name);
    }
  }
  console.log(
    `\nintegration suites: ${suites.length - failed.length} passed, ${failed.length} failed${failed.length > 0 ? ` (${failed.join(', ')})` : ''}`,
  );
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
