import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../../../src/cli/args';
import { parseReportArgs } from '../../../src/cli/reportArgs';
import { runReport, type ReportPorts } from '../../../src/cli/reportCommand';
import { serializeDe4Metadata } from '../../../src/core/de4/appMetadata';
import { CoreError } from '../../../src/core/errors';
import { NULL_LOGGER } from '../../../src/core/ports';
import { validateReport } from '../../../src/shared/report';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { NodeFileWriter } from '../../../src/node/nodeFileWriter';
import { de4Metadata } from '../../support/de4AppBuilder';
import { validate } from '../../support/schemaSubset';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const SCHEMA: unknown = JSON.parse(fs.readFileSync(path.join(REPO, 'media', 'schemas', 'report.schema.json'), 'utf8'));

const SALES: Record<string, string> = {
  'runtime.txt': 'python-3.9.7\n',
  'requirements.txt': 'dash==2.16.1\ngunicorn==21.2.0\n',
  Procfile: 'web: gunicorn app:server\n',
  'app.py': 'import dash\napp = dash.Dash(__name__)\nserver = app.server\n',
  '.de-migrate/de4-app.json': serializeDe4Metadata(de4Metadata()),
};
const MAPS: Record<string, string> = {
  'requirements.txt': 'dash==2.16.1\ngunicorn==21.2.0\n',
  Procfile: 'web: gunicorn app:server\n',
  'app.py': 'import dash\napp = dash.Dash(__name__)\nserver = app.server\n',
};
const STATE = {
  schemaVersion: 1,
  de5: 'de5.example.com',
  apps: {
    'sales-dash': {
      app: 'sales-dash',
      step: 'converted',
      failed: { step: 'created', reason: 'licence seat limit', at: '2025-01-01T00:00:00.000Z' },
      dir: 'apps/sales',
      updatedAt: '2025-01-01T00:00:00.000Z',
    },
    gone: { app: 'gone', step: 'cloned', updatedAt: '2025-01-01T00:00:00.000Z' },
  },
};

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/** Every file below dir with its content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) {
      const abs = path.join(e.parentPath, e.name);
      out[path.relative(dir, abs)] = fs.readFileSync(abs, 'utf8');
    }
  }
  return out;
}

describe('de-migrate report', () => {
  let work: string;
  let ports: ReportPorts;

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-report-'));
    write(path.join(work, 'apps', 'sales'), SALES);
    write(path.join(work, 'apps', 'maps'), MAPS);
    ports = { fs: new NodeFileSystem(), writer: new NodeFileWriter(), log: NULL_LOGGER, now: () => new Date('2025-01-02T03:04:05.000Z') };
  });

  afterEach(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  async function run(argv: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await runReport(parseReportArgs(argv), work, (t) => (out += t), ports);
    return { code, out };
  }

  it('parses its arguments', () => {
    assert.deepEqual(parseReportArgs([]), { command: 'report', paths: ['.'], format: 'md', exclude: [], verbose: false });
    assert.deepEqual(parseReportArgs(['a', 'b', '--format', 'html', '--out', 'r.html', '--state', 's.json', '--exclude', 'x/**']), {
      command: 'report',
      paths: ['a', 'b'],
      state: 's.json',
      format: 'html',
      out: 'r.html',
      exclude: ['x/**'],
      verbose: false,
    });
    assert.throws(() => parseReportArgs(['--format', 'pdf']), UsageError);
    assert.throws(() => parseReportArgs(['--json']), UsageError);
  });

  it('prints the JSON report of the apps below the folder, with the state file, changing nothing', async () => {
    write(work, { '.de-migrate/state.json': JSON.stringify(STATE) });
    const before = tree(work);
    const { code, out } = await run(['--format', 'json']);
    assert.deepEqual(tree(work), before, 'a dry run: nothing written');
    const doc: unknown = JSON.parse(out);
    assert.deepEqual(validate(SCHEMA, doc), []);
    const report = validateReport(doc);
    assert.deepEqual(
      report.apps.map((a) => [a.name, a.dir, a.status?.step ?? 'none', a.status?.failed?.step ?? '']),
      [
        ['gone', '', 'cloned', ''],
        ['maps', 'apps/maps', 'none', ''],
        ['sales-dash', 'apps/sales', 'converted', 'created'],
      ],
    );
    const sales = report.apps[2];
    assert.ok(sales?.conversion?.files.some((f) => f.file === 'runtime.txt' && f.change === 'deleted'));
    assert.equal(sales?.dataGaps.length, 3);
    assert.equal(report.de4, 'https://de4.example.com');
    assert.equal(report.de5, 'de5.example.com');
    assert.equal(report.generatedAt, '2025-01-02T03:04:05.000Z');
    assert.ok(!out.includes('secret-value'), 'no environment variable value');
    assert.equal(code, 1, 'an app failed');
  });

  it('writes Markdown or HTML to --out and says where', async () => {
    const md = await run(['apps', '--out', 'out/report.md']);
    assert.equal(md.out, 'report: out/report.md (2 apps)\n');
    const text = fs.readFileSync(path.join(work, 'out', 'report.md'), 'utf8');
    assert.match(text, /^# DE4 → DE5 migration report\n/);
    assert.match(text, /\n## sales-dash\n/);
    const html = await run(['apps/maps', '--format', 'html', '--out', 'maps.html']);
    assert.equal(html.out, 'report: maps.html (1 app)\n');
    const page = fs.readFileSync(path.join(work, 'maps.html'), 'utf8');
    assert.ok(page.startsWith('<!DOCTYPE html>') && !page.includes('<script'));
    assert.equal(html.code, 0, 'maps has no errors and no failed step');
  });

  it('refuses a missing folder or state file and an invalid state file', async () => {
    await assert.rejects(run(['nope']), UsageError);
    await assert.rejects(run(['--state', 'missing.json']), UsageError);
    write(work, { 'bad.json': '{"schemaVersion": 1, "apps": {"a": {"step": "teleported"}}}' });
    await assert.rejects(
      run(['--state', 'bad.json']),
      (err: unknown) =>
        err instanceof CoreError &&
        err.code === 'invalid-input' &&
        /^bad\.json is not a migration state file: apps\["a"\]/.test(err.message),
    );
    write(work, { 'bad2.json': 'not json' });
    await assert.rejects(run(['--state', 'bad2.json']), (err: unknown) => err instanceof CoreError && err.code === 'invalid-input');
  });
});
