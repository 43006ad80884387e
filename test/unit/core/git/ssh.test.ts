import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CoreError } from '../../../../src/core/errors';
import { gitFailure } from '../../../../src/core/git/gitFailure';
import { de4CloneUrl, DEFAULT_SSH_SETTINGS, shellQuote, sshArgv, sshGitEnv } from '../../../../src/core/git/ssh';

describe('git/ssh (how git reaches DE4 over SSH)', () => {
  it('builds the URL form with the port, so no ssh config entry is needed', () => {
    assert.equal(
      de4CloneUrl({ host: 'de4.example.com', port: 3022, user: 'dokku' }, 'sales-dash'),
      'ssh://dokku@de4.example.com:3022/sales-dash',
    );
    assert.equal(de4CloneUrl({ host: '::1', port: 3022, user: 'dokku' }, 'a'), 'ssh://dokku@[::1]:3022/a');
  });

  it('refuses app names and addresses that are not Dokku names or could smuggle options', () => {
    for (const app of ['', '-oProxyCommand=x', 'Sales', 'a/b', 'a b', '../x']) {
      assert.throws(
        () => de4CloneUrl({ host: 'h', port: 22, user: 'dokku' }, app),
        (e: unknown) => e instanceof CoreError && e.code === 'invalid-input',
        app,
      );
    }
    assert.throws(() => de4CloneUrl({ host: '-oProxyCommand=x', port: 22, user: 'dokku' }, 'a'), CoreError);
    assert.throws(() => de4CloneUrl({ host: 'h', port: 70000, user: 'dokku' }, 'a'), CoreError);
    assert.throws(() => de4CloneUrl({ host: 'h', port: 22, user: 'a b' }, 'a'), CoreError);
  });

  it('makes every choice explicit: batch mode, host-key policy, timeouts, and optional files', () => {
    const plain = sshArgv(DEFAULT_SSH_SETTINGS);
    assert.deepEqual(plain.slice(0, 1), ['ssh']);
    for (const opt of ['BatchMode=yes', 'StrictHostKeyChecking=accept-new', 'ConnectTimeout=20', 'ServerAliveInterval=15']) {
      assert.ok(plain.includes(opt), opt);
    }
    assert.ok(!plain.includes('-F') && !plain.includes('-i'), 'ssh reads its own config and keys unless told');
    const full = sshArgv({
      ...DEFAULT_SSH_SETTINGS,
      strictHostKeyChecking: 'yes',
      identityFile: '/k/id',
      knownHostsFile: '/k/kh',
      configFile: '/k/cfg',
    });
    assert.deepEqual(full.slice(0, 7), ['ssh', '-F', '/k/cfg', '-i', '/k/id', '-o', 'IdentitiesOnly=yes']);
    assert.ok(full.includes('UserKnownHostsFile=/k/kh') && full.includes('StrictHostKeyChecking=yes'));
  });

  it('shares one connection between ls-remote and the push when given a control folder', () => {
    assert.ok(!sshArgv(DEFAULT_SSH_SETTINGS).some((a) => a.startsWith('Control')));
    const shared = sshArgv({ ...DEFAULT_SSH_SETTINGS, controlDir: '/tmp/dm-ssh-x' });
    assert.ok(
      shared.includes('ControlMaster=auto') &&
        shared.includes('ControlPath=/tmp/dm-ssh-x/%C') &&
        shared.some((a) => a.startsWith('ControlPersist=')),
    );
  });

  it('quotes GIT_SSH_COMMAND so sh sees each argument as written, spaces and quotes included', () => {
    const env = sshGitEnv({ ...DEFAULT_SSH_SETTINGS, identityFile: "/home/a b/it's key" });
    assert.equal(env['GIT_TERMINAL_PROMPT'], '0');
    const command = env['GIT_SSH_COMMAND'] ?? '';
    // sh splits the command back into the argv we built.
    const argv = JSON.parse(
      execFileSync('sh', ['-c', `node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- ${command.replace(/^ssh /, '')}`], {
        encoding: 'utf8',
      }),
    ) as string[];
    assert.deepEqual(argv, sshArgv({ ...DEFAULT_SSH_SETTINGS, identityFile: "/home/a b/it's key" }).slice(1));
    assert.equal(shellQuote('plain-value_1.2'), 'plain-value_1.2');
    assert.equal(shellQuote('$(rm -rf x)'), `'$(rm -rf x)'`);
  });

  it('quotes every path for sh and for ssh: spaces, quotes, $(), backticks, ;, newlines and % survive both', () => {
    const dir = '/tmp/a b/it\'s "q" $(touch x) `touch y`;z\n%d';
    const s = {
      ...DEFAULT_SSH_SETTINGS,
      identityFile: `${dir}/id`,
      knownHostsFile: `${dir}/known_hosts`,
      configFile: `${dir}/config`,
      controlDir: dir,
    };
    const argv = sshArgv(s);
    // ssh splits option values at spaces, reads " and \ in them, and expands %: one quoted value each.
    const quoted = '/tmp/a b/it\'s \\"q\\" $(touch x) `touch y`;z\n%%d';
    assert.ok(argv.includes(`IdentityFile="${quoted}/id"`), argv.join(' | '));
    assert.ok(argv.includes(`UserKnownHostsFile="${quoted}/known_hosts"`));
    assert.ok(argv.includes(`ControlPath="${quoted}/%C"`), 'the %C token stays a token');
    assert.deepEqual(argv.slice(1, 3), ['-F', `${dir}/config`], '-F takes the path as it is');
    // sh (as git runs GIT_SSH_COMMAND) gives back exactly that argv.
    const command = sshGitEnv(s)['GIT_SSH_COMMAND'] ?? '';
    const parsed = execFileSync('sh', ['-c', `printf '%s\\0' ${command.replace(/^ssh /, '')}`], { encoding: 'utf8' });
    assert.deepEqual(parsed.split('\0').slice(0, -1), argv.slice(1));
    // A path without such characters keeps the short forms.
    assert.deepEqual(sshArgv({ ...DEFAULT_SSH_SETTINGS, identityFile: '/k/id' }).slice(1, 3), ['-i', '/k/id']);
    // ssh expands ${VAR} in these paths and has no escape for it.
    assert.throws(() => sshArgv({ ...DEFAULT_SSH_SETTINGS, knownHostsFile: '/k/${HOME}/kh' }), CoreError);
  });
});

