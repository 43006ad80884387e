import { isDe4AppName } from '../core/git/ssh';
import { oneOf, parseOptions, UsageError } from './args';
import { defined, refuseKeyFlags } from './de5Flags';

/** Where and how to reach DE4's git over SSH, from flags (defaults are DE4's: dokku, port 3022). */
export interface SshArgs {
  readonly sshHost?: string;
  readonly sshPort?: number;
  readonly sshUser?: string;
  readonly identityFile?: string;
  readonly knownHosts?: string;
  readonly sshConfig?: string;
  /** The fingerprint of DE4's git host key to trust if the host is new (never anything else). */
  readonly acceptHostKey?: string;
}

interface De4ServerArgs {
  readonly de4: string;
  readonly user: string;
  readonly caFile?: string;
  readonly insecure: boolean;
  readonly format: 'text' | 'json';
  readonly verbose: boolean;
  readonly ssh: SshArgs;
}

export interface CloneArgs extends De4ServerArgs {
  readonly command: 'clone';
  readonly app: string;
  readonly dest?: string;
}

export interface BackupArgs extends De4ServerArgs {
  readonly command: 'backup';
  readonly app: string;
  readonly out: string;
  readonly from?: string;
  readonly includeEnvValues: boolean;
}

export interface RestoreBackupArgs {
  readonly command: 'restore-backup';
  readonly backup: string;
  readonly dest: string;
  readonly format: 'text' | 'json';
  readonly verbose: boolean;
}

const SERVER_OPTIONS = {
  de4: { type: 'string' },
  user: { type: 'string' },
  'ca-file': { type: 'string' },
  insecure: { type: 'boolean' },
  format: { type: 'string' },
  verbose: { type: 'boolean' },
  'ssh-host': { type: 'string' },
  'ssh-port': { type: 'string' },
  'ssh-user': { type: 'string' },
  'identity-file': { type: 'string' },
  'known-hosts': { type: 'string' },
  'ssh-config': { type: 'string' },
  'accept-host-key': { type: 'string' },
  // Only to explain that accept-new is gone; `yes` is what always happens now.
  'strict-host-key-checking': { type: 'string' },
} as const;

/**
 * `--strict-host-key-checking` from older scripts: `yes` is the only behaviour left; `accept-new`
 * (trust on first use, silently) is refused with the way to trust a host explicitly.
 */
export function refuseTrustOnFirstUse(flag: string, value: string | undefined, acceptFlag: string): void {
  if (value !== undefined && value !== 'yes') {
    throw new UsageError(
      `${flag} ${value} is no longer supported: host keys are always checked. Compare the fingerprint the first run prints and pass it with ${acceptFlag}.`,
    );
  }
}

function portOf(raw: string | undefined): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new UsageError(`--ssh-port must be a port number (got "${raw}").`);
  }
  return n;
}

/** Refused before any request: the name goes into a git URL and a folder name. */
function de4AppName(command: string, app: string): string {
  if (!isDe4AppName(app)) {
    throw new UsageError(`${command}: ${JSON.stringify(app)} is not a DE4 app name (lowercase letters, digits and dashes).`);
  }
  return app;
}

type ServerValues = { [K in keyof typeof SERVER_OPTIONS]?: (typeof SERVER_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

function serverArgs(command: string, values: ServerValues): De4ServerArgs {
  refuseTrustOnFirstUse('--strict-host-key-checking', values['strict-host-key-checking'], '--accept-host-key');
  const { de4, user } = values;
  if (de4 === undefined || user === undefined) {
    throw new UsageError(`${command} needs --de4 <url> and --user <name>.`);
  }
  return {
    de4,
    user,
    ...defined({ caFile: values['ca-file'] }),
    insecure: values.insecure ?? false,
    format: oneOf('--format', values.format, ['text', 'json'], 'text', `text or json for ${command}`),
    verbose: values.verbose ?? false,
    ssh: {
      ...defined({
        sshHost: values['ssh-host'],
        sshPort: portOf(values['ssh-port']),
        sshUser: values['ssh-user'],
        identityFile: values['identity-file'],
        knownHosts: values['known-hosts'],
        sshConfig: values['ssh-config'],
        acceptHostKey: values['accept-host-key'],
      }),
    },
  };
}

/** `clone`, `backup` and `restore-backup`. */
export function parseDe4RepoArgs(
  command: 'clone' | 'backup' | 'restore-backup',
  rest: readonly string[],
): CloneArgs | BackupArgs | RestoreBackupArgs {
  refuseKeyFlags(rest);
  if (command === 'restore-backup') {
    const { values, positionals } = parseOptions(rest, { format: { type: 'string' }, verbose: { type: 'boolean' } });
    const [backup, dest, ...more] = positionals;
    if (backup === undefined || dest === undefined || more.length > 0) {
      throw new UsageError('restore-backup takes a backup folder and a new destination folder.');
    }
    return {
      command,
      backup,
      dest,
      format: oneOf('--format', values.format, ['text', 'json'], 'text', 'text or json for restore-backup'),
      verbose: values.verbose ?? false,
    };
  }
  if (command === 'clone') {
    const { values, positionals } = parseOptions(rest, { ...SERVER_OPTIONS, dest: { type: 'string' } });
    const [app, ...more] = positionals;
    if (app === undefined || more.length > 0) {
      throw new UsageError('clone takes exactly one app name.');
    }
    return { command, app: de4AppName(command, app), ...serverArgs(command, values), ...defined({ dest: values.dest }) };
  }
  const { values, positionals } = parseOptions(rest, {
    ...SERVER_OPTIONS,
    out: { type: 'string' },
    from: { type: 'string' },
    'include-env-values': { type: 'boolean' },
  });
  const [app, ...more] = positionals;
  if (app === undefined || more.length > 0) {
    throw new UsageError('backup takes exactly one app name.');
  }
  if (values.out === undefined) {
    throw new UsageError('backup needs --out <dir>, the folder that receives the backup.');
  }
  return {
    command,
    app: de4AppName(command, app),
    ...serverArgs(command, values),
    out: values.out,
    ...defined({ from: values.from }),
    includeEnvValues: values['include-env-values'] ?? false,
  };
}
