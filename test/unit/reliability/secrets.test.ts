// Issue #7, security: every CLI command runs with known secret values planted (the DE4 API key, DE4
// environment variable values, passwords and tokens in URLs in project files and flags, private
// keys, the DE5 password, values for DE5), in its success path and in failure paths, with --verbose,
// in text and JSON. Everything printed or written, and the stand-ins' logs, is grepped for each
// secret and its simple encodings. The one allowed copy of DE4 values is the opt-in backup env file.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { GitRunner } from '../../../src/core/ports';
import { SimpleGitRunner } from '../../../src/node/simpleGitRunner';
import { loadDe4Server, type LoopbackDe4Server } from '../../support/de4ServerModule';
import { loadDe4Ssh, type LoopbackDe4SshServer } from '../../support/de4SshModule';
import { DE_CLI_PATH, loadDe5Cli, loadDe5Http, loadDe5Ssh, type De5AppServer, type LoopbackDe5SshServer } from '../../support/de5StandIns';
import { makeSecret, needlesOf, privateKeyNeedles, SecretScan, type SecretHit } from '../../support/secretScan';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

const S = {
  apiKey: makeSecret('apikey'),
  wrongKey: makeSecret('wrongkey'),
  dbPassword: makeSecret('dbpass'),
  appSecret: makeSecret('appsecret'),
  indexPassword: makeSecret('indexpass'),
  privateIndexPassword: makeSecret('pipindexpass'),
  condaToken: makeSecret('condatoken'),
  gitPassword: makeSecret('gitpass'),
  remotePassword: makeSecret('remotepass'),
  appUrlPassword: makeSecret('appurlpass'),
  de5Password: makeSecret('de5pass'),
  de5WrongPassword: makeSecret('de5wrong'),
  envFileValue: makeSecret('envfile'),
};
/** Written by the user into project files: allowed in those files, nowhere else. */
const PROJECT_SECRETS: readonly string[] = ['indexPassword', 'privateIndexPassword', 'condaToken', 'gitPassword'];
const COMMANDS = ['check', 'convert', 'restore', 'apps', 'clone', 'backup', 'restore-backup', 'push', 'migrate', 'report'];
const APPS = ['vault-app', 'vault-two'];

function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A DE4 record's variables: a database URL with a password and a secret key, both user-set. */
function vaultVariables(app: string): unknown[] {
  return [
    { name: 'DASH_APP_NAME', value: app, status: 'set', readonly: true },
    { name: 'DATABASE_URL', value: `postgres://vault:${S.dbPassword}@db.internal.example:5432/vault`, status: 'set', readonly: false },
    { name: 'SECRET_KEY', value: S.appSecret, status: 'set', readonly: false },
  ];
}

/** A requirements file with a private index and the DE4 index, both with passwords; a git remote with one. */
function plantInVaultApp(dir: string): void {
  fs.appendFileSync(
    path.join(dir, 'requirements.txt'),
    `--index-url https://ci:${S.privateIndexPassword}@pypi.internal.example/simple\n` +
      `--extra-index-url https://alice:${S.indexPassword}@de4.example.com/Docs/packages\n`,
  );
  git(dir, 'remote', 'add', 'mirror', `https://deploy:${S.gitPassword}@git.internal.example/team/vault-app.git`);
  git(dir, 'commit', '-q', '-am', 'private index');
}

