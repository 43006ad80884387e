import * as assert from 'node:assert/strict';
import { de5AppUrl, de5RemoteUrl, normaliseDe5Servers, sshEndpoint, isBranchName } from '../../../../src/core/de5/serverConfig';
import { parsePushRecord, serializePushRecord, suggestDe5AppName } from '../../../../src/core/de5/pushRecord';
import { parseLsRemote, planPush, redact, urlSecrets } from '../../../../src/core/git/push';
import { DEFAULT_SSH_SETTINGS } from '../../../../src/core/git/ssh';

const SSH = {
  ...DEFAULT_SSH_SETTINGS,
  strictHostKeyChecking: 'yes' as const,
  knownHostsFile: '/state/known_hosts',
  identityFile: '/keys/id',
};

describe('de5/serverConfig (where a converted app is pushed)', () => {
  it("defaults to the remote form of Plotly's DE5 CI examples: git@host, port 22", () => {
    const [s] = normaliseDe5Servers([], 'https://DE5.example.com/');
    assert.ok(s);
    assert.equal(de5RemoteUrl(s, 'sales-dash'), 'ssh://git@de5.example.com:22/sales-dash');
    assert.equal(de5AppUrl(s, 'sales-dash'), 'https://de5.example.com/sales-dash/');
    assert.equal(s.branch, undefined, 'the remote decides the branch unless one is set');
  });

  it('keeps overrides, drops invalid entries and duplicates', () => {
    const servers = normaliseDe5Servers([
      {
        host: 'de5.example.com',
        sshPort: 2222,
        sshUser: 'deploy',
        remoteUrlTemplate: 'ssh://{user}@git.{host}:{port}/apps/{app}.git',
        branch: 'release',
        verifySeconds: 60,
      },
      { host: 'de5.example.com' },
      { host: 'not a host' },
      { host: 'x.example.com', branch: 'bad..branch', sshPort: 0 },
    ]);
    assert.equal(servers.length, 2);
    assert.equal(de5RemoteUrl(servers[0]!, 'a'), 'ssh://deploy@git.de5.example.com:2222/apps/a.git');
    assert.equal(servers[0]?.branch, 'release');
    assert.equal(servers[1]?.branch, undefined);
    assert.equal(servers[1]?.sshPort, 22);
  });

  it('refuses app names DE5 cannot have', () => {
    const [s] = normaliseDe5Servers([{ host: 'h.example.com' }]);
    for (const bad of ['Sales', 'a b', '-x', '../x', '']) {
      assert.throws(() => de5RemoteUrl(s!, bad), /not a valid DE5 app name/);
    }
    assert.equal(suggestDe5AppName('Sales Dashboard (v2)'), 'sales-dashboard-v2');
    assert.equal(suggestDe5AppName('a'.repeat(40)).length, 30);
  });

  it('finds host and port of both URL forms', () => {
    assert.deepEqual(sshEndpoint('ssh://git@de5.example.com:22/a'), { user: 'git', host: 'de5.example.com', port: 22 });
    assert.deepEqual(sshEndpoint('ssh://git@[::1]:2222/a'), { user: 'git', host: '::1', port: 2222 });
    assert.deepEqual(sshEndpoint('git@de5.example.com:a'), { user: 'git', host: 'de5.example.com', port: 22 });
    assert.equal(sshEndpoint('https://de5.example.com/GIT/a'), undefined);
    assert.ok(isBranchName('main') && isBranchName('release/2026') && !isBranchName('a..b') && !isBranchName('x.lock'));
  });

  it('takes no user or host that could pass for an option or holds shell syntax', () => {
    // `--upload=<cmd>@host:app` was an endpoint, and git ls-remote read the URL as --upload-pack.
    for (const url of ['--upload=touch x@h:a', '-oProxyCommand=x@h:a', 'a b@h:a', 'ssh://-x@h:22/a', 'ssh://git@-h:22/a', '-h:a']) {
      assert.equal(sshEndpoint(url), undefined, url);
    }
    assert.ok(!isBranchName('-x') && !isBranchName('a;b') && !isBranchName('$(x)'));
  });
});

describe('git/push planPush (argv, environment, redaction)', () => {
  it('adds the de5 remote, then pushes HEAD to the branch with explicit SSH settings', () => {
    const plan = planPush({ remoteUrl: 'ssh://git@h:22/a', branch: 'main', ssh: SSH, currentRemoteUrl: undefined, force: false });
    assert.deepEqual(
      plan.steps.map((s) => s.args),
      [
        ['remote', 'add', '--', 'de5', 'ssh://git@h:22/a'],
        ['push', '--progress', '--porcelain', '--', 'de5', 'HEAD:refs/heads/main'],
      ],
    );
    const ssh = plan.steps[1]?.env['GIT_SSH_COMMAND'] ?? '';
    for (const part of [
      'BatchMode=yes',
      'IdentitiesOnly=yes',
      'StrictHostKeyChecking=yes',
      'UserKnownHostsFile=/state/known_hosts',
      'ConnectTimeout=',
    ]) {
      assert.ok(ssh.includes(part), `${part} in ${ssh}`);
    }
    assert.equal(plan.steps[1]?.env['GIT_TERMINAL_PROMPT'], '0');
  });

  it('updates a remote pointing elsewhere, leaves a right one, and forces only with a lease', () => {
    assert.deepEqual(planPush({ remoteUrl: 'u', branch: 'main', ssh: SSH, currentRemoteUrl: 'old', force: false }).steps[0]?.args, [
      'remote',
      'set-url',
      '--',
      'de5',
      'u',
    ]);
    const same = planPush({ remoteUrl: 'u', branch: 'main', ssh: SSH, currentRemoteUrl: 'u', force: true });
    assert.equal(same.steps.length, 1);
    assert.ok(same.steps[0]?.args.includes('--force-with-lease'));
    assert.ok(!same.steps[0]?.args.includes('--force'));
  });

  it('redacts credentials a URL carries', () => {
    assert.deepEqual(urlSecrets('https://bob:s3cr3t@h/GIT/a'), ['s3cr3t']);
    assert.deepEqual(urlSecrets('ssh://git@h:22/a'), []);
    assert.equal(redact('fatal: https://bob:s3cr3t@h/GIT/a failed', ['s3cr3t']), 'fatal: https://bob:***@h/GIT/a failed');
  });

  it('reads the default branch from ls-remote --symref, and an empty repository as none', () => {
    const sha = 'a'.repeat(40);
    assert.deepEqual(parseLsRemote(`ref: refs/heads/main\tHEAD\n${sha}\tHEAD\n`), { branch: 'main', sha });
    assert.deepEqual(parseLsRemote(''), { branch: undefined, sha: undefined });
  });
});

describe('de5/pushRecord (.de-migrate/de5-app.json)', () => {
  it('round-trips and rejects bad files with one message', () => {
    const r = {
      schemaVersion: 1 as const,
      host: 'h',
      app: 'a',
      branch: 'main',
      lastPush: { sha: 'x', branch: 'main', time: 't', verified: true },
    };
    assert.deepEqual(parsePushRecord(serializePushRecord(r)), r);
    assert.throws(() => parsePushRecord('{'), /not JSON/);
    assert.throws(() => parsePushRecord('{"host":"h","app":"Bad"}'), /not a DE5 app name/);
    assert.throws(() => parsePushRecord('{"host":"h","app":"a","branch":"a..b"}'), /not a branch name/);
  });
});
