// `de-migrate clone`, `backup` and `restore-backup` end to end: the CLI against the loopback DE4 API
// (scripts/de4Server) and real git over a real sshd on loopback (scripts/de4Ssh).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDe4Server, type LoopbackDe4Server } from '../../support/de4ServerModule';
import { loadDe4Ssh, type LoopbackDe4SshServer } from '../../support/de4SshModule';
import { runCliCaptured, type CliRun as Run } from '../../support/cliRun';

function run(cwd: string, argv: readonly string[], env: Record<string, string | undefined>): Promise<Run> {
  return runCliCaptured(argv, { cwd, env });
}

describe('cli clone, backup and restore-backup (real git over a real sshd on loopback)', function () {
  this.timeout(60_000);
  let de4: LoopbackDe4Server;
  let ssh: LoopbackDe4SshServer;
  let work: string;
  let sha: (app: string) => string;
  const KEY = { DE4_API_KEY: 'admin-key-123' };
  let server: string[];

  before(async () => {
    const mod = await loadDe4Server();
    const apps = mod.seedApps() as { name: string; analytics: { gitRevision: { sha1: string | null } } }[];
    sha = (name) => apps.find((a) => a.name === name)?.analytics.gitRevision.sha1 ?? assert.fail(name);
    de4 = await mod.startDe4Server({ port: 0 });
    ssh = await (await loadDe4Ssh()).startDe4SshServer({ port: 0 });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-cli-repo-'));
    server = [
      '--de4',
      de4.url,
      '--user',
      'admin',
      '--ssh-host',
      ssh.host,
      '--ssh-port',
      String(ssh.port),
      '--ssh-user',
      ssh.user,
      '--identity-file',
      ssh.identityFile,
      '--known-hosts',
      ssh.knownHostsFile,
      '--ssh-config',
      ssh.sshConfigFile,
      '--strict-host-key-checking',
      'yes',
    ];
  });

  after(async () => {
    await ssh?.close();
    await de4?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('clones an app with its DE4 metadata; check then reports its data gaps and convert does not call it dirty', async () => {
    const r = await run(work, ['clone', 'sales-dash', ...server, '--dest', 'sales', '--format', 'json'], KEY);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { dir: string; head: string; metadata: boolean; comparison: { kind: string } };
    assert.equal(out.dir, path.join(work, 'sales'));
    assert.equal(out.head, sha('sales-dash'));
    assert.equal(out.metadata, true);
    assert.equal(out.comparison.kind, 'same');
    const meta = fs.readFileSync(path.join(work, 'sales', '.de-migrate', 'de4-app.json'), 'utf8');
    assert.ok(!meta.includes('tok-sales-0001'), 'no values in the metadata');
    assert.ok(!r.stderr.includes('admin-key-123') && !r.stdout.includes('admin-key-123'), 'the key is never printed');

    const check = await run(work, ['check', 'sales', '--format', 'json'], {});
    assert.equal(check.code, 1);
    assert.equal((check.stdout.match(/"rule": "data-not-migrated"/g) ?? []).length, 3, check.stdout);
    // The saved metadata is the tool's own state: a fresh clone converts without --force.
    const convert = await run(work, ['convert', 'sales'], {});
    assert.ok(!/uncommitted changes/.test(convert.stderr), `a fresh clone counted as dirty: ${convert.stderr}`);
    assert.notEqual(convert.code, 2, convert.stderr);
    assert.match(convert.stdout, /backup: git tag de4-original/);
    assert.match(convert.stdout, /updated app.py/);
  });

  it('clones without DE4_API_KEY too, warning that no metadata was saved', async () => {
    const r = await run(work, ['clone', 'hr-portal-x', ...server], {});
    // An app the SSH server does not have: the refusal is explained with the next step.
    assert.equal(r.code, 2);
    assert.match(r.stderr, /DE4_API_KEY is not set/);
    assert.match(r.stderr, /does not exist/);
    assert.match(r.stderr, /Link Local Folder/);
    const ok = await run(work, ['clone', 'inventory-pg', ...server], {});
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(fs.existsSync(path.join(work, 'inventory-pg', 'Procfile')));
    assert.ok(!fs.existsSync(path.join(work, 'inventory-pg', '.de-migrate')));
  });

  it('stops at an unknown DE4 git host with its fingerprint, and trusts it only with that fingerprint', async () => {
    const known = path.join(work, 'fresh_known_hosts');
    fs.writeFileSync(known, '');
    const fp =
      execFileSync('ssh-keygen', ['-lf', path.join(ssh.stateDir, 'ssh_host_ed25519_key.pub')], { encoding: 'utf8' }).split(' ')[1] ?? '';
    assert.match(fp, /^SHA256:/);
    const args = server.map((a) => (a === ssh.knownHostsFile ? known : a));
    const before = ssh.requests().length;
    const dest = path.join(work, 'tofu');

    const unknown = await run(work, ['clone', 'inventory-pg', ...args, '--dest', dest], KEY);
    assert.equal(unknown.code, 2);
    assert.ok(unknown.stderr.includes(fp), unknown.stderr);
    assert.ok(unknown.stderr.includes(`--accept-host-key ${fp}`), unknown.stderr);
    const wrong = await run(work, ['clone', 'inventory-pg', ...args, '--dest', dest, '--accept-host-key', 'SHA256:not-it'], KEY);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /not the fingerprint given \(SHA256:not-it\)/);
    assert.equal(fs.readFileSync(known, 'utf8'), '', 'nothing was trusted');
    assert.ok(!fs.existsSync(dest));
    assert.equal(ssh.requests().length, before, 'git never reached the server');

    const ok = await run(work, ['clone', 'inventory-pg', ...args, '--dest', dest, '--accept-host-key', fp], KEY);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(fs.readFileSync(known, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${ssh.port} ssh-ed25519 `, 'm'));

    // The same host with another key: refused, whatever fingerprint is offered.
    fs.writeFileSync(known, `[127.0.0.1]:${ssh.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`);
    const changed = await run(work, ['clone', 'inventory-pg', ...args, '--dest', `${dest}-2`, '--accept-host-key', fp], KEY);
    assert.equal(changed.code, 2);
    assert.match(changed.stderr, /CHANGED/);
    assert.ok(!fs.existsSync(`${dest}-2`));
  });

  it('refuses --strict-host-key-checking accept-new: no flag trusts a host silently', async () => {
    const r = await run(work, ['clone', 'inventory-pg', ...server, '--strict-host-key-checking', 'accept-new'], KEY);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /host keys are always checked/);
  });

  it('explains a server that refuses reads and leaves no folder behind', async () => {
    ssh.setQuirks({ refuseReads: true });
    try {
      const r = await run(work, ['clone', 'ml-forecast', ...server], KEY);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Reading app code over git is not enabled/);
      assert.ok(!fs.existsSync(path.join(work, 'ml-forecast')));
    } finally {
      ssh.setQuirks({});
    }
  });

  it('backs up from DE4 and from a checkout, values only on request, and the backup restores', async () => {
    const fromDe4 = await run(work, ['backup', 'climate-conda', ...server, '--out', 'backups', '--format', 'json'], KEY);
    assert.equal(fromDe4.code, 0, fromDe4.stderr);
    const b1 = JSON.parse(fromDe4.stdout) as { dir: string; manifest: { head: string; env?: string } };
    assert.equal(b1.manifest.head, sha('climate-conda'));
    assert.equal(b1.manifest.env, undefined);

    const fromCheckout = await run(
      work,
      ['backup', 'sales-dash', ...server, '--out', 'backups', '--from', 'sales', '--include-env-values', '--format', 'json'],
      KEY,
    );
    assert.equal(fromCheckout.code, 0, fromCheckout.stderr);
    const b2 = JSON.parse(fromCheckout.stdout) as { dir: string; manifest: { env?: string } };
    assert.equal(b2.manifest.env, 'env');
    assert.match(fs.readFileSync(path.join(b2.dir, 'env'), 'utf8'), /^API_TOKEN=tok-sales-0001$/m);
    assert.ok(!fromCheckout.stderr.includes('tok-sales-0001'), 'values never reach the log');

    const restored = await run(work, ['restore-backup', b1.dir, 'restored-climate', '--format', 'json'], {});
    assert.equal(restored.code, 0, restored.stderr);
    const dir = path.join(work, 'restored-climate');
    assert.equal(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim(), sha('climate-conda'));
    assert.ok(fs.existsSync(path.join(dir, '.de-migrate', 'de4-app.json')));
  });

  it('refuses backup without DE4_API_KEY (it saves the metadata)', async () => {
    const r = await run(work, ['backup', 'sales-dash', ...server, '--out', 'backups'], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /DE4_API_KEY/);
  });
});
