// Bench row for Push App to DE5 (issue: "push of a ~50 MB repository through this tool vs plain
// `git push` over the same sshd, target ≤ 1.10×"). Both sides push the same commits from the same
// local repository into a fresh, empty app repository of the loopback DE5 git stand-in
// (scripts/de5Ssh), alternating run by run so machine noise hits both. The tool side is the core's
// pushApp with the Node ports, bundled from source; its ports are wrapped to time each step (net probe,
// ssh-keyscan, ls-remote, remote get-url/add, push, rev-parse), so a missed target says where the time went.
// The local repository is packed once: pushes then reuse the packed data, which keeps the common part
// small and makes the tool's fixed costs (extra SSH round trips, extra git processes) show clearly.
import { spawn } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startDe5SshServer } from './de5Ssh/sshServer.mjs';
import { requireBundled } from './lib/requireBundled.mjs';

const RUNS = 3;
const MB = 1024 * 1024;
/** Incompressible files (like images or model weights): 5 × 8 MB. */
const BINARY_FILES = 5;
const BINARY_BYTES = 8 * MB;
/** CSV data (compresses well): 4 × 2.5 MB, so the tree holds about 50 MB. */
const CSV_FILES = 4;
const CSV_BYTES = 2.5 * MB;
const RUN_TIMEOUT_MS = 180_000;
const GIT_TIMEOUT_MS = 60_000;
const QUIET = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
// Fixed names and dates: the commits, and so the objects pushed, are the same on every machine.
const COMMIT_ENV = {
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
};

/** A PushUi that asks nothing: the host key is recorded and the remote exists, so no question should come. */
const SILENT_UI = {
  step() {},
  progress() {},
  confirmHostKey: () => Promise.resolve(true),
  rememberHostKeys: () => Promise.resolve(),
  chooseBranch: (suggested) => Promise.resolve(suggested),
  valueFor: () => Promise.resolve(undefined),
  confirmForce: () => Promise.resolve(false),
  checklist() {},
};

function loadPush(repo, benchDir) {
  return requireBundled(repo, path.join(benchDir, 'push.cjs'), [
    "export { pushApp } from './src/core/de5/pushApp';",
    "export { ManualDe5Admin } from './src/core/de5/deCliAdmin';",
    "export { DEFAULT_SSH_SETTINGS } from './src/core/git/ssh';",
    "export { SimpleGitRunner } from './src/node/simpleGitRunner';",
    "export { NodeNetProbe } from './src/node/nodeNetProbe';",
    "export { NodeProcessRunner } from './src/node/nodeProcessRunner';",
    "export { AxiosHttpClient } from './src/node/axiosHttpClient';",
    "export { withSshControlDir } from './src/node/sshControlDir';",
  ]);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs a command (argv, no shell) with a time limit; rejects on a non-zero exit. `countStdout` counts bytes instead of keeping them. */
function run(cmd, args, { cwd, env = {}, input, timeoutMs = GIT_TIMEOUT_MS, countStdout = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    let outBytes = 0;
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => {
      outBytes += d.length;
      if (!countStdout) {
        out.push(d);
      }
    });
    child.stderr.on('data', (d) => (err = (err + d.toString('utf8')).slice(-4000)));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve({ stdout: Buffer.concat(out).toString('utf8'), stdoutBytes: outBytes });
      } else {
        const why = signal ? `was killed (${signal}${signal === 'SIGKILL' ? `, over ${timeoutMs / 1000} s` : ''})` : `exited ${code}`;
        reject(new Error(`${cmd} ${args.join(' ')} ${why}: ${err.trim()}`));
      }
    });
    child.stdin.end(input ?? '');
  });
}

const git = (cwd, args, opts = {}) => run('git', args, { cwd, ...opts, env: { ...COMMIT_ENV, ...opts.env } });

/** `bytes` of deterministic, incompressible data (AES-CTR keystream keyed by `seed`). */
function randomBytes(seed, bytes) {
  const key = createHash('sha256').update(seed).digest();
  return createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32)).update(Buffer.alloc(bytes));
}

