import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { buildWebviewBundle, launchChromium, type LaunchedBrowser } from '../../test/support/chromium';
import { parseWebviewMessage, type WebviewMessage } from '../../src/shared/protocol';
import { reportCounts } from '../../src/shared/report';
import { openReportPage, type PageGlobals, type ReportPage } from './harness';
import { fleetReport, reportApp } from './reportFixture';

// The report panel's webview in headless Chromium: the production page (CSP with a nonce, the
// minified bundle), a stub acquireVsCodeApi that records what the page posts, and host messages
// delivered as window `message` events, as VS Code does.

async function appOrder(page: Page): Promise<string[]> {
  const rows = page.locator('#fleet-table tbody tr[data-app]');
  const out: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    out.push((await rows.nth(i).getAttribute('data-app')) ?? '');
  }
  return out;
}

async function count(page: Page, name: string): Promise<string> {
  return ((await page.locator(`#counts [data-count="${name}"] vscode-badge`).textContent()) ?? '').trim();
}

/** Requests posted after the first `n` messages, each checked with the host's own validator. */
async function requestsAfter(p: ReportPage, n: number): Promise<WebviewMessage[]> {
  const posted = (await p.record()).posted.slice(n);
  return posted.map((m) => {
    const parsed = parseWebviewMessage(m);
    assert.ok(parsed, `malformed request posted: ${JSON.stringify(m)}`);
    assert.deepEqual(parsed, m, 'the request holds exactly the protocol fields');
    return parsed;
  });
}

