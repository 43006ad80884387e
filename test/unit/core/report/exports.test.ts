import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportHtml, exportJson, exportMarkdown, exportReport } from '../../../../src/core/report/exportReport';
import {
  countFindings,
  InvalidReportError,
  reportCounts,
  validateReport,
  type MigrationReport,
  type ReportApp,
} from '../../../../src/shared/report';
import { launchChromium, type LaunchedBrowser } from '../../../support/chromium';
import { schemaProblems, validate } from '../../../support/schemaSubset';

const REPO = path.resolve(__dirname, '..', '..', '..', '..', '..');
const SCHEMA: unknown = JSON.parse(fs.readFileSync(path.join(REPO, 'media', 'schemas', 'report.schema.json'), 'utf8'));

const HOSTILE_NAME = '<img src=x onerror="globalThis.pwned = 1">';

function app(name: string, overrides: Partial<ReportApp> = {}): ReportApp {
  const findings = overrides.findings ?? [];
  return {
    name,
    dir: `apps/${name}`,
    setupSteps: [`de apps create -n ${name}`],
    dataGaps: [],
    ...overrides,
    findings,
    counts: countFindings(findings),
  };
}

/** Every part of the model filled in, with text that would break HTML or a Markdown table if not escaped. */
function sampleReport(): MigrationReport {
  const apps = [
    app('sales', {
      dir: 'apps/sales|eu',
      status: {
        step: 'converted',
        failed: { step: 'created', reason: 'licence <seat> limit', at: '2025-01-01T00:00:00.000Z' },
        updatedAt: '2025-01-01T00:00:00.000Z',
      },
      findings: [
        {
          rule: 'procfile-missing',
          severity: 'error',
          file: 'Procfile',
          line: 1,
          message: 'No Procfile <script>globalThis.pwned = 1</script>',
          hasSafeFix: false,
        },
        {
          rule: 'runtime-txt',
          severity: 'warning',
          file: 'runtime.txt',
          line: 1,
          message: 'runtime.txt is ignored on DE5',
          hasSafeFix: true,
        },
        { rule: 'service-env-var', severity: 'info', file: 'app.py', line: 4, message: 'Code reads REDIS_URL', hasSafeFix: false },
      ],
      conversion: {
        files: [
          { file: 'project.toml', change: 'created', added: 5, removed: 0 },
          { file: 'requirements.txt', change: 'changed', added: 1, removed: 1 },
          { file: 'runtime.txt', change: 'deleted', added: 0, removed: 1 },
        ],
        fixes: ['Move the Python version to project.toml'],
      },
      setupSteps: [
        'de apps create -n sales   (or App Manager → New App)',
        'de apps update --name sales --add-environment-variable "API_TOKEN=<value>"',
      ],
      dataGaps: [
        {
          title: 'The data in Redis service sales-redis is not migrated',
          detail: 'On DE5 the app reads `REDIS_URL`.',
          steps: ['Export the data on DE4: `ssh -p 3022 dokku@de4.example.com redis:export sales-redis > sales-redis.dump`'],
        },
      ],
    }),
    app('atlas', { status: { step: 'verified' } }),
    app(HOSTILE_NAME),
  ];
  return {
    version: 1,
    generatedAt: '2025-01-02T03:04:05.000Z',
    title: 'Fleet <report>',
    de4: 'https://de4.example.com',
    de5: 'de5.example.com',
    apps,
    counts: reportCounts(apps),
  };
}