function csv(n, bytes) {
  const lines = ['date,region,product,units,revenue'];
  let size = lines[0].length + 1;
  for (let i = 0; size < bytes; i++) {
    const line = `2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},region-${(i * 7 + n) % 17},product-${(i * 31 + n) % 251},${(i * 7919) % 1000},${((i * 104729 + n) % 1000003) / 100}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

const APP_PY = [
  'import dash',
  'from dash import dcc, html',
  'import pandas as pd',
  '',
  'app = dash.Dash(__name__)',
  'server = app.server',
  `frame = pd.concat(pd.read_csv(f"data/sales-{i}.csv") for i in range(${CSV_FILES}))`,
  'app.layout = html.Div([dcc.Graph(figure={"data": [{"x": frame["date"], "y": frame["revenue"]}]})])',
  '',
];

/** A ~50 MB app repository in three commits, packed; returns its facts. */
async function makeRepo(dir) {
  await fsp.mkdir(path.join(dir, 'data'), { recursive: true });
  await fsp.mkdir(path.join(dir, 'assets'), { recursive: true });
  await git(dir, ['init', '-q', '-b', 'main']);
  const write = async (rel, content) => {
    await fsp.writeFile(path.join(dir, rel), content);
    return Buffer.byteLength(content);
  };
  const commit = async (message) => {
    await git(dir, ['add', '-A']);
    await git(dir, ['commit', '-q', '-m', message]);
  };
  const sizes = new Map();
  const put = async (rel, content) => sizes.set(rel, await write(rel, content));
  await put('app.py', APP_PY.join('\n'));
  await put('requirements.txt', 'dash==2.17.1\npandas==2.2.2\ngunicorn==22.0.0\n');
  await put('Procfile', 'web: gunicorn app:server --workers 4\n');
  // The data arrives over the first two commits, the models over all three (2 + 2 + 1 of 5).
  const half = Math.ceil(CSV_FILES / 2);
  const [bin1, bin2] = [Math.round(BINARY_FILES * 0.4), Math.round(BINARY_FILES * 0.8)];
  const addFiles = async (csvFrom, csvTo, binFrom, binTo) => {
    for (let i = csvFrom; i < csvTo; i++) {
      await put(`data/sales-${i}.csv`, csv(i, CSV_BYTES));
    }
    for (let i = binFrom; i < binTo; i++) {
      await put(`assets/model-${i}.bin`, randomBytes(`model-${i}`, BINARY_BYTES));
    }
  };
  await addFiles(0, half, 0, bin1);
  await commit('App with data and first models');
  await addFiles(half, CSV_FILES, bin1, bin2);
  await commit('More data and models');
  await addFiles(0, 0, bin2, BINARY_FILES);
  await put('app.py', [...APP_PY, 'if __name__ == "__main__":', '    app.run(debug=False)', ''].join('\n'));
  await commit('Last model; run block');
  await git(dir, ['repack', '-adq']);
  const head = (await git(dir, ['rev-parse', 'HEAD'])).stdout.trim();
  // What a push into an empty repository sends: the pack of every object reachable from HEAD.
  const pack = await git(dir, ['pack-objects', '--revs', '--stdout', '-q'], { input: 'HEAD\n', countStdout: true });
  const contentBytes = [...sizes.values()].reduce((a, b) => a + b, 0);
  return { head, files: sizes.size, commits: 3, contentBytes, packBytes: pack.stdoutBytes };
}

function shellQuote(arg) {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Plain `git push <url> HEAD:refs/heads/main`, as a user would type it, over the same sshd and key. */
async function plainPush(ctx, app) {
  const sshCommand = [
    'ssh',
    '-F',
    '/dev/null',
    '-i',
    ctx.identityFile,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${ctx.knownHostsFile}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-p',
    String(ctx.server.port),
  ]
    .map(shellQuote)
    .join(' ');
  const started = performance.now();
  await run('git', ['push', ctx.server.remoteUrl(app), 'HEAD:refs/heads/main'], {
    cwd: ctx.repoDir,
    env: { GIT_SSH_COMMAND: sshCommand, GIT_TERMINAL_PROMPT: '0' },
    timeoutMs: RUN_TIMEOUT_MS,
  });
  return { ms: performance.now() - started };
}

/** What a git call is, for the step table: `git push`, `git remote add`, … */
function gitStep(args) {
  return args[0] === 'remote' ? `git remote ${args[1]}` : `git ${args[0]}`;
}

/** pushApp with the Node ports, each wrapped to time its calls. */
async function toolPush(mod, ctx, app) {
  const steps = [];
  const timed = async (name, fn) => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      steps.push({ name, ms: performance.now() - t0 });
    }
  };
  const gitRunner = new mod.SimpleGitRunner();
  const net = new mod.NodeNetProbe();
  const processes = new mod.NodeProcessRunner();
  const ports = {
    git: { run: (cwd, args, opts) => timed(gitStep(args), () => gitRunner.run(cwd, args, opts)) },
    net: { canConnect: (host, port, opts) => timed('net probe', () => net.canConnect(host, port, opts)) },
    process: { run: (cmd, args, opts) => timed(cmd, () => processes.run(cmd, args, opts)) },
    http: new mod.AxiosHttpClient({}),
    log: QUIET,
    signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
  };
  // As the CLI and the editor do: ls-remote and the push share one SSH connection.
  const input = (controlDir) => ({
    appDir: ctx.repoDir,
    app,
    remoteUrl: ctx.server.remoteUrl(app),
    branch: 'main',
    ssh: {
      ...mod.DEFAULT_SSH_SETTINGS,
      strictHostKeyChecking: 'yes',
      identityFile: ctx.identityFile,
      knownHostsFile: ctx.knownHostsFile,
      configFile: '/dev/null',
      ...(controlDir ? { controlDir } : {}),
    },
    knownHostsText: ctx.knownHostsText,
    errorCount: 0,
    overrideErrors: false,
    metadata: undefined,
    admin: new mod.ManualDe5Admin(),
    appUrl: undefined,
    verifyTimeoutMs: 0,
  });
  const started = performance.now();
  const result = await mod.withSshControlDir((controlDir) => mod.pushApp(input(controlDir), SILENT_UI, ports));
  const ms = performance.now() - started;
  if (result.upToDate) {
    throw new Error(`pushApp reported ${app} as already up to date: the bench pushed nothing`);
  }
  return { ms, steps };
}

/** One push of either kind into a fresh empty repository; checks the remote got HEAD, then frees the disk. */
async function onePush(kind, ctx, mod, app) {
  const repoPath = ctx.server.createRepo(app);
  try {
    const measured = kind === 'git' ? await plainPush(ctx, app) : await toolPush(mod, ctx, app);
    const remoteHead = ctx.server.headOf(app, 'main');
    if (remoteHead !== ctx.head) {
      throw new Error(`after the ${kind} push, ${app} has main at ${remoteHead ?? 'nothing'}, expected ${ctx.head}`);
    }
    if (kind === 'tool') {
      // pushApp adds the `de5` remote; without it the next run does the same work again.
      await git(ctx.repoDir, ['remote', 'remove', 'de5']);
    }
    return measured;
  } finally {
    await fsp.rm(repoPath, { recursive: true, force: true });
  }
}

/** Per step: the median over runs of the time spent in it (summed within a run), plus pushApp's own time. */
function stepMedians(toolRuns) {
  const names = [...new Set(toolRuns.flatMap((r) => r.steps.map((s) => s.name)))];
  const perRun = toolRuns.map((r) => {
    const sums = Object.fromEntries(names.map((n) => [n, 0]));
    for (const s of r.steps) {
      sums[s.name] += s.ms;
    }
    sums['pushApp itself (between steps)'] = r.ms - r.steps.reduce((a, s) => a + s.ms, 0);
    return sums;
  });
  return Object.fromEntries(Object.keys(perRun[0] ?? {}).map((n) => [n, median(perRun.map((p) => p[n]))]));
}

/**
 * Pushes a ~50 MB repository `runs` times each way (after one warm-up each), alternating plain git and
 * the tool. Returns medians in ms, `ratio` = tool / git, the pack size and the tool's median step times.
 */
export async function benchPush({ repo, benchDir, runs = RUNS }) {
  const mod = await loadPush(repo, benchDir);
  const workDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'de-migrate-bench-push-'));
  let server;
  try {
    const repoDir = path.join(workDir, 'app');
    const facts = await makeRepo(repoDir);
    server = await startDe5SshServer({ port: 0 });
    const knownHostsFile = path.join(workDir, 'known_hosts');
    const knownHostsText = server.knownHostsLine();
    await fsp.writeFile(knownHostsFile, knownHostsText);
    const ctx = { server, repoDir, head: facts.head, identityFile: server.clientKey.identityFile, knownHostsFile, knownHostsText };

    await onePush('git', ctx, mod, 'bench-git-warmup'); // page cache, sshd, git and the bundle's JIT
    await onePush('tool', ctx, mod, 'bench-tool-warmup');
    const gitRuns = [];
    const toolRuns = [];
    for (let i = 0; i < runs; i++) {
      gitRuns.push(await onePush('git', ctx, mod, `bench-git-${i}`));
      toolRuns.push(await onePush('tool', ctx, mod, `bench-tool-${i}`));
    }
    const gitMedianMs = median(gitRuns.map((r) => r.ms));
    const toolMedianMs = median(toolRuns.map((r) => r.ms));
    return {
      runs,
      warmup: 1,
      ...facts,
      loginMode: server.loginMode,
      gitMs: gitRuns.map((r) => r.ms),
      toolMs: toolRuns.map((r) => r.ms),
      gitMedianMs,
      toolMedianMs,
      ratio: toolMedianMs / gitMedianMs,
      toolStepsMedianMs: stepMedians(toolRuns),
    };
  } finally {
    await server?.close();
    await fsp.rm(workDir, { recursive: true, force: true });
  }
}

// `node scripts/benchPush.mjs [runs]`: this row alone, printed as JSON.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const repo = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
  const benchDir = path.join(repo, '.bench');
  await fsp.mkdir(benchDir, { recursive: true });
  const runs = process.argv[2] === undefined ? RUNS : Number(process.argv[2]);
  console.log(JSON.stringify(await benchPush({ repo, benchDir, runs }), null, 2));
}
