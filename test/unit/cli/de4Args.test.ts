import * as assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../../src/cli/args';

describe('cli/args clone, backup and restore-backup', () => {
  it('reads clone with DE4 defaults left to the command (dokku, 3022, host of --de4)', () => {
    assert.deepEqual(parseArgs(['clone', 'sales-dash', '--de4', 'https://de4.example.com', '--user', 'alice']), {
      command: 'clone',
      app: 'sales-dash',
      de4: 'https://de4.example.com',
      user: 'alice',
      insecure: false,
      format: 'text',
      verbose: false,
      ssh: {},
    });
  });

  it('reads every SSH option', () => {
    const args = parseArgs([
      'clone',
      'a',
      '--de4=h',
      '--user=u',
      '--dest',
      'x',
      '--ssh-host',
      'git.h',
      '--ssh-port',
      '2222',
      '--ssh-user',
      'git',
      '--identity-file',
      'k',
      '--known-hosts',
      'kh',
      '--ssh-config',
      'cfg',
      '--strict-host-key-checking',
      'yes',
      '--accept-host-key',
      'SHA256:abc',
      '--format',
      'json',
    ]);
    assert.deepEqual(args, {
      command: 'clone',
      app: 'a',
      de4: 'h',
      user: 'u',
      dest: 'x',
      insecure: false,
      format: 'json',
      verbose: false,
      ssh: {
        sshHost: 'git.h',
        sshPort: 2222,
        sshUser: 'git',
        identityFile: 'k',
        knownHosts: 'kh',
        sshConfig: 'cfg',
        acceptHostKey: 'SHA256:abc',
      },
    });
  });

  it('reads backup, with values only on the explicit flag', () => {
    const args = parseArgs(['backup', 'a', '--de4', 'h', '--user', 'u', '--out', 'b', '--from', 'checkout']);
    assert.equal(args.command, 'backup');
    assert.ok(args.command === 'backup' && args.out === 'b' && args.from === 'checkout' && !args.includeEnvValues);
    const withValues = parseArgs(['backup', 'a', '--de4', 'h', '--user', 'u', '--out', 'b', '--include-env-values']);
    assert.ok(withValues.command === 'backup' && withValues.includeEnvValues);
  });

  it('reads restore-backup', () => {
    assert.deepEqual(parseArgs(['restore-backup', 'bk', 'dest']), {
      command: 'restore-backup',
      backup: 'bk',
      dest: 'dest',
      format: 'text',
      verbose: false,
    });
  });

  const bad: [string[], RegExp][] = [
    [['clone', '--de4', 'h', '--user', 'u'], /exactly one app name/],
    [['clone', 'a', '--user', 'u'], /needs --de4/],
    [['clone', 'a', '--de4', 'h', '--user', 'u', '--ssh-port', '99999'], /--ssh-port must be a port/],
    [['clone', 'a', '--de4', 'h', '--user', 'u', '--strict-host-key-checking', 'no'], /no longer supported.*--accept-host-key/],
    [['clone', 'a', '--de4', 'h', '--user', 'u', '--strict-host-key-checking', 'accept-new'], /host keys are always checked/],
    [['clone', 'a', '--de4', 'h', '--user', 'u', '--api-key', 'x'], /DE4_API_KEY environment variable only/],
    [['backup', 'a', '--de4', 'h', '--user', 'u'], /needs --out/],
    [['restore-backup', 'only-one'], /backup folder and a new destination/],
  ];
  for (const [argv, message] of bad) {
    it(`refuses ${argv.join(' ')}`, () => {
      assert.throws(
        () => parseArgs(argv),
        (e: unknown) => e instanceof UsageError && message.test(e.message),
      );
    });
  }
});
