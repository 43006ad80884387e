// `npm run bench`: measures the targets of the foundation issue and prints a table. It measures, it does
// not gate: a missed target is printed clearly, and the exit code stays 0 unless the bench itself broke.
// Results go to .bench/results.json (git-ignored).
import { spawn } from 'node:child_process';
import { existsSync, promises as fsp, readdirSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDe4Listing } from './benchDe4.mjs';
import { benchPush } from './benchPush.mjs';
import { benchFleet } from './benchFleet.mjs';
import { requireBundled } from './lib/requireBundled.mjs';

const REPO = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const BENCH_DIR = path.join(REPO, '.bench');
const DIST_CLI = path.join(REPO, 'dist', 'cli.js');
const DIST_EXTENSION = path.join(REPO, 'dist', 'extension.js');
const ACTIVATION_FILE = path.join(BENCH_DIR, 'activation.json');

const APP_COUNT = 1000;
const ITERATIONS = 200;
// The JIT needs a couple of hundred runs to settle; the target is about the steady state.
const WARMUP = 200;

const TARGETS = {
  perAppMs: 5,
  thousandAppsMs: 2000,
  thousandAppsVsRead: 3,
  peakMemoryMB: 150,
  activationMs: 50,
  bundleKB: 600,
  de4ListingMs: 3000,
  de4ListingSpeedup: 3,
  pushVsGit: 1.1,
  fleetSpeedup: 2.5,
};

// ---------------------------------------------------------------------------------------------------
// A typical DE4 app: the files the rules read, with enough in them that most rules have work to do.

const REQUIREMENTS = [
  '--extra-index-url https://dash.example.com/Docs/packages',
  'dash==1.16.3',
  'dash-core-components==1.12.1',
  'dash-html-components==1.1.1',
  'dash-table==4.10.1',
  'dash-enterprise-auth==0.0.4',
  'dash-design-kit==0.0.9',
  'dash-snapshots==1.4.0',
  'gunicorn==20.0.4',
  'pandas==1.1.5',
  'numpy==1.19.5',
  'scipy==1.5.4',
  'scikit-learn==0.24.2',
  'matplotlib==3.3.4',
  'pyarrow==2.0.0',
  'psycopg2-binary==2.8.6',
  'redis==3.5.3',
  'celery[redis]==5.0.5',
  'requests>=2.25,<3',
  'flask-caching==1.9.0',
  'plotly>=4.14',
  'sqlalchemy~=1.3.23',
  'python-dotenv',
  'boto3==1.17.0',
  'openpyxl==3.0.6',
  'xlrd<2',
  'statsmodels==0.12.2',
  'Pillow==8.1.0',
  "pywin32==300; sys_platform == 'win32'",
  'git+https://github.com/example/helpers.git@v1.2#egg=helpers',
];

function appPy(i) {
  const lines = [
    'import os',
    'import dash',
    'import dash_core_components as dcc',
    'import dash_html_components as html',
    'import dash_table',
    'from dash.dependencies import Input, Output, State',
    'import pandas as pd',
    'import redis',
    '',
    `app = dash.Dash(__name__, title="Bench app ${i}")`,
    '',
    'r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379"))',
    'db = os.environ["DATABASE_URL"]',
    '',
  ];
  for (let n = 0; lines.length < 280; n++) {
    lines.push(
      `@app.callback(Output("out-${n}", "children"), [Input("in-${n}", "value")], [State("store-${n}", "data")])`,
      `def update_${n}(value, data):`,
      `    """Callback ${n}: formats the input."""`,
      '    if value is None:',
      '        return html.Div("nothing yet")',
      `    frame = pd.DataFrame({"x": [value] * ${n + 1}})`,
      '    return dcc.Markdown(frame.to_markdown())',
      '',
    );
  }
  lines.push('', 'app.layout = html.Div([dcc.Input(id="in-0"), html.Div(id="out-0")])', '');
  lines.push("if __name__ == '__main__':", '    app.run_server(debug=True)', '');
  return lines.join('\n');
}

