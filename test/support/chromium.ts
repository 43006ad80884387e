import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';

// Typed access to scripts/lib/browser.mjs (headless Debian Chromium through playwright-core, fresh
// profile, no downloads) and webview-ui/esbuild.mjs for tests compiled to CommonJS.

export interface LaunchedBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

interface BrowserModule {
  launchBrowser(options?: { width?: number; height?: number }): Promise<LaunchedBrowser>;
}

interface WebviewBuildModule {
  buildWebviewUi(options: { outdir: string; production?: boolean }): Promise<unknown>;
}

/** out/test/support (or out-<name>/test/support) → the repository root. */
const REPO = path.resolve(__dirname, '..', '..', '..');

// tsc (module: commonjs) turns `import()` into `require()`, which cannot load an ES module on Node 20;
// an import() inside a Function body is left as is. The body is a constant, so nothing is evaluated from input.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

export async function launchChromium(): Promise<LaunchedBrowser> {
  const mod = (await importEsm(pathToFileURL(path.join(REPO, 'scripts', 'lib', 'browser.mjs')).href)) as BrowserModule;
  return mod.launchBrowser({ width: 1200, height: 900 });
}

/** Builds the webview bundle as production does (minified) into `<outdir>/webview-ui/`. */
export async function buildWebviewBundle(outdir: string): Promise<{ js: string; css: string }> {
  const mod = (await importEsm(pathToFileURL(path.join(REPO, 'webview-ui', 'esbuild.mjs')).href)) as WebviewBuildModule;
  await mod.buildWebviewUi({ outdir, production: true });
  return { js: path.join(outdir, 'webview-ui', 'main.js'), css: path.join(outdir, 'webview-ui', 'main.css') };
}