describe('report webview (Chromium)', function () {
  this.timeout(60_000);
  let browser: LaunchedBrowser;
  let dir: string;
  let bundle: { js: string; css: string };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-webview-'));
    bundle = await buildWebviewBundle(dir);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function initialised(report = fleetReport()): Promise<ReportPage> {
    const p = await openReportPage(browser.page, bundle);
    await p.send({ type: 'init', report });
    await p.page.locator('#fleet-table tbody tr[data-app]').first().waitFor();
    return p;
  }

  it('posts ready first and nothing else before the report arrives', async () => {
    const p = await openReportPage(browser.page, bundle);
    assert.deepEqual((await p.record()).posted, [{ type: 'ready' }]);
    assert.equal(await p.page.locator('#fleet-table').count(), 0, 'nothing is rendered before init');
  });

  it('renders the fleet table and the counts on init, with no CSP violation, error or request elsewhere', async () => {
    const p = await initialised();
    assert.equal(await p.page.locator('h1').textContent(), 'Fleet migration report');
    assert.deepEqual(await appOrder(p.page), ['atlas', 'maps', 'sales']);
    assert.equal(await count(p.page, 'apps'), '3');
    assert.equal(await count(p.page, 'errors'), '2');
    assert.equal(await count(p.page, 'warnings'), '3');
    assert.equal(await count(p.page, 'failed'), '1');
    assert.equal(await count(p.page, 'verified'), '1');
    assert.equal(await count(p.page, 'not-started'), '1');
    const sales = p.page.locator('tr[data-app="sales"]');
    assert.equal((await sales.locator('td.status').textContent())?.trim(), 'failed');
    assert.equal(await sales.locator('[data-action="retry"]').count(), 1, 'a failed app offers Retry');
    assert.equal(await p.page.locator('tr[data-app="atlas"] [data-action="retry"]').count(), 0);
    const rec = await p.record();
    assert.deepEqual(rec.violations, []);
    assert.deepEqual(rec.errors, []);
    assert.deepEqual(p.strayRequests, []);
    // The vscode-elements components are defined (their bundle ran under the CSP).
    assert.equal(
      await p.page.evaluate(
        () => typeof (globalThis as unknown as { customElements: { get(n: string): unknown } }).customElements.get('vscode-button'),
      ),
      'function',
    );
  });

  it('filters by name, folder or status and says how many apps are shown', async () => {
    const p = await initialised();
    const filter = p.page.locator('#filter input');
    await filter.fill('SAL');
    assert.deepEqual(await appOrder(p.page), ['sales']);
    assert.equal(await p.page.locator('#shown').textContent(), 'Showing 1 of 3 apps');
    await filter.fill('verified');
    assert.deepEqual(await appOrder(p.page), ['atlas']);
    await filter.fill('no such app');
    assert.deepEqual(await appOrder(p.page), []);
    assert.match((await p.page.locator('#fleet-table tbody').textContent()) ?? '', /No app matches/);
    await filter.fill('');
    assert.deepEqual(await appOrder(p.page), ['atlas', 'maps', 'sales']);
    assert.equal(await p.page.locator('#shown').textContent(), '');
  });

  it('sorts by a column, toggling the direction, and marks the column with aria-sort', async () => {
    const p = await initialised();
    await p.page.locator('button[data-sort="errors"]').click();
    assert.deepEqual(await appOrder(p.page), ['sales', 'atlas', 'maps'], 'most errors first; ties by name');
    assert.equal(await p.page.locator('th:has(button[data-sort="errors"])').getAttribute('aria-sort'), 'descending');
    await p.page.locator('button[data-sort="errors"]').click();
    assert.deepEqual(await appOrder(p.page), ['atlas', 'maps', 'sales']);
    assert.equal(await p.page.locator('th:has(button[data-sort="errors"])').getAttribute('aria-sort'), 'ascending');
    await p.page.locator('button[data-sort="status"]').click();
    assert.deepEqual(await appOrder(p.page), ['sales', 'maps', 'atlas'], 'failed, then not started, then verified');
    await p.page.locator('button[data-sort="name"]').click();
    assert.deepEqual(await appOrder(p.page), ['atlas', 'maps', 'sales']);
    assert.equal(await p.page.locator('th:has(button[data-sort="errors"])').getAttribute('aria-sort'), 'none');
  });

  it('keeps the filter across an update', async () => {
    const p = await initialised();
    await p.page.locator('#filter input').fill('a');
    const report = fleetReport();
    const apps = [...report.apps, reportApp('catalog', { findings: [] })];
    await p.send({ type: 'update', report: { ...report, apps, counts: reportCounts(apps) } });
    await p.page.locator('tr[data-app="catalog"]').waitFor();
    assert.equal(await p.page.locator('#filter input').inputValue(), 'a');
    assert.equal(await count(p.page, 'apps'), '4');
  });

  it('keeps the open app page, and a section the user closed, across an update', async () => {
    const p = await initialised();
    await p.page.locator('tr[data-app="sales"] button[data-action="show-app"]').click();
    await p.page.locator('#conversion').waitFor();
    await p.page.getByText('Conversion (2 files)').click();
    const isOpen = () => p.page.locator('#conversion').evaluate((el) => (el as unknown as { open: boolean }).open);
    assert.equal(await isOpen(), false);
    const report = fleetReport();
    const apps = report.apps.map((a) => (a.name === 'sales' ? { ...a, status: { step: 'created' as const } } : a));
    await p.send({ type: 'update', report: { ...report, apps, counts: reportCounts(apps) } });
    await p.page.locator('#steps [data-step="created"][data-state="done"]').waitFor();
    assert.equal(await p.page.locator('#app h2').textContent(), 'sales');
    assert.equal(await p.page.locator('#steps [data-action="retry"]').count(), 0, 'no Retry once the step succeeded');
    assert.equal(await isOpen(), false);
  });

  it('posts Open, Fix, Retry and Export as requests with fresh ids, and shows an error reply', async () => {
    const p = await initialised();
    await p.page.locator('tr[data-app="sales"] button[data-action="show-app"]').click();
    await p.page.locator('#app').waitFor();
    assert.equal(await p.page.locator('#app h2').textContent(), 'sales');
    assert.equal(await p.page.locator('#findings .severity-group[data-severity="error"] .finding').count(), 2);
    assert.match((await p.page.locator('#data-gaps').textContent()) ?? '', /redis:export sales-redis/);
    assert.equal(await p.page.locator('#data-gaps code').first().textContent(), 'REDIS_URL');
    const before = (await p.record()).posted.length;

    await p.page.locator('.finding[data-rule="procfile-missing"] [data-action="open"]').click();
    await p.page.locator('.finding[data-rule="pin-incompatible-python"] [data-action="fix"]').click();
    await p.page.locator('#steps [data-action="retry"]').click();
    await p.page.locator('[data-action="export"][data-format="json"]').click();
    const sent = await requestsAfter(p, before);
    const ids = sent.map((m) => ('id' in m ? m.id : 0));
    assert.deepEqual(
      sent.map((m) => ({ ...m, id: 0 })),
      [
        { type: 'openFile', id: 0, app: 'sales', file: 'Procfile', line: 1 },
        { type: 'fixApp', id: 0, app: 'sales' },
        { type: 'retryStep', id: 0, app: 'sales' },
        { type: 'export', id: 0, format: 'json' },
      ],
    );
    assert.equal(new Set(ids).size, 4, `ids are distinct: ${ids.join(',')}`);
    assert.ok(ids.every((id) => Number.isInteger(id) && id > 0));

    // While the fix is pending its buttons are disabled, and a second click posts nothing.
    const fixButton = p.page.locator('#findings [data-action="fix-all"]');
    assert.equal(await fixButton.getAttribute('disabled'), '');
    await fixButton.click({ force: true });
    assert.equal((await p.record()).posted.length, before + 4);

    await p.send({ type: 'reply', id: ids[1], ok: false, error: 'requirements.txt changed on disk' });
    await p.page.locator('#notice.error-text').waitFor();
    assert.match((await p.page.locator('#notice').textContent()) ?? '', /failed: requirements\.txt changed on disk/);
    assert.equal(await fixButton.getAttribute('disabled'), null, 'enabled again after the reply');
    await p.send({ type: 'reply', id: ids[2], ok: true });
    await p.page.waitForFunction(
      () =>
        !(globalThis as unknown as { document: { querySelector(s: string): { hasAttribute(a: string): boolean } | null } }).document
          .querySelector('#steps [data-action="retry"]')
          ?.hasAttribute('disabled'),
    );
    assert.match((await p.page.locator('#notice').textContent()) ?? '', /Retrying sales: done/);

    await p.page.locator('[data-action="back"]').click();
    await p.page.locator('#fleet-table').waitFor();
    assert.deepEqual((await p.record()).errors, []);
  });

  it('ignores malformed messages without crashing, and still takes a valid one afterwards', async () => {
    const p = await initialised();
    const bad = fleetReport();
    for (const m of [
      null,
      'init',
      42,
      { type: 'init' },
      { type: 'init', report: { ...bad, version: 2 } },
      { type: 'update', report: { ...bad, apps: [{ name: 'x' }] } },
      {
        type: 'update',
        report: {
          ...bad,
          apps: [{ ...bad.apps[0], findings: [{ rule: 'r', severity: 'fatal', file: 'f', line: 1, message: 'm', hasSafeFix: false }] }],
        },
      },
      { type: 'reply', id: 'one', ok: true },
      { type: 'reply', id: 999, ok: true },
      { type: 'openFile', id: 1, app: 'sales', file: 'x', line: 1 },
      { type: 'eval', code: 'globalThis.injectedRan = true' },
    ]) {
      await p.send(m);
    }
    assert.deepEqual(await appOrder(p.page), ['atlas', 'maps', 'sales'], 'the table is unchanged');
    const rec = await p.record();
    assert.deepEqual(rec.errors, []);
    assert.deepEqual(rec.posted, [{ type: 'ready' }], 'nothing is posted in answer to junk');
    assert.equal(await p.page.evaluate(() => (globalThis as unknown as PageGlobals).injectedRan), undefined);
    const apps = [reportApp('only-one', { findings: [] })];
    await p.send({ type: 'update', report: { ...bad, apps, counts: reportCounts(apps) } });
    await p.page.locator('tr[data-app="only-one"]').waitFor();
  });

  it('runs no script without the nonce (the production CSP)', async () => {
    const p = await openReportPage(browser.page, bundle, {
      extraBody: '<script>window.injectedRan = true;</script><div id="x" onclick="window.injectedRan = true">inline handler</div>',
    });
    await p.page.locator('#x').click();
    assert.equal(await p.page.evaluate(() => (globalThis as unknown as PageGlobals).injectedRan), undefined);
    const rec = await p.record();
    assert.ok(
      rec.violations.some((v) => v.directive.startsWith('script-src')),
      `the inline script was blocked by script-src: ${JSON.stringify(rec.violations)}`,
    );
    assert.deepEqual(rec.posted, [{ type: 'ready' }], 'the nonce-carrying bundle still ran');
  });

  it('never shows an environment variable value, even one smuggled into the report', async () => {
    const secret = 'hunter2-s3cret-value';
    const report = fleetReport();
    const [first, ...rest] = report.apps;
    assert.ok(first);
    const smuggled = {
      ...report,
      env: { API_TOKEN: secret },
      apps: [
        {
          ...first,
          environmentVariables: [{ name: 'API_TOKEN', value: secret }],
          findings: first.findings.map((f) => ({ ...f, value: secret })),
          dataGaps: first.dataGaps.map((g) => ({ ...g, env: secret })),
          status: { ...first.status, env: secret },
        },
        ...rest,
      ],
    };
    const p = await openReportPage(browser.page, bundle);
    await p.send({ type: 'init', report: smuggled, app: first.name });
    await p.page.locator('#app').waitFor();
    const html = await p.page.content();
    assert.ok(!html.includes(secret), 'the value is not in the page');
    assert.ok(!(await p.page.locator('body').innerText()).includes(secret));
    await p.page.locator('[data-action="back"]').click();
    await p.page.locator('#fleet-table').waitFor();
    assert.ok(!(await p.page.content()).includes(secret));
  });
});
