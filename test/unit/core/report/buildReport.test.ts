import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { planConversion } from '../../../../src/core/convert/planConversion';
import { checkApp } from '../../../../src/core/engine/checkApp';
import { DEFAULT_ENGINE_CONFIG } from '../../../../src/core/engine/config';
import { buildReport, DEFAULT_REPORT_TITLE, type ReportInput } from '../../../../src/core/report/buildReport';
import { exportHtml, exportJson, exportMarkdown } from '../../../../src/core/report/exportReport';
import { ALL_RULES } from '../../../../src/core/rules';
import type { MigrationStateFile } from '../../../../src/shared/migrationState';
import { validateReport } from '../../../../src/shared/report';
import { de4Metadata } from '../../../support/de4AppBuilder';
import { snapshotOf } from '../../../support/snapshotBuilder';

// buildReport over real check results and conversion plans of in-memory apps.

const BASE = path.resolve('/work/fleet');
const SALES = path.join(BASE, 'apps', 'sales-dash');
const MAPS = path.join(BASE, 'apps', 'maps');

const SALES_FILES = {
  'runtime.txt': 'python-3.9.7\n',
  'requirements.txt': 'dash==2.16.1\ngunicorn==21.2.0\n',
  Procfile: 'web: gunicorn app:server\n',
  'app.py': 'import dash\napp = dash.Dash(__name__)\nserver = app.server\n',
};
const MAPS_FILES = { 'requirements.txt': 'dash==2.16.1\n', 'app.py': 'import dash\napp = dash.Dash(__name__)\n' };

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  const sales = snapshotOf(SALES_FILES, { root: SALES });
  const maps = snapshotOf(MAPS_FILES, { root: MAPS });
  const opts = { includeUnsafe: false };
  return {
    generatedAt: new Date('2025-01-02T03:04:05.000Z'),
    base: BASE,
    checks: [checkApp(sales, ALL_RULES, DEFAULT_ENGINE_CONFIG), checkApp(maps, ALL_RULES, DEFAULT_ENGINE_CONFIG)],
    plans: [planConversion(sales, ALL_RULES, DEFAULT_ENGINE_CONFIG, opts), planConversion(maps, ALL_RULES, DEFAULT_ENGINE_CONFIG, opts)],
    // The DE4 payload behind this metadata has env var values (API_TOKEN=secret-value, a REDIS_URL with a password).
    metadata: new Map([[SALES, de4Metadata()]]),
    ...overrides,
  };
}

