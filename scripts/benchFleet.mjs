// Bench row for the fleet migration (issue: "fleet of 20 apps at concurrency 4 vs 1, target ≥ 2.5×
// faster"). The core engine (runFleet over createMigrationSteps with the Node ports, bundled from
// source) migrates 20 apps end to end against the loopback stand-ins: the DE4 API (in a worker thread,
// as a real server runs elsewhere), real git over the DE4 and DE5 sshd stand-ins, the `de` stand-in and
// the DE5 app HTTP stand-in. Each run starts from nothing: a fresh work folder and state file, a fresh
// `de` state and no DE5 repositories. Loopback has no latency and DE5 builds nothing, so every step is
// CPU work (git, ssh, sshd, and a Node process per SSH session and per `de` call in the stand-ins);
// on a machine with few cores the comparison would then only measure its cores. So, as the DE4 listing
// bench simulates a round trip, each deployed app answers 503 to its first `buildPolls` requests (a
// DE5 build): the verify step then waits its real poll interval (3 s) that many times. `buildPolls: 0`
// gives the bare CPU-bound figure. The time of each step is summed per action, and the machine's idle
// CPU share is measured per run, so a missed target says where the time went.
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDeStubState } from './de5Cli/state.mjs';
import { startDe5AppServer } from './de5Http/server.mjs';
import { startDe5SshServer } from './de5Ssh/sshServer.mjs';
import { makeApp } from './de4Server/seed.mjs';
import { startDe4SshServer } from './de4Ssh/sshServer.mjs';
import { startDe4ServerWorker } from './de4Server/startWorker.mjs';
import { requireBundled } from './lib/requireBundled.mjs';

const APPS = 20;
const PARALLEL = 4;
/** Requests each app answers 503 before it "runs": a DE5 build of one verify poll interval (3 s). */
const BUILD_POLLS = 1;
const RUN_TIMEOUT_MS = 600_000;
const QUIET = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const CONDA = ['dash==1.21.0', 'numpy==1.21.2', 'scipy==1.7.1', 'pandas==1.3.3', 'gunicorn==20.1.0'];

function loadEngine(repo, benchDir) {
  return requireBundled(repo, path.join(benchDir, 'fleet.cjs'), [
    "export { runFleet } from './src/core/migrate/fleet';",
    "export { createMigrationSteps } from './src/core/migrate/steps';",
    "export { FileStateStore } from './src/core/migrate/stateStore';",
    "export { De4Client } from './src/core/api/de4Client';",
    "export { DeCliAdmin } from './src/core/de5/deCliAdmin';",
    "export { normaliseDe5Servers } from './src/core/de5/serverConfig';",
    "export { normaliseEngineSettings } from './src/core/engine/config';",
    "export { DEFAULT_SSH_SETTINGS } from './src/core/git/ssh';",
    "export { NodeFileSystem } from './src/node/nodeFileSystem';",
    "export { NodeFileWriter } from './src/node/nodeFileWriter';",
    "export { SimpleGitRunner } from './src/node/simpleGitRunner';",
    "export { NodeNetProbe } from './src/node/nodeNetProbe';",
    "export { NodeProcessRunner } from './src/node/nodeProcessRunner';",
    "export { AxiosHttpClient } from './src/node/axiosHttpClient';",
  ]);
}

/** Idle and total CPU time of the whole machine so far (every core), to tell a CPU-bound run from a waiting one. */
function cpuTimes() {
  let idle = 0;
  let total = 0;
  for (const c of os.cpus()) {
    idle += c.times.idle;
    total += c.times.idle + c.times.user + c.times.nice + c.times.sys + c.times.irq;
  }
  return { idle, total };
}

