#!/usr/bin/env node
// `npm run package`: production bundle, then dist-vsix/de-migrate.vsix with vsce, then the
// file-list check against scripts/vsixAllowList.json (`node scripts/checkVsix.mjs` alone re-checks).
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_VSIX } from './checkVsix.mjs';
import { REPO_ROOT } from './lib/paths.mjs';
import { run, say } from './lib/proc.mjs';

const TAG = 'package';

async function main() {
  say(TAG, '$ node esbuild.mjs --production');
  if ((await run(process.execPath, ['esbuild.mjs', '--production'], { cwd: REPO_ROOT })).code !== 0) {
    return 1;
  }
  // vsce does not create the output folder.
  mkdirSync(path.dirname(DEFAULT_VSIX), { recursive: true });
  rmSync(DEFAULT_VSIX, { force: true });
  // --no-dependencies: everything the extension needs is bundled into dist/extension.js.
  const vsceArgs = ['package', '--no-dependencies', '-o', path.relative(REPO_ROOT, DEFAULT_VSIX)];
  say(TAG, `$ vsce ${vsceArgs.join(' ')}`);
  if ((await run(path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce'), vsceArgs, { cwd: REPO_ROOT })).code !== 0) {
    return 1;
  }
  say(TAG, '$ node scripts/checkVsix.mjs');
  return (await run(process.execPath, [path.join('scripts', 'checkVsix.mjs'), DEFAULT_VSIX], { cwd: REPO_ROOT })).code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    say(TAG, `FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
