// Builds the bundles: the extension (Node, CommonJS, `vscode` external) with its on-demand network
// bundle, the CLI (Node, shebang), and the report panel's webview UI (browser, webview-ui/esbuild.mjs).
// The CLI does not mark `vscode` external, so a stray editor import fails its build (STYLE §3).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { webviewUiOptions } from './webview-ui/esbuild.mjs';

const production = process.argv.includes('--production');
// --outdir=<dir> builds elsewhere (the bench measures the shipped bundle without touching dist/).
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  define: { DE_MIGRATE_VERSION: JSON.stringify(version) },
  // axios is only reached through ports; keep its optional Node-only peers out of the bundle graph.
  mainFields: ['module', 'main'],
};

await Promise.all([
  // The extension loads ./network.js (axios, simple-git) on first use: see src/extension/platform/loadNetwork.ts.
  esbuild.build({
    ...common,
    entryPoints: ['src/extension/main.ts'],
    outfile: `${outdir}/extension.js`,
    external: ['vscode', './network.js'],
  }),
  esbuild.build({ ...common, entryPoints: ['src/extension/lazy/network.ts'], outfile: `${outdir}/network.js`, external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['src/cli/index.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build(webviewUiOptions({ outdir, production })),
]);