describe('git/gitFailure (git and ssh errors with a next step)', () => {
  const ctx = { action: 'Cloning a', address: 'dokku@h:3022', refusedHint: 'Use Link Local Folder….' };
  const cases: [string, CoreError['code']][] = [
    ['Host key verification failed.\nfatal: Could not read from remote repository.', 'host-key-unknown'],
    ['dokku@h: Permission denied (publickey).\nfatal: Could not read from remote repository.', 'auth-failed'],
    ['ssh: connect to host h port 3022: Connection timed out', 'timeout'],
    ['ssh: connect to host h port 3022: Connection refused', 'io-failed'],
    ['ssh: Could not resolve hostname h: Name or service not known', 'io-failed'],
    ["fatal: destination path 'x' already exists and is not an empty directory.", 'invalid-input'],
    ['remote: !     App zz does not exist\nfatal: Could not read from remote repository.', 'remote-rejected'],
    [
      'Writing objects:  33% (1/3)\nsend-pack: unexpected disconnect while reading sideband packet\nfatal: the remote end hung up unexpectedly',
      'io-failed',
    ],
    ['something else entirely', 'io-failed'],
  ];
  for (const [stderr, code] of cases) {
    it(`maps "${stderr.split('\n')[0]}" to ${code}`, () => {
      const err = gitFailure(new Error(stderr), ctx);
      assert.equal(err.code, code);
      assert.ok(err.message.startsWith('Cloning a failed'), err.message);
      if (code === 'remote-rejected') {
        assert.equal(err.hint, 'Use Link Local Folder….');
        assert.match(err.message, /App zz does not exist/);
      }
    });
  }

  it('keeps cancellation a cancellation', () => {
    assert.equal(gitFailure(new CoreError('cancelled', 'x'), ctx).code, 'cancelled');
    assert.equal(gitFailure(new Error('Abort signal received'), ctx).code, 'cancelled');
  });
});