describe('report exports', () => {
  describe('JSON', () => {
    it('validates against media/schemas/report.schema.json, which the subset checker fully understands', () => {
      assert.deepEqual(schemaProblems(SCHEMA), []);
      const doc: unknown = JSON.parse(exportJson(sampleReport()));
      assert.deepEqual(validate(SCHEMA, doc), []);
      assert.deepEqual(validateReport(doc), sampleReport());
      assert.ok(exportJson(sampleReport()).endsWith('}\n'));
      assert.equal(exportReport(sampleReport(), 'json'), exportJson(sampleReport()));
    });

    it('the schema rejects extra fields (such as a value) and impossible values', () => {
      const good = JSON.parse(exportJson(sampleReport())) as { apps: Record<string, unknown>[] } & Record<string, unknown>;
      const first = good.apps[0] ?? {};
      const findings = first['findings'] as Record<string, unknown>[];
      const extra: unknown[] = [
        { ...good, env: { API_TOKEN: 'x' } },
        { ...good, apps: [{ ...first, environmentVariables: [{ name: 'A', value: 'x' }] }, ...good.apps.slice(1)] },
      ];
      const impossible: unknown[] = [
        { ...good, apps: [{ ...first, findings: [{ ...findings[0], line: 0 }] }] },
        { ...good, apps: [{ ...first, status: { step: 'deployed' } }] },
        { ...good, version: 2 },
      ];
      for (const doc of [...extra, ...impossible]) {
        assert.notDeepEqual(validate(SCHEMA, doc), [], JSON.stringify(doc).slice(0, 120));
      }
      // The runtime check drops unknown fields (a value never reaches the webview) and refuses the rest.
      for (const doc of extra) {
        assert.deepEqual(validateReport(doc), sampleReport());
      }
      for (const doc of impossible) {
        assert.throws(() => validateReport(doc), InvalidReportError);
      }
    });
  });

  describe('Markdown', () => {
    it('has the summary, the fleet table and every section per app', () => {
      const md = exportMarkdown(sampleReport());
      const headings = md.split('\n').filter((l) => l.startsWith('#'));
      assert.deepEqual(headings.slice(0, 4), ['# Fleet &lt;report>', '## Summary', '## Apps', '## sales']);
      for (const h of ['### Status', '### Findings', '### Conversion', '### DE5 setup', '### Data not migrated']) {
        assert.equal(headings.filter((x) => x === h).length, 3, h);
      }
      assert.ok(headings.includes('#### Errors (1)') && headings.includes('#### Warnings (1)') && headings.includes('#### Info (1)'));
      assert.match(md, /\| sales \| apps\/sales\\\|eu \| failed at created: licence &lt;seat> limit \| 1 \| 1 \| 1 \|/);
      assert.match(md, /- \[ \] \*\*The data in Redis service sales-redis is not migrated\.\*\*/);
      assert.match(
        md,
        /`ssh -p 3022 dokku@de4\.example\.com redis:export sales-redis > sales-redis\.dump`/,
        'commands stay verbatim in code',
      );
      assert.match(md, /- \[x\] converted\n- \[ \] created — failed/);
      // Code spans render literally; outside them no HTML may survive.
      const prose = md.replace(/(`+)[^`]*?\1/g, '');
      assert.ok(!prose.includes('<script>') && !prose.includes('<img'), 'no raw HTML outside code');
      assert.ok(md.includes(`## &lt;img src=x onerror="globalThis.pwned = 1">`));
      assert.match(md, /\| runtime\.txt \| deleted \| \+0 −1 \|/);
    });
  });

  describe('HTML (loaded in Chromium)', function () {
    this.timeout(60_000);
    let browser: LaunchedBrowser;
    const requests: string[] = [];

    before(async () => {
      browser = await launchChromium();
      await browser.page.route('**/*', async (route) => {
        requests.push(route.request().url());
        await route.abort();
      });
    });

    after(async () => {
      await browser?.close();
    });

    it('parses into a page with no script, no remote resource and every value as text', async () => {
      const html = exportHtml(sampleReport());
      assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">'));
      const { page } = browser;
      await page.setContent(html);
      assert.equal(await page.title(), 'Fleet <report>');
      assert.equal(await page.locator('script').count(), 0);
      assert.equal(await page.locator('img, link, iframe, object, embed').count(), 0);
      assert.equal(await page.locator('[src]').count(), 0);
      const hrefs = await page
        .locator('[href]')
        .evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(n: string): string }).getAttribute('href')));
      assert.ok(hrefs.length === 3 && hrefs.every((h) => /^#app-\d+$/.test(h)), hrefs.join(' '));
      assert.deepEqual(await page.locator('#apps tbody td:first-child').allTextContents(), ['sales', 'atlas', HOSTILE_NAME]);
      assert.deepEqual(await page.locator('section.app h2').allTextContents(), ['sales', 'atlas', HOSTILE_NAME]);
      assert.equal(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned), undefined);
      assert.deepEqual(requests, []);
      const sales = page.locator('#app-0');
      assert.deepEqual(await sales.locator('h3').allTextContents(), ['Status', 'Findings', 'Conversion', 'DE5 setup', 'Data not migrated']);
      assert.match((await sales.locator('li', { hasText: 'No Procfile' }).textContent()) ?? '', /<script>globalThis\.pwned = 1<\/script>/);
      assert.equal(await sales.locator('.gap code').first().textContent(), 'REDIS_URL');
      assert.equal(
        await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'),
        "default-src 'none'; style-src 'unsafe-inline'",
      );
    });

    it('follows the reader’s light or dark colour scheme', async () => {
      const { page } = browser;
      await page.setContent(exportHtml(sampleReport()));
      const colours = () =>
        page.evaluate(() => {
          const g = globalThis as unknown as {
            getComputedStyle(e: unknown): { color: string; backgroundColor: string };
            document: { body: unknown };
          };
          const s = g.getComputedStyle(g.document.body);
          return [s.color, s.backgroundColor];
        });
      await page.emulateMedia({ colorScheme: 'light' });
      const light = await colours();
      await page.emulateMedia({ colorScheme: 'dark' });
      const dark = await colours();
      assert.deepEqual(light, ['rgb(31, 35, 40)', 'rgb(255, 255, 255)']);
      assert.deepEqual(dark, ['rgb(230, 237, 243)', 'rgb(13, 17, 23)']);
    });
  });
});