/** The conda sample with a token channel in .condarc, the DE4 index with a password, a remote with one. */
function makeCondaApp(dir: string): void {
  fs.cpSync(path.join(REPO, 'samples', 'de4-workspace', 'inventory-conda'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.condarc'), `channels:\n  - https://conda.internal.example/t/${S.condaToken}/internal\n  - defaults\n`);
  fs.appendFileSync(path.join(dir, 'requirements.txt'), `--extra-index-url https://bob:${S.indexPassword}@de4.example.com/Docs/packages\n`);
  git(dir, 'init', '-q', '-b', 'master');
  git(dir, 'remote', 'add', 'origin', `https://deploy:${S.gitPassword}@git.internal.example/team/conda-app.git`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'conda app');
}

interface Run {
  readonly label: string;
  readonly stdout: string;
  readonly stderr: string;
}

describe('reliability: secrets never leak from any CLI command', function () {
  this.timeout(300_000);
  let de4: LoopbackDe4Server;
  let de4Ssh: LoopbackDe4SshServer;
  let de5Ssh: LoopbackDe5SshServer;
  let web: De5AppServer;
  let work: string;
  let standIns: string;
  let deState: string;
  let downUrl: string;
  let envFile = '';
  let de4Args: string[];
  let de4Flags: string[];
  let de5Flags: string[];
  const runs: Run[] = [];
  /** Every git command line and its environment: other local users can read a process's arguments. */
  const gitCalls: string[] = [];
  const realGit = new SimpleGitRunner();
  const gitSeen: GitRunner = {
    run: (cwd, args, opts) => {
      gitCalls.push(`${args.join(' ')} ${JSON.stringify(opts?.env ?? {})}`);
      return realGit.run(cwd, args, opts);
    },
  };
  const paths = new Map<string, { ok: number; failed: number }>();

  const env = (o: { key?: string; de5Password?: string } = {}): Record<string, string | undefined> => ({
    ...process.env,
    XDG_CONFIG_HOME: path.join(work, 'config'),
    DE4_API_KEY: o.key,
    DASH_ENTERPRISE_USERNAME: o.de5Password !== undefined ? 'ci' : undefined,
    DASH_ENTERPRISE_PASSWORD: o.de5Password,
  });
  const key = { key: S.apiKey };
  const all = { key: S.apiKey, de5Password: S.de5Password };

  /** Runs the CLI in the work folder and checks its exit code; exit 2 (or `failure`) counts as a failure path. */
  async function run(argv: readonly string[], o: Record<string, string | undefined>, expect: number, failure = expect === 2): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      cwd: work,
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: o,
      ports: { git: gitSeen },
    });
    const r = { label: argv.join(' '), stdout, stderr };
    runs.push(r);
    assert.equal(code, expect, `${r.label}\n${stdout}\n${stderr}`);
    const c = paths.get(argv[0] ?? '') ?? { ok: 0, failed: 0 };
    paths.set(argv[0] ?? '', failure ? { ...c, failed: c.failed + 1 } : { ...c, ok: c.ok + 1 });
    return r;
  }

  before(async () => {
    const mod = await loadDe4Server();
    const apps = [
      mod.makeApp('vault-app', 'admin', 1, { environmentVariables: vaultVariables('vault-app') }),
      mod.makeApp('vault-two', 'admin', 2, {
        deps: ['dash==1.21.0', 'numpy==1.21.2', 'gunicorn==20.1.0'],
        environmentVariables: vaultVariables('vault-two'),
      }),
    ];
    const users = mod.SEED_USERS.map((u) => (u.username === 'admin' ? { ...u, apiKey: S.apiKey } : u));
    de4 = await mod.startDe4Server({ port: 0, apps, users });
    de4Ssh = await (await loadDe4Ssh()).startDe4SshServer({ port: 0, apps });
    de5Ssh = await (await loadDe5Ssh()).startDe5SshServer({ port: 0 });
    web = await (await loadDe5Http()).startDe5AppServer({ apps: Object.fromEntries([...APPS, 'vault-solo'].map((a) => [a, {}])) });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-secrets-'));
    // The `de` stand-in's state is DE5's own database (its users' passwords, its apps' values): kept apart.
    standIns = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-secrets-de5-'));
    deState = path.join(standIns, 'de-state.json');
    (await loadDe5Cli()).createDeStubState(deState, { host: '127.0.0.1', users: { ci: S.de5Password }, reposDir: de5Ssh.reposDir });
    process.env['DE_STUB_STATE'] = deState;
    downUrl = `http://127.0.0.1:${await closedPort()}`;
    fs.writeFileSync(path.join(work, 'values.env'), `SECRET_KEY=${S.envFileValue}\n`);
    de4Args = ['--de4', de4.url, '--user', 'admin'];
    de4Flags = ['--ssh-host', de4Ssh.host, '--ssh-port', String(de4Ssh.port), '--ssh-user', de4Ssh.user];
    de4Flags.push('--identity-file', de4Ssh.identityFile, '--known-hosts', de4Ssh.knownHostsFile);
    de4Flags.push('--ssh-config', de4Ssh.sshConfigFile, '--strict-host-key-checking', 'yes');
    de5Flags = ['--ssh-user', de5Ssh.user, '--ssh-port', String(de5Ssh.port), '--identity-file', de5Ssh.clientKey.identityFile];
    de5Flags.push('--ssh-config', '/dev/null', '--known-hosts', path.join(work, 'de5_known_hosts'));
    de5Flags.push('--accept-host-key', de5Ssh.hostKeyFingerprint, '--de-cli', DE_CLI_PATH, '--env-file', 'values.env');
    de5Flags.push('--app-url', `${web.url}/{app}/`, '--verify-seconds', '5');
  });

  after(async () => {
    delete process.env['DE_STUB_STATE'];
    await de4Ssh?.close();
    await de4?.close();
    await de5Ssh?.close();
    await web?.close();
    for (const dir of [work, standIns]) {
      if (dir) {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('runs apps, clone, backup and restore-backup against DE4 with the key, a wrong key and a server down', async () => {
    await run(['help'], env(), 0, false);
    await run(['--version'], env(), 0, false);
    await run(['apps', ...de4Args, '--all', '--verbose', '--format', 'json'], env(key), 0);
    await run(['apps', ...de4Args, '--verbose'], env(key), 0);
    await run(['apps', ...de4Args, '--verbose'], env({ key: S.wrongKey }), 2);
    await run(['apps', ...de4Args, '--verbose', '--format', 'json'], env({ key: S.wrongKey }), 2);
    await run(['apps', '--de4', downUrl, '--user', 'admin', '--verbose'], env(key), 2);
    await run(['apps', ...de4Args, `--api-key=${S.apiKey}`], env(), 2);

    await run(['clone', 'vault-app', ...de4Args, ...de4Flags, '--verbose', '--format', 'json'], env(key), 0);
    await run(['clone', 'vault-app', ...de4Args, ...de4Flags, '--dest', 'solo', '--verbose'], env(key), 0);
    await run(['clone', 'vault-app', ...de4Args, ...de4Flags, '--dest', 'x1', '--verbose'], env({ key: S.wrongKey }), 2);
    await run(['clone', 'vault-app', '--de4', downUrl, '--user', 'admin', ...de4Flags, '--dest', 'x2', '--verbose'], env(key), 2);
    // A key the SSH server refuses (and -F /dev/null, as the stand-in's config names the right key too).
    const refused = de4Flags.map((a) =>
      a === de4Ssh.identityFile ? de5Ssh.otherClientKey.identityFile : a === de4Ssh.sshConfigFile ? '/dev/null' : a,
    );
    await run(['clone', 'vault-app', ...de4Args, ...refused, '--dest', 'x3', '--verbose', '--format', 'json'], env(key), 2);

    const backup = ['backup', 'vault-app', ...de4Args, ...de4Flags, '--verbose'];
    const made = await run([...backup, '--out', 'backups', '--include-env-values', '--format', 'json'], env(key), 0);
    envFile = path.join((JSON.parse(made.stdout) as { dir: string }).dir, 'env');
    await run([...backup, '--out', 'backups-from-checkout', '--from', 'vault-app'], env(key), 0);
    await run([...backup, '--out', 'backups-wrong-key', '--include-env-values'], env({ key: S.wrongKey }), 2);
    de4Ssh.setQuirks({ refuseReads: true });
    await run([...backup, '--out', 'backups-refused', '--include-env-values', '--format', 'json'], env(key), 2);
    de4Ssh.setQuirks({});
    await run(['restore-backup', path.dirname(envFile), 'restored', '--verbose', '--format', 'json'], env(), 0);
    await run(['restore-backup', path.dirname(envFile), 'restored', '--verbose'], env(), 2);
    await run(['restore-backup', 'vault-app', 'restored-2', '--verbose', '--format', 'json'], env(), 2);
  });

  it('runs check, convert and restore over project files with passwords and tokens in URLs', async () => {
    plantInVaultApp(path.join(work, 'vault-app'));
    plantInVaultApp(path.join(work, 'solo'));
    makeCondaApp(path.join(work, 'conda-app'));
    for (const format of ['text', 'json', 'sarif']) {
      await run(['check', 'vault-app', 'conda-app', '--verbose', '--format', format], env(), 1, false);
    }
    await run(['check', 'no-such-app', '--verbose'], env(), 2);
    for (const format of ['text', 'json']) {
      await run(['convert', 'vault-app', 'conda-app', '--dry-run', '--verbose', '--format', format], env(), 0);
    }
    fs.appendFileSync(path.join(work, 'conda-app', 'index.py'), '# a local change\n');
    await run(['convert', 'conda-app', '--verbose'], env(), 2);
    await run(['convert', 'conda-app', '--force', '--verbose', '--format', 'json'], env(), 0);
    await run(['restore', 'conda-app', '--from', 'no-such-tag', '--verbose'], env(), 2);
    await run(['restore', 'conda-app', '--verbose'], env(), 0);
    await run(['convert', 'solo', '--verbose'], env(), 0);
    git(path.join(work, 'solo'), 'add', '-A');
    git(path.join(work, 'solo'), 'commit', '-q', '-m', 'converted');
  });

  it('runs migrate and push with the DE5 password and values, then with a wrong password and sshd down', async () => {
    const migrate = ['migrate', ...de4Args, '--de5', '127.0.0.1', ...de5Flags, '--apps', APPS.join(','), '--verbose'];
    migrate.push(...de4Flags.map((a) => a.replace(/^--/, '--de4-')));
    await run([...migrate, '--workdir', 'fleet', '--format', 'json'], env(all), 0);
    await run([...migrate, '--workdir', 'fleet'], env(all), 0);
    await run([...migrate, '--workdir', 'fleet-wrong-key'], env({ ...all, key: S.wrongKey }), 1, true);
    await run([...migrate, '--workdir', 'fleet-wrong-de5', '--format', 'json'], env({ ...all, de5Password: S.de5WrongPassword }), 1, true);

    const push = ['push', 'solo', '--de5', '127.0.0.1', ...de5Flags, '--app', 'vault-solo', '--verbose'];
    await run([...push, '--branch', 'main', '--format', 'json'], env(all), 0);
    const probe = `http://probe:${S.appUrlPassword}@${new URL(web.url).host}/{app}/`;
    await run([...push, '--app-url', probe], env(all), 0);
    await run([...push, '--app', 'vault-other', '--branch', 'main'], env({ ...all, de5Password: S.de5WrongPassword }), 2);
    const remote = `https://git:${S.remotePassword}@127.0.0.1:${new URL(downUrl).port}/vault.git`;
    await run([...push, '--app', 'vault-remote', '--remote-url', remote, '--branch', 'main', '--format', 'json'], env(all), 2);
    const sshRemote = `ssh://git:${S.remotePassword}@127.0.0.1:${de5Ssh.port}/vault-solo`;
    await run([...push, '--remote-url', sshRemote], env(all), 2);
    await de5Ssh.stop();
    try {
      await run([...push, '--format', 'json'], env(all), 2);
    } finally {
      await de5Ssh.start();
    }
  });

  it('runs report over the apps and the migration states, to stdout and to files', async () => {
    await run(['report', 'vault-app', 'conda-app', 'solo', '--verbose'], env(), 1, false);
    for (const format of ['html', 'md', 'json']) {
      await run(
        ['report', 'fleet', '--state', 'fleet/.de-migrate/state.json', '--format', format, '--out', `reports/fleet.${format}`],
        env(),
        0,
      );
      await run(
        [
          'report',
          'fleet-wrong-de5',
          '--state',
          'fleet-wrong-de5/.de-migrate/state.json',
          '--format',
          format,
          '--out',
          `reports/failed.${format}`,
        ],
        env(),
        1,
        false,
      );
    }
    await run(['report', 'conda-app', '--format', 'json', '--verbose'], env(), 1, false);
    await run(['report', 'vault-app', 'conda-app', 'solo', '--format', 'html', '--out', 'reports/apps.html'], env(), 1, false);
    await run(['report', '.', '--state', 'no-such-state.json', '--verbose'], env(), 2);
  });

  it('leaks no secret into output, written files or the stand-ins’ logs', () => {
    for (const command of COMMANDS) {
      const c = paths.get(command);
      assert.ok(c && c.ok > 0 && c.failed > 0, `${command} ran in a success and a failure path: ${JSON.stringify(c)}`);
    }
    // The one exception: DE4 values in the opt-in backup env file, readable by its owner only.
    assert.equal(path.dirname(path.dirname(envFile)), path.join(work, 'backups'));
    assert.equal(fs.statSync(envFile).mode & 0o777, 0o600);
    const values = fs.readFileSync(envFile, 'utf8');
    assert.ok(values.includes(S.dbPassword) && values.includes(S.appSecret), 'the opt-in env file holds the values');

    const scan = new SecretScan([
      ...Object.entries(S).flatMap(([name, value]) => needlesOf({ name, value })),
      ...privateKeyNeedles('DE4 identity', fs.readFileSync(de4Ssh.identityFile, 'utf8')),
      ...privateKeyNeedles('DE5 identity', fs.readFileSync(de5Ssh.clientKey.identityFile, 'utf8')),
      ...privateKeyNeedles('refused identity', fs.readFileSync(de5Ssh.otherClientKey.identityFile, 'utf8')),
    ]);
    for (const r of runs) {
      scan.addText(`stdout of ${r.label}`, r.stdout);
      scan.addText(`stderr of ${r.label}`, r.stderr);
    }
    scan.addText('git command lines', gitCalls.join('\n'));
    assert.ok(gitCalls.length > 20, `git ran (${gitCalls.length} times)`);
    scan.addTree(work);
    scan.addTree(de4Ssh.stateDir);
    scan.addTree(de5Ssh.stateDir);
    const scratch = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(`de-migrate-backup-${process.pid}-`));
    assert.deepEqual(scratch, [], 'backup scratch mirrors are removed');
    scan.addText('DE4 API server log', JSON.stringify(de4.log));
    scan.addText('DE4 sshd log', JSON.stringify(de4Ssh.requests()) + de4Ssh.sshdLog());
    scan.addText('DE5 sshd log', JSON.stringify(de5Ssh.requests()) + de5Ssh.sshdLog());
    scan.addText('DE5 app server log', JSON.stringify(web.requests()));
    const de = JSON.parse(fs.readFileSync(deState, 'utf8')) as { log: unknown; apps: Record<string, { environmentVariables: object }> };
    scan.addText('de CLI log', JSON.stringify(de.log));
    scan.addText('de CLI apps (variable names)', JSON.stringify(Object.values(de.apps).map((a) => Object.keys(a.environmentVariables))));

    const projectFiles = new Set(
      ['vault-app', 'solo', 'conda-app'].flatMap((app) =>
        ['requirements.txt', '.condarc', '.git/config'].map((f) => path.join(work, app, f)),
      ),
    );
    const allowed = (h: SecretHit): boolean =>
      (h.secret === 'envFileValue' && h.where === path.join(work, 'values.env')) ||
      ((h.secret === 'dbPassword' || h.secret === 'appSecret') && h.where === envFile) ||
      (PROJECT_SECRETS.includes(h.secret) && projectFiles.has(h.where)) ||
      (h.secret === 'DE4 identity' && h.where === de4Ssh.identityFile) ||
      (h.secret === 'DE5 identity' && h.where === de5Ssh.clientKey.identityFile) ||
      (h.secret === 'refused identity' && h.where === de5Ssh.otherClientKey.identityFile);
    const hits = scan.hits(allowed);
    assert.deepEqual(hits, [], hits.map((h) => `${h.secret} (${h.form}) in ${h.where}`).join('\n'));
    // The allowed places really hold what they are allowed to (the exceptions are exact, not wide).
    assert.ok(scan.hits().some((h) => h.where === envFile && h.secret === 'dbPassword'));
    process.stdout.write(
      `    reliability: secrets — ${runs.length} commands run, ${scan.count} outputs/files scanned, ${hits.length} secrets leaked\n`,
    );
  });
});

describe('reliability: the secret scan finds the forms a leak takes', () => {
  it('finds a secret plain, in a Basic auth header, URL-encoded and JSON-escaped, and a private key however printed', () => {
    const secret = makeSecret('probe');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-secret-scan-'));
    try {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'probe', '-f', path.join(dir, 'id')]);
      const keyText = fs.readFileSync(path.join(dir, 'id'), 'utf8');
      const scan = new SecretScan([...needlesOf({ name: 'probe', value: secret }), ...privateKeyNeedles('key', keyText)]);
      scan.addText('basic', `Authorization: Basic ${Buffer.from(`admin:${secret}`).toString('base64')}`);
      scan.addText('query', `GET /x?token=${encodeURIComponent(secret)}`);
      scan.addText('json', JSON.stringify({ key: keyText }));
      scan.addText('verbatim', `error: ${keyText}`);
      scan.addText('public key', fs.readFileSync(path.join(dir, 'id.pub'), 'utf8'));
      const found = (where: string): string[] =>
        scan
          .hits()
          .filter((h) => h.where === where)
          .map((h) => h.form);
      assert.deepEqual(found('basic'), ['base64']);
      assert.deepEqual(found('query'), ['url-encoded']);
      assert.ok(
        found('json').some((f) => f.startsWith('key file line')),
        'a JSON-escaped key file',
      );
      assert.ok(found('verbatim').includes('seed (base64)') || found('verbatim').some((f) => f.startsWith('key file line')));
      assert.deepEqual(found('public key'), [], 'the public key is no secret');
      assert.deepEqual(
        scan.hits((h) => h.where !== 'basic').map((h) => h.where),
        ['basic'],
        'an allowance removes exactly its hits',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