/** One migration of every app from scratch; returns the wall time, the summed time per step and the machine's idle share. */
async function timeFleet(mod, env, names, concurrency, runDir) {
  await fsp.rm(runDir, { recursive: true, force: true });
  await fsp.mkdir(runDir, { recursive: true });
  // No DE5 repositories and a fresh `de` state: every app is created and pushed for real.
  for (const entry of await fsp.readdir(env.de5Ssh.reposDir)) {
    await fsp.rm(path.join(env.de5Ssh.reposDir, entry), { recursive: true, force: true });
  }
  createDeStubState(env.deState, { host: '127.0.0.1', users: {}, keyfileUser: 'bench', reposDir: env.de5Ssh.reposDir });
  for (const name of names) {
    env.web.setApp(name, { readyAfterRequests: env.buildPolls });
  }
  const fs = new mod.NodeFileSystem();
  const writer = new mod.NodeFileWriter();
  const process = new mod.NodeProcessRunner();
  const client = new mod.De4Client({
    baseUrl: env.de4.url,
    http: new mod.AxiosHttpClient({}),
    getAuth: () => Promise.resolve({ username: 'admin', apiKey: 'admin-key-123' }),
    log: QUIET,
  });
  const [server] = mod.normaliseDe5Servers([
    { host: '127.0.0.1', sshUser: env.de5Ssh.user, sshPort: env.de5Ssh.port, appUrlTemplate: `${env.web.url}/{app}/` },
  ]);
  const steps = mod.createMigrationSteps(
    {
      workdir: path.join(runDir, 'apps'),
      de4: {
        api: client,
        target: { host: env.de4Ssh.host, port: env.de4Ssh.port, user: env.de4Ssh.user },
        ssh: {
          ...mod.DEFAULT_SSH_SETTINGS,
          strictHostKeyChecking: 'yes',
          identityFile: env.de4Ssh.identityFile,
          knownHostsFile: env.de4Ssh.knownHostsFile,
          configFile: env.de4Ssh.sshConfigFile,
          controlDir: env.controlDir,
        },
      },
      de5: {
        server,
        ssh: {
          ...mod.DEFAULT_SSH_SETTINGS,
          strictHostKeyChecking: 'yes',
          knownHostsFile: path.join(runDir, 'de5_known_hosts'),
          identityFile: env.de5Ssh.clientKey.identityFile,
          configFile: '/dev/null',
          controlDir: env.controlDir,
        },
        admin: new mod.DeCliAdmin({ runner: process, command: env.deCli, host: '127.0.0.1', log: QUIET }),
        verifyTimeoutMs: 60_000,
        overrideErrors: false,
      },
      answers: { acceptHostKey: env.de5Ssh.hostKeyFingerprint, acceptNewHostKeys: false },
      engine: mod.normaliseEngineSettings({ de5Host: '127.0.0.1' }),
    },
    { fs, writer, git: new mod.SimpleGitRunner(), net: new mod.NodeNetProbe(), process, http: new mod.AxiosHttpClient({}), log: QUIET },
  );
  const store = new mod.FileStateStore({ file: path.join(runDir, 'state.json'), fs, writer, de4: client.baseUrl, de5: '127.0.0.1' });
  const stepMs = {};
  const startedAt = new Map();
  const cpuBefore = cpuTimes();
  const started = performance.now();
  const summary = await mod.runFleet(names, {
    steps,
    store,
    concurrency,
    signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
    onStep: (app, step, status) => {
      const key = `${app}/${step}`;
      if (status === 'started') {
        startedAt.set(key, performance.now());
      } else if (status === 'done') {
        stepMs[step] = (stepMs[step] ?? 0) + performance.now() - (startedAt.get(key) ?? 0);
      }
    },
  });
  const ms = performance.now() - started;
  const cpuAfter = cpuTimes();
  const idle = (cpuAfter.idle - cpuBefore.idle) / Math.max(1, cpuAfter.total - cpuBefore.total);
  if (summary.verified.length !== names.length) {
    const why = summary.failed.map((f) => `${f.app} at ${f.step}: ${f.reason}`).join('; ');
    throw new Error(`fleet at concurrency ${concurrency}: ${summary.verified.length}/${names.length} verified. ${why}`);
  }
  return { ms, idle, stepMs: Object.fromEntries(Object.entries(stepMs).map(([k, v]) => [k, Math.round(v)])) };
}

/**
 * `{ apps, sequentialMs, parallelMs, speedup }`, plus the summed time per step and the machine's idle
 * CPU share of each run. `buildPolls`: how many 3 s verify polls each app's DE5 build lasts (0: none).
 */
export async function benchFleet({ repo, benchDir, buildPolls = BUILD_POLLS }) {
  const mod = await loadEngine(repo, benchDir);
  const names = Array.from({ length: APPS }, (_, i) => `fleet-${String(i + 1).padStart(2, '0')}`);
  const apps = names.map((name, i) => makeApp(name, ['admin', 'alice', 'bob'][i % 3], i, i % 5 === 4 ? { deps: CONDA } : {}));
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'de-migrate-bench-fleet-'));
  const started = [];
  const previousState = process.env.DE_STUB_STATE;
  try {
    const de4 = await startDe4ServerWorker({ apps });
    started.push(de4);
    const de4Ssh = await startDe4SshServer({ port: 0, apps });
    started.push(de4Ssh);
    const de5Ssh = await startDe5SshServer({ port: 0 });
    started.push(de5Ssh);
    const web = await startDe5AppServer();
    started.push(web);
    // One shared SSH connection per server, as the CLI uses (a short path: socket paths are limited).
    const controlDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'dm-ssh-'));
    started.push({ close: () => fsp.rm(controlDir, { recursive: true, force: true }) });
    const env = {
      de4,
      de4Ssh,
      de5Ssh,
      web,
      controlDir,
      buildPolls,
      deState: path.join(work, 'de-state.json'),
      deCli: path.join(repo, 'scripts', 'de5Cli', 'de'),
    };
    // The `de` stand-in finds its state through the environment, which child processes inherit.
    process.env.DE_STUB_STATE = env.deState;
    await timeFleet(mod, env, names.slice(0, PARALLEL), PARALLEL, path.join(work, 'warm-up'));
    const sequential = await timeFleet(mod, env, names, 1, path.join(work, 'sequential'));
    const parallel = await timeFleet(mod, env, names, PARALLEL, path.join(work, 'parallel'));
    return {
      apps: APPS,
      concurrency: PARALLEL,
      buildPolls,
      cpus: os.availableParallelism(),
      sequentialMs: sequential.ms,
      parallelMs: parallel.ms,
      speedup: sequential.ms / parallel.ms,
      // The machine's idle CPU share during each run (all processes, not only this bench): near 0 in the
      // parallel run means it was bound by the CPU, and more concurrency cannot help on this machine.
      sequentialIdle: sequential.idle,
      parallelIdle: parallel.idle,
      sequentialStepMs: sequential.stepMs,
      parallelStepMs: parallel.stepMs,
    };
  } finally {
    if (previousState === undefined) {
      delete process.env.DE_STUB_STATE;
    } else {
      process.env.DE_STUB_STATE = previousState;
    }
    for (const s of started.reverse()) {
      await s.close();
    }
    await fsp.rm(work, { recursive: true, force: true });
  }
}
