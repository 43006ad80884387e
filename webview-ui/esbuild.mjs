// The report panel's webview bundle: webview-ui/src/main.ts → <outdir>/webview-ui/main.js (+ main.css),
// for the browser. Used by the root esbuild.mjs and by the webview tests (which build into a temp folder).
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** esbuild options for the bundle; `outdir` is the dist folder (the bundle goes in its webview-ui/). */
export function webviewUiOptions({ outdir, production }) {
  return {
    entryPoints: [path.join(HERE, 'src', 'main.ts')],
    outfile: path.join(outdir, 'webview-ui', 'main.js'),
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'warning',
  };
}

export function buildWebviewUi({ outdir, production = false }) {
  return esbuild.build(webviewUiOptions({ outdir, production }));
}

// `node webview-ui/esbuild.mjs [--production] [--outdir=dist]` builds just this bundle.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
  await buildWebviewUi({ outdir, production: process.argv.includes('--production') });
}