describe('buildReport', () => {
  it('turns findings into 1-based lines with a safe-fix flag, per app, with counts', () => {
    const check = input().checks[0];
    const report = buildReport(input());
    const sales = report.apps.find((a) => a.name === 'sales-dash');
    assert.ok(check && sales);
    assert.equal(sales.findings.length, check.findings.length);
    check.findings.forEach((f, i) => {
      const r = sales.findings[i];
      assert.equal(r?.line, f.range.start.line + 1);
      assert.equal(r?.rule, f.rule);
      assert.equal(
        r?.hasSafeFix,
        f.fixes.some((x) => x.safety === 'safe'),
      );
    });
    const runtime = sales.findings.find((f) => f.rule === 'runtime-txt');
    assert.deepEqual(runtime && { file: runtime.file, line: runtime.line, hasSafeFix: runtime.hasSafeFix }, {
      file: 'runtime.txt',
      line: 1,
      hasSafeFix: true,
    });
    assert.equal(sales.counts.warnings, sales.findings.filter((f) => f.severity === 'warning').length);
    assert.equal(
      report.counts.errors,
      report.apps.reduce((n, a) => n + a.counts.errors, 0),
    );
    assert.equal(report.counts.apps, 2);
  });

  it('names apps from their DE4 metadata, else their folder, shows folders relative to base, sorts by name', () => {
    const report = buildReport(input());
    assert.deepEqual(
      report.apps.map((a) => [a.name, a.dir]),
      [
        ['maps', 'apps/maps'],
        ['sales-dash', 'apps/sales-dash'],
      ],
    );
    assert.equal(report.de4, 'https://de4.example.com', 'the one DE4 server of the metadata');
    assert.equal(report.title, DEFAULT_REPORT_TITLE);
    assert.equal(report.generatedAt, '2025-01-02T03:04:05.000Z');
  });

  it('summarises the conversion as files created, changed and deleted with line counts', () => {
    const sales = buildReport(input()).apps.find((a) => a.name === 'sales-dash');
    const files = sales?.conversion?.files ?? [];
    const runtime = files.find((f) => f.file === 'runtime.txt');
    assert.deepEqual(runtime, { file: 'runtime.txt', change: 'deleted', added: 0, removed: 1 });
    const created = files.filter((f) => f.change === 'created');
    assert.ok(created.length > 0, `a file is created: ${JSON.stringify(files)}`);
    for (const f of created) {
      assert.ok(f.added > 0 && f.removed === 0, `${f.file}: +${f.added} -${f.removed}`);
    }
    assert.ok((sales?.conversion?.fixes.length ?? 0) > 0);
  });

  it('adds the DE5 setup steps and the data gaps from the metadata, environment variables by name only', () => {
    const report = buildReport(input());
    const sales = report.apps.find((a) => a.name === 'sales-dash');
    assert.ok(sales);
    assert.equal(sales.setupSteps[0], 'de apps create -n sales-dash   (or App Manager → New App)');
    assert.ok(sales.setupSteps.includes('de apps update --name sales-dash --add-environment-variable "API_TOKEN=<value>"'));
    assert.ok(sales.setupSteps.includes('de services create --app-name sales-dash --type redis'));
    assert.deepEqual(
      sales.dataGaps.map((g) => g.title),
      [
        'The data in Redis service sales-dash-redis is not migrated',
        'The data in the mounted directory /data is not migrated',
        'The DE4 workspace of sales-dash is not migrated',
      ],
    );
    assert.match(sales.dataGaps[0]?.steps[0] ?? '', /redis:export sales-dash-redis/);
    assert.equal(report.counts.dataGaps, 3);
    const maps = report.apps.find((a) => a.name === 'maps');
    assert.deepEqual(maps?.dataGaps, []);
    assert.deepEqual(maps?.setupSteps, ['de apps create -n maps   (or App Manager → New App)']);
    for (const text of [JSON.stringify(report), exportJson(report), exportMarkdown(report), exportHtml(report)]) {
      assert.ok(!text.includes('secret-value'), 'no environment variable value');
      assert.ok(!text.includes('redis://u:p@'), 'no service URL with its password');
    }
  });

  it('takes each app’s status from the state file by folder or name, and lists apps only in the state', () => {
    const state: MigrationStateFile = {
      schemaVersion: 1,
      de4: 'https://de4.example.com',
      de5: 'de5.example.com',
      apps: {
        'sales-dash': {
          app: 'sales-dash',
          step: 'converted',
          failed: { step: 'created', reason: 'licence seat limit', at: '2025-01-01T00:00:00.000Z' },
          dir: 'apps/sales-dash',
          updatedAt: '2025-01-01T00:00:00.000Z',
        },
        maps: { app: 'maps', step: 'verified', updatedAt: '2025-01-01T00:00:00.000Z' },
        atlas: { app: 'atlas', step: 'discovered', updatedAt: '2025-01-01T00:00:00.000Z' },
      },
    };
    const report = buildReport(input({ state, stateBase: BASE }));
    assert.deepEqual(
      report.apps.map((a) => [a.name, a.dir, a.status?.step, a.status?.failed?.step]),
      [
        ['atlas', '', 'discovered', undefined],
        ['maps', 'apps/maps', 'verified', undefined],
        ['sales-dash', 'apps/sales-dash', 'converted', 'created'],
      ],
    );
    assert.equal(report.apps[0]?.findings.length, 0);
    assert.deepEqual(
      { failed: report.counts.failed, verified: report.counts.verified, apps: report.counts.apps },
      { failed: 1, verified: 1, apps: 3 },
    );
    assert.equal(report.de5, 'de5.example.com');
    const noState = buildReport(input());
    assert.equal(noState.apps[0]?.status, undefined);
  });

  it('is deterministic and passes its own validator unchanged', () => {
    const a = buildReport(input());
    const b = buildReport(input());
    assert.deepEqual(a, b);
    assert.deepEqual(validateReport(JSON.parse(exportJson(a))), a);
  });
});
