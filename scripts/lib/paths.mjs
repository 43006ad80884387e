// Where the harness keeps things, and the pinned versions of what it installs outside package.json.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

// 4.100.3 is the newest code-server whose engines.node is 20 (VS Code 1.100.3); 4.103+ need Node 22.
export const CODE_SERVER_VERSION = '4.100.3';
// code-server 4.100.3 depends on @vscode/ripgrep 1.15.11, which downloads rg in its postinstall;
// we seed that download cache from the rg that the npm package below ships.
export const RIPGREP_SHIM = {
  wrapperVersion: '1.15.11',
  binaryVersion: 'v13.0.0-10',
  npmPackage: '@vscode/ripgrep-linux-x64@1.18.0',
  target: 'x86_64-unknown-linux-musl',
};

/** Git-ignored; override with DE_MIGRATE_CODE_SERVER_DIR to share one install between clones. */
export const CODE_SERVER_DIR = path.resolve(process.env.DE_MIGRATE_CODE_SERVER_DIR ?? path.join(REPO_ROOT, '.cache', 'code-server'));
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CODE_SERVER_INSTALLED_MARKER = path.join(CODE_SERVER_DIR, `.installed-${CODE_SERVER_VERSION}`);

export const CHROMIUM_PATH = process.env.DE_MIGRATE_CHROMIUM ?? '/usr/bin/chromium';
export const LAUNCHER_PATH = path.join(REPO_ROOT, 'scripts', 'codeServerLauncher.mjs');