/** The files of one generated app (relative path → text): eight files, as the 1,000 apps ≈ 8,000 files. */
function typicalApp(i) {
  return {
    Procfile: 'web: gunicorn app:server --workers 4 --timeout 120\nworker: celery -A tasks worker --loglevel=INFO\n',
    'requirements.txt': REQUIREMENTS.join('\n') + '\n',
    'runtime.txt': 'python-3.7.10\n',
    'app.json': JSON.stringify({ scripts: { dokku: { predeploy: 'bash predeploy.sh' } }, healthchecks: {} }, null, 2) + '\n',
    'apt-packages': 'libpq-dev\nunixodbc-dev\n',
    DOKKU_SCALE: 'web=1\nworker=1\n',
    CHECKS: 'WAIT=5\nTIMEOUT=10\nATTEMPTS=3\n/ Bench app\n',
    'app.py': appPy(i),
  };
}

// ---------------------------------------------------------------------------------------------------
// Helpers

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    const out = [];
    const err = [];
    // Streams are null when the caller inherits them (stdio: 'inherit'): nothing to collect then.
    child.stdout?.on('data', (d) => out.push(d));
    child.stderr?.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

function newestSourceMs(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSourceMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function ensureBuilt() {
  if (existsSync(DIST_CLI) && existsSync(DIST_EXTENSION)) {
    if (newestSourceMs(path.join(REPO, 'src')) > statSync(DIST_CLI).mtimeMs) {
      console.log('Warning: dist/ is older than src/; the CLI and bundle rows measure the old build (run npm run build first).');
    }
    return;
  }
  console.log('dist/ is missing: building with node esbuild.mjs …');
  const r = await run(process.execPath, ['esbuild.mjs'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.code !== 0 || !existsSync(DIST_CLI)) {
    throw new Error('the build failed; run `node esbuild.mjs` to see why');
  }
}

/** The core, bundled from source into .bench/, so the in-process measurement needs no tsc output. */
function loadCore() {
  return requireBundled(REPO, path.join(BENCH_DIR, 'core.cjs'), [
    "export { checkApp } from './src/core/engine/checkApp';",
    "export { DEFAULT_ENGINE_CONFIG } from './src/core/engine/config';",
    "export { ALL_RULES } from './src/core/rules';",
  ]);
}

function snapshotOf(root, files) {
  const map = new Map();
  const sizes = new Map();
  for (const [p, text] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    map.set(p, { path: p, text, size: Buffer.byteLength(text) });
    sizes.set(p, Buffer.byteLength(text));
  }
  return { root, files: map, sizes };
}

/**
 * The reference for "merely reading the files": a synchronous walk and readFile, the fastest plain way
 * in Node for many small files (the async API pays a thread-pool round trip per file).
 */
function readEverything(dir) {
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (e.isFile()) {
        bytes += readFileSync(p).length;
        files++;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

/** Wall time and peak RSS of the CLI on `dir`: /usr/bin/time -v when present, else a resourceUsage hook. */
async function measureCli(dir) {
  const cliArgs = [DIST_CLI, 'check', dir, '--format', 'json'];
  let r;
  let peakKB;
  const start = performance.now();
  if (existsSync('/usr/bin/time')) {
    r = await run('/usr/bin/time', ['-v', process.execPath, ...cliArgs]);
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    peakKB = m ? Number(m[1]) : undefined;
  } else {
    const hook = path.join(BENCH_DIR, 'peak-rss-hook.cjs');
    await fsp.writeFile(
      hook,
      "process.on('exit', () => process.stderr.write(`\\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\\n`));\n",
    );
    r = await run(process.execPath, ['--require', hook, ...cliArgs]);
    const m = /BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr);
    peakKB = m ? Number(m[1]) : undefined;
  }
  const wallMs = performance.now() - start;
  if (r.code !== 0 && r.code !== 1) {
    throw new Error(`the CLI exited ${r.code}:\n${r.stderr.slice(0, 2000)}`);
  }
  const out = JSON.parse(r.stdout);
  return { wallMs, peakMB: peakKB === undefined ? undefined : peakKB / 1024, apps: out.summary.apps, summary: out.summary };
}

function readActivation() {
  if (!existsSync(ACTIVATION_FILE)) {
    return undefined;
  }
  try {
    const data = JSON.parse(readFileSync(ACTIVATION_FILE, 'utf8'));
    const ms = [data.activationMs, data.ms, data.activation?.ms].find((v) => typeof v === 'number');
    return ms === undefined ? undefined : { ms, measuredAt: data.measuredAt ?? statSync(ACTIVATION_FILE).mtime.toISOString() };
  } catch (err) {
    console.error(`cannot read ${path.relative(REPO, ACTIVATION_FILE)}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  await fsp.mkdir(BENCH_DIR, { recursive: true });
  await ensureBuilt();
  const rows = [];
  const row = (name, value, target, pass, note = '') => rows.push({ name, value, target, pass, note });

  // 1. One typical app, in-process, core only.
  const core = await loadCore();
  const files = typicalApp(0);
  const times = [];
  let findings = 0;
  let firstMs = 0;
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    const snapshot = snapshotOf(`/bench/app${i}`, files);
    const t0 = performance.now();
    const report = core.checkApp(snapshot, core.ALL_RULES, core.DEFAULT_ENGINE_CONFIG);
    const dt = performance.now() - t0;
    if (i === 0) {
      firstMs = dt;
    }
    if (i >= WARMUP) {
      times.push(dt);
    }
    findings = report.findings.length;
  }
  const perAppMs = median(times);
  row(
    'check one typical app (median, core only)',
    `${perAppMs.toFixed(2)} ms`,
    `≤ ${TARGETS.perAppMs} ms`,
    perAppMs <= TARGETS.perAppMs,
    `${ITERATIONS} runs after ${WARMUP} warm-up; first run ${firstMs.toFixed(0)} ms; ${core.ALL_RULES.length} rules, ${findings} findings`,
  );

  // 2. 1,000 generated apps: plain read time, then the built CLI.
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'de-migrate-bench-'));
  let cli;
  let read;
  try {
    for (let i = 0; i < APP_COUNT; i++) {
      const dir = path.join(tmp, `group${Math.floor(i / 100)}`, `app${i}`);
      await fsp.mkdir(dir, { recursive: true });
      await Promise.all(Object.entries(typicalApp(i)).map(([name, text]) => fsp.writeFile(path.join(dir, name), text)));
    }
    readEverything(tmp); // warm the page cache, so both measurements read from memory
    const r0 = performance.now();
    const counted = readEverything(tmp);
    read = { ms: performance.now() - r0, ...counted };
    cli = await measureCli(tmp);
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true });
  }
  const ratio = cli.wallMs / read.ms;
  row(
    `CLI on ${APP_COUNT} apps (${read.files} files), wall time`,
    `${(cli.wallMs / 1000).toFixed(2)} s`,
    `≤ ${TARGETS.thousandAppsMs / 1000} s`,
    cli.wallMs <= TARGETS.thousandAppsMs,
    `${cli.apps} apps reported; includes Node start-up`,
  );
  row(
    '  … compared with merely reading the files',
    `${ratio.toFixed(1)}× (read: ${read.ms.toFixed(0)} ms)`,
    `≤ ${TARGETS.thousandAppsVsRead}×`,
    ratio <= TARGETS.thousandAppsVsRead,
    `${(read.bytes / 1024 / 1024).toFixed(1)} MB read`,
  );
  row(
    '  … peak memory (max RSS)',
    cli.peakMB === undefined ? 'not measured' : `${cli.peakMB.toFixed(0)} MB`,
    `≤ ${TARGETS.peakMemoryMB} MB`,
    cli.peakMB === undefined ? undefined : cli.peakMB <= TARGETS.peakMemoryMB,
  );

  // 3. Bundle size: the production build that ships in the VSIX, built aside so dist/ stays as it is.
  const prodDir = path.join(BENCH_DIR, 'prod');
  const prod = await run(process.execPath, ['esbuild.mjs', '--production', `--outdir=${prodDir}`]);
  if (prod.code !== 0) {
    throw new Error('the production build failed; run `node esbuild.mjs --production` to see why');
  }
  const bundleKB = statSync(path.join(prodDir, 'extension.js')).size / 1024;
  row(
    'extension.js size (production)',
    `${bundleKB.toFixed(0)} KB`,
    `≤ ${TARGETS.bundleKB} KB`,
    bundleKB <= TARGETS.bundleKB,
    'as shipped in the VSIX',
  );

  // 4. Activation, measured by the integration harness in the real host.
  const activation = readActivation();
  row(
    'extension activation (real host)',
    activation ? `${activation.ms.toFixed(1)} ms` : 'not measured (run npm run test:integration first)',
    `≤ ${TARGETS.activationMs} ms`,
    activation ? activation.ms <= TARGETS.activationMs : undefined,
    activation ? `from ${path.relative(REPO, ACTIVATION_FILE)}, ${activation.measuredAt}` : '',
  );

  // 5. The DE4 Apps tree's listing: 5,000 apps from the loopback DE4 API through the real client.
  const de4 = await benchDe4Listing({ repo: REPO, benchDir: BENCH_DIR });
  row(
    `DE4: list ${de4.apps} apps (${de4.pages} pages)`,
    `${(de4.parallelMs / 1000).toFixed(2)} s`,
    `≤ ${TARGETS.de4ListingMs / 1000} s`,
    de4.parallelMs <= TARGETS.de4ListingMs,
    `${de4.roundTripMs} ms simulated round trip per request`,
  );
  row(
    '  … vs one page at a time',
    `${de4.speedup.toFixed(1)}× (one at a time: ${(de4.sequentialMs / 1000).toFixed(2)} s)`,
    `≥ ${TARGETS.de4ListingSpeedup}×`,
    de4.speedup >= TARGETS.de4ListingSpeedup,
  );

  // 6. Push App to DE5: a ~50 MB repository through pushApp vs plain `git push`, same loopback sshd.
  const push = await benchPush({ repo: REPO, benchDir: BENCH_DIR });
  row(
    `DE5: push ${(push.contentBytes / 1024 / 1024).toFixed(0)} MB repo (${push.commits} commits) vs plain git push`,
    `${push.ratio.toFixed(2)}× (${(push.toolMedianMs / 1000).toFixed(2)} s vs ${(push.gitMedianMs / 1000).toFixed(2)} s)`,
    `≤ ${TARGETS.pushVsGit.toFixed(2)}×`,
    push.ratio <= TARGETS.pushVsGit,
    `medians of ${push.runs} alternating runs; ${(push.packBytes / 1024 / 1024).toFixed(1)} MB sent each; steps in results.json`,
  );

  // 7. Fleet migration: 20 apps at concurrency 4 vs 1 over the loopback DE4 and DE5 stand-ins.
  const fleet = await benchFleet({ repo: REPO, benchDir: BENCH_DIR });
  row(
    `Fleet: migrate ${fleet.apps} apps, concurrency 4 vs 1`,
    `${fleet.speedup.toFixed(1)}× (${(fleet.parallelMs / 1000).toFixed(1)} s vs ${(fleet.sequentialMs / 1000).toFixed(1)} s)`,
    `≥ ${TARGETS.fleetSpeedup}×`,
    fleet.speedup >= TARGETS.fleetSpeedup,
    'clone, convert, DE5 setup, push, verify per app; per-step times in results.json',
  );

  printTable(rows);
  const [load1] = os.loadavg();
  if (load1 > os.cpus().length * 0.5) {
    console.log(
      `Note: load average ${load1.toFixed(1)} on ${os.cpus().length} CPUs while measuring; timings are inflated on a busy machine.`,
    );
  }
  const results = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.cpus().length,
    loadAverage: os.loadavg(),
    targets: TARGETS,
    perApp: { medianMs: perAppMs, firstRunMs: firstMs, warmup: WARMUP, iterations: ITERATIONS, rules: core.ALL_RULES.length, findings },
    thousandApps: {
      apps: APP_COUNT,
      files: read.files,
      readMs: read.ms,
      cliWallMs: cli.wallMs,
      ratio,
      peakMB: cli.peakMB,
      summary: cli.summary,
    },
    bundle: { file: 'extension.js (production)', kb: bundleKB },
    activation: activation ?? null,
    de4Listing: de4,
    de5Push: push,
    fleet,
    rows,
  };
  await fsp.writeFile(path.join(BENCH_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\nWrote ${path.relative(REPO, path.join(BENCH_DIR, 'results.json'))}.`);
}

function printTable(rows) {
  const status = (p) => (p === undefined ? '—' : p ? 'pass' : 'MISSED');
  const cols = [
    ['Measure', (r) => r.name],
    ['Value', (r) => r.value],
    ['Target', (r) => r.target],
    ['Result', (r) => status(r.pass)],
  ];
  const widths = cols.map(([h, f]) => Math.max(h.length, ...rows.map((r) => f(r).length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log('');
  console.log(line(cols.map(([h]) => h)));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) {
    console.log(line(cols.map(([, f]) => f(r))) + (r.note ? `  (${r.note})` : ''));
  }
  const missed = rows.filter((r) => r.pass === false);
  console.log('');
  console.log(missed.length === 0 ? 'All measured targets met.' : `TARGETS MISSED: ${missed.map((r) => r.name.trim()).join('; ')}`);
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
