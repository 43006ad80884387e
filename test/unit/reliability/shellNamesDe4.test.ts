// Shell metacharacters in DE4 app names (issue #7), end to end: the loopback DE4 API serves apps
// named with them (seed.mjs makeApp). Clone (core and CLI) and backup refuse each name up front, with
// no request and no command run; folders and SSH files whose paths hold the names work as written,
// with real git over the real sshd stand-in (scripts/de4Ssh).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CoreError } from '../../../src/core/errors';
import { cloneDe4App } from '../../../src/core/git/de4Repo';
import { DEFAULT_SSH_SETTINGS } from '../../../src/core/git/ssh';
import { NodeFileSystem } from '../../../src/node/nodeFileSystem';
import { NodeFileWriter } from '../../../src/node/nodeFileWriter';
import { SimpleGitRunner } from '../../../src/node/simpleGitRunner';
import { loadDe4Server, type LoopbackDe4Server } from '../../support/de4ServerModule';
import { loadDe4Ssh, type LoopbackDe4SshServer } from '../../support/de4SshModule';
import { NAMES, asComponent, markersSince, tried } from './shellNames.test';
import { runCliCaptured, type CliRun as Run } from '../../support/cliRun';

function run(cwd: string, argv: readonly string[], env: Record<string, string | undefined>): Promise<Run> {
  return runCliCaptured(argv, { cwd, env });
}

describe('reliability: shell metacharacters in DE4 app names (clone and backup over the DE4 stand-ins)', function () {
  this.timeout(180_000);
  const KEY = { DE4_API_KEY: 'admin-key-123' };
  const since = Date.now() - 1000;
  let de4: LoopbackDe4Server;
  let ssh: LoopbackDe4SshServer;
  let work: string;
  let okSha: string;
  let server: string[];
  const noMarkers = (): void => assert.deepEqual(markersSince(since, [work, ssh.stateDir]), [], 'an injected command ran');

  before(async () => {
    const mod = await loadDe4Server();
    const ok = mod.makeApp('ok-app', 'admin', 1);
    de4 = await mod.startDe4Server({ port: 0, apps: [ok, ...NAMES.map((n, i) => mod.makeApp(n, 'admin', i + 2))] });
    // Only the valid name has a repository: the stand-in, like Dokku, cannot hold the others.
    ssh = await (await loadDe4Ssh()).startDe4SshServer({ port: 0, apps: [ok] });
    okSha = ssh.repos.find((r) => r.app === 'ok-app')?.sha ?? assert.fail('ok-app has no repository');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dm-sh-de4-'));
    server = ['--de4', de4.url, '--user', 'admin', '--ssh-host', ssh.host, '--ssh-port', String(ssh.port), '--ssh-user', ssh.user];
  });

  after(async () => {
    await ssh?.close();
    await de4?.close();
    if (work) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('lists the names as the server gives them: data, not commands', async () => {
    const r = await run(work, ['apps', '--de4', de4.url, '--user', 'admin', '--all', '--format', 'json'], KEY);
    assert.equal(r.code, 0, r.stderr);
    const listed = (JSON.parse(r.stdout) as { apps: { name: string }[] }).apps.map((a) => a.name);
    assert.deepEqual(listed.filter((n) => n !== 'ok-app').sort(), [...NAMES].sort());
    noMarkers();
  });

  it('core clone refuses each name before git runs', async () => {
    const ports = { fs: new NodeFileSystem(), writer: new NodeFileWriter(), git: new SimpleGitRunner() };
    const requests = ssh.requests().length;
    for (const [i, n] of NAMES.entries()) {
      tried('core cloneDe4App');
      const dest = path.join(work, `core-${i}`);
      await assert.rejects(
        cloneDe4App({ target: { host: ssh.host, port: ssh.port, user: ssh.user }, ssh: DEFAULT_SSH_SETTINGS, app: n, dest }, ports),
        (e: unknown) => e instanceof CoreError && e.code === 'invalid-input' && e.message.includes('is not a DE4 app name'),
        JSON.stringify(n),
      );
      assert.ok(!fs.existsSync(dest));
    }
    assert.equal(ssh.requests().length, requests, 'no SSH request was made');
    noMarkers();
  });

  it('CLI clone and backup refuse each name before any request', async () => {
    const apiRequests = de4.requests;
    const sshRequests = ssh.requests().length;
    for (const n of NAMES) {
      for (const argv of [
        ['clone', ...server, '--', n],
        ['backup', ...server, '--out', 'backups', '--', n],
      ]) {
        tried(`CLI ${argv[0] ?? ''}`);
        const r = await run(work, argv, KEY);
        assert.equal(r.code, 2, `${JSON.stringify(n)}: ${r.stderr}`);
        assert.match(r.stderr, /is not a DE4 app name/);
      }
    }
    assert.equal(de4.requests, apiRequests, 'no DE4 API request was made');
    assert.equal(ssh.requests().length, sshRequests, 'no SSH request was made');
    assert.ok(!fs.existsSync(path.join(work, 'backups')));
    noMarkers();
  });

  it('CLI migrate refuses each name from a state file (a file in the work folder) before any request', async () => {
    const apiRequests = de4.requests;
    const state = path.join(work, 'state.json');
    for (const n of NAMES) {
      tried('CLI migrate (state file)');
      fs.writeFileSync(
        state,
        JSON.stringify({ schemaVersion: 1, apps: { [n]: { app: n, step: 'discovered', updatedAt: '2026-01-01T00:00:00Z' } } }),
      );
      const r = await run(work, ['migrate', '--de4', de4.url, '--user', 'admin', '--de5', '127.0.0.1', '--state', state], KEY);
      assert.equal(r.code, 2, `${JSON.stringify(n)}: ${r.stderr}`);
      assert.match(r.stderr, /not a DE4 app name/);
    }
    assert.equal(de4.requests, apiRequests, 'no DE4 API request was made');
    noMarkers();
  });

  it('CLI clone works with each name in the destination and in the SSH key, known-hosts and config paths', async () => {
    for (const [i, n] of NAMES.entries()) {
      tried('CLI clone (names in paths)');
      const dir = path.join(work, `${i} ${asComponent(n)}`);
      fs.mkdirSync(dir);
      const file = (what: string, from: string): string => {
        const to = path.join(dir, `${what} ${asComponent(n)}`);
        fs.copyFileSync(from, to);
        fs.chmodSync(to, 0o600);
        return to;
      };
      const ssh4 = [
        ...['--identity-file', file('id', ssh.identityFile), '--known-hosts', file('known', ssh.knownHostsFile)],
        ...['--ssh-config', file('config', ssh.sshConfigFile), '--strict-host-key-checking', 'yes'],
      ];
      const dest = path.join(dir, `clone ${asComponent(n)}`);
      const r = await run(work, ['clone', 'ok-app', ...server, ...ssh4, '--dest', dest, '--format', 'json'], KEY);
      if (n.includes('${')) {
        // ssh would read `${…}` in the key path as a variable, and it has no escape for it.
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /which ssh reads as a variable/);
        continue;
      }
      assert.equal(r.code, 0, `${JSON.stringify(n)}: ${r.stderr}`);
      assert.equal((JSON.parse(r.stdout) as { dir: string }).dir, dest);
      assert.equal(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dest, encoding: 'utf8' }).trim(), okSha);
      assert.ok(fs.existsSync(path.join(dest, '.de-migrate', 'de4-app.json')));
    }
    noMarkers();
  });
});
