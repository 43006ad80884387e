#!/usr/bin/env node
// `npm test`: every test tier in order, stopping at the first failure. Each step prints the local
// command that reproduces it; the end prints one summary line per step.
//   npm test -- --only unit,integration     run just these steps
//   npm test -- --skip setup                 leave steps out
import * as path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { REPO_ROOT } from './lib/paths.mjs';
import { run } from './lib/proc.mjs';

const MINUTE = 60_000;
const VSIX = path.join('dist-vsix', 'de-migrate.vsix');

/** `count` turns a step's output into its summary ("12 passed, 0 failed"). */
const STEPS = [
  { name: 'setup', cmd: ['npm', 'run', 'setup'], timeoutMs: 20 * MINUTE },
  { name: 'typecheck', cmd: ['npm', 'run', 'typecheck'], timeoutMs: 10 * MINUTE },
  { name: 'lint', cmd: ['npm', 'run', 'lint'], timeoutMs: 10 * MINUTE },
  { name: 'format', cmd: ['npm', 'run', 'format:check'], timeoutMs: 5 * MINUTE },
  { name: 'build', cmd: ['npm', 'run', 'build'], timeoutMs: 5 * MINUTE },
  { name: 'unit', cmd: ['npm', 'run', 'test:unit'], timeoutMs: 15 * MINUTE, count: mochaCounts },
  { name: 'integration', cmd: ['npm', 'run', 'test:integration'], timeoutMs: 30 * MINUTE, count: integrationCounts },
  { name: 'manifest', cmd: ['node', 'scripts/checkManifest.mjs'], timeoutMs: MINUTE, count: lastLine(/^manifest: (.*)$/m) },
  { name: 'package', cmd: ['npm', 'run', 'package'], timeoutMs: 5 * MINUTE, count: lastLine(/^vsix: (.*)$/m) },
  {
    name: 'vsix-smoke',
    cmd: ['node', path.join('out', 'test', 'runIntegration.js'), '--vsix', VSIX],
    timeoutMs: 10 * MINUTE,
    count: integrationCounts,
  },
];

function stripAnsi(text) {
  return stripVTControlCharacters(text);
}

function sumOf(text, re) {
  return [...stripAnsi(text).matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);
}

function mochaCounts(output) {
  const passed = sumOf(output, /^\s*(\d+) passing/gm);
  const failed = sumOf(output, /^\s*(\d+) failing/gm);
  const pending = sumOf(output, /^\s*(\d+) pending/gm);
  return `${passed} passed, ${failed} failed${pending > 0 ? `, ${pending} pending` : ''}`;
}

function integrationCounts(output) {
  const suites = /^integration suites: (.*)$/m.exec(stripAnsi(output));
  return `${mochaCounts(output)}${suites ? ` (suites: ${suites[1]})` : ''}`;
}

function lastLine(re) {
  return (output) => re.exec(stripAnsi(output))?.[1] ?? '';
}

function parseList(flag) {
  const i = process.argv.indexOf(flag);
  return i === -1 ? undefined : (process.argv[i + 1] ?? '').split(',').filter((s) => s !== '');
}

function banner(text) {
  process.stdout.write(`\n${'='.repeat(78)}\n${text}\n${'='.repeat(78)}\n`);
}

async function main() {
  const only = parseList('--only');
  const skip = parseList('--skip') ?? [];
  const unknown = [...(only ?? []), ...skip].filter((n) => !STEPS.some((s) => s.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown step(s): ${unknown.join(', ')}. Steps: ${STEPS.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  const steps = STEPS.filter((s) => (only ? only.includes(s.name) : true) && !skip.includes(s.name));
  const results = [];
  const totals = { passed: 0, failed: 0 };
  let failedStep;
  for (const step of steps) {
    const command = step.cmd.join(' ');
    banner(`[${steps.indexOf(step) + 1}/${steps.length}] ${step.name}   (reproduce: ${command})`);
    const started = Date.now();
    const { code, output, timedOut } = await run(step.cmd[0], step.cmd.slice(1), {
      cwd: REPO_ROOT,
      tee: Boolean(step.count),
      timeoutMs: step.timeoutMs,
      ownGroup: true,
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const detail = step.count ? step.count(output) : '';
    if (step.count) {
      totals.passed += sumOf(output, /^\s*(\d+) passing/gm);
      totals.failed += sumOf(output, /^\s*(\d+) failing/gm);
    }
    const ok = code === 0;
    results.push(
      `${step.name}: ${ok ? 'ok' : timedOut ? 'TIMED OUT' : `FAILED (exit ${code})`}${detail ? ` — ${detail}` : ''} (${seconds} s)`,
    );
    if (!ok) {
      failedStep = step;
      break;
    }
  }
  banner('summary');
  for (const line of results) {
    process.stdout.write(`${line}\n`);
  }
  const notRun = steps.slice(results.length).map((s) => s.name);
  if (notRun.length > 0) {
    process.stdout.write(`not run: ${notRun.join(', ')}\n`);
  }
  if (failedStep) {
    process.stdout.write(`\nFAILED at step "${failedStep.name}". Reproduce with: ${failedStep.cmd.join(' ')}\n`);
  } else {
    process.stdout.write(`\nall ${steps.length} steps passed\n`);
  }
  // The plain closing line CI reads: every mocha test of every tier that ran.
  process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed\n`);
  if (!failedStep && totals.passed === 0 && steps.some((s) => s.count === mochaCounts || s.count === integrationCounts)) {
    process.stdout.write('No test ran: a test step passed without running any test.\n');
    return 1;
  }
  return failedStep ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`[test] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
