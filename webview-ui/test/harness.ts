import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { Page, Route } from 'playwright-core';
import { webviewHtml } from '../../src/shared/webviewHtml';

/** Stands in for `webview.cspSource`: the page and its bundle are served from here by page.route. */
export const ORIGIN = 'https://webview-resource.test';

export interface PageRecord {
  /** What the page posted through the stub `acquireVsCodeApi().postMessage`, in order. */
  readonly posted: unknown[];
  /** `securitypolicyviolation` events: the blocked URI and directive. */
  readonly violations: { blocked: string; directive: string }[];
  readonly errors: string[];
}

/** The page's globals the tests read (this config has no DOM lib; in the page, globalThis is window). */
export interface PageGlobals {
  deMigrateRecord: PageRecord;
  injectedRan?: boolean;
  postMessage(message: unknown, targetOrigin: string): void;
}

/**
 * VS Code injects `acquireVsCodeApi` before the page's scripts; this stub does the same with the page's
 * nonce (so the production CSP lets it run) and records posts, CSP violations and errors.
 */
function stubScript(nonce: string): string {
  return `<script nonce="${nonce}">
window.deMigrateRecord = { posted: [], violations: [], errors: [] };
let state;
let acquired = false;
window.acquireVsCodeApi = () => {
  if (acquired) { throw new Error('acquireVsCodeApi called twice'); }
  acquired = true;
  return {
    postMessage: (m) => window.deMigrateRecord.posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => state,
    setState: (s) => { state = JSON.parse(JSON.stringify(s)); },
  };
};
document.addEventListener('securitypolicyviolation', (e) => window.deMigrateRecord.violations.push({ blocked: e.blockedURI, directive: e.violatedDirective }));
window.addEventListener('error', (e) => window.deMigrateRecord.errors.push(String(e.message)));
</script>`;
}

export interface OpenOptions {
  /** Markup added at the end of <body> (e.g. a script without the nonce). */
  readonly extraBody?: string;
}

export interface ReportPage {
  readonly page: Page;
  readonly nonce: string;
  /** Requests that left the page for anything but the served files (none expected). */
  readonly strayRequests: string[];
  record(): Promise<PageRecord>;
  /** Posts a message to the webview the way the host does (a `message` event on window). */
  send(message: unknown): Promise<void>;
}

/** Loads the production page (webviewHtml, its CSP and the built bundle) into `page`. */
export async function openReportPage(page: Page, bundle: { js: string; css: string }, opts: OpenOptions = {}): Promise<ReportPage> {
  const nonce = randomBytes(16).toString('base64');
  const html = webviewHtml({
    cspSource: ORIGIN,
    nonce,
    scriptUri: `${ORIGIN}/main.js`,
    styleUri: `${ORIGIN}/main.css`,
    title: 'Migration report',
  })
    .replace('</title>', `</title>\n${stubScript(nonce)}`)
    .replace('</body>', `${opts.extraBody ?? ''}\n</body>`);
  const files: Record<string, { body: string | Buffer; type: string }> = {
    '/index.html': { body: html, type: 'text/html' },
    '/main.js': { body: fs.readFileSync(bundle.js), type: 'text/javascript' },
    '/main.css': { body: fs.readFileSync(bundle.css), type: 'text/css' },
  };
  const strayRequests: string[] = [];
  await page.unrouteAll();
  await page.route('**/*', async (route: Route) => {
    const url = new URL(route.request().url());
    const file = url.origin === ORIGIN ? files[url.pathname] : undefined;
    if (file) {
      await route.fulfill({ status: 200, contentType: file.type, body: file.body });
    } else {
      strayRequests.push(url.href);
      await route.abort();
    }
  });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).deMigrateRecord.posted.length > 0);
  return {
    page,
    nonce,
    strayRequests,
    record: () => page.evaluate(() => (globalThis as unknown as PageGlobals).deMigrateRecord),
    send: (message: unknown) => page.evaluate((m) => (globalThis as unknown as PageGlobals).postMessage(m, '*'), message),
  };
}
