import { DEFAULT_FLEET_CONCURRENCY, MAX_FLEET_CONCURRENCY } from '../core/migrate/fleet';
import { isDe4AppName } from '../core/git/ssh';
import { oneOf, parseOptions, UsageError } from './args';
import { de5Flags, DE5_FLAG_OPTIONS, defined, intOption, refuseKeyFlags, type De5Flags } from './de5Flags';
import { refuseTrustOnFirstUse, type SshArgs } from './de4Args';

/**
 * `de-migrate migrate`: flags for the DE4 side (API and git over SSH, `--de4-` prefixed where push
 * has the same flag), for the DE5 side (as push takes them) and for the run itself.
 */
export interface MigrateArgs extends De5Flags {
  readonly command: 'migrate';
  readonly de4: string;
  readonly user: string;
  readonly caFile?: string;
  readonly insecure: boolean;
  /** DE4's git over SSH (the clone). */
  readonly de4Ssh: SshArgs;
  readonly de5: string;
  /** Apps named on the command line; undefined with --all, or to resume the apps in the state file. */
  readonly apps?: readonly string[];
  readonly all: boolean;
  readonly concurrency: number;
  readonly workdir: string;
  readonly state?: string;
  readonly retryFailed: boolean;
  readonly format: 'text' | 'json';
  readonly verbose: boolean;
}

function appList(raw: string): string[] {
  const apps = [...new Set(raw.split(',').map((a) => a.trim()))];
  const bad = apps.find((a) => !isDe4AppName(a));
  if (bad !== undefined) {
    throw new UsageError(`--apps takes DE4 app names separated by commas (lowercase letters, digits, dashes); "${bad}" is not one.`);
  }
  return apps;
}

export function parseMigrateArgs(rest: readonly string[]): MigrateArgs {
  refuseKeyFlags(rest);
  const { values, positionals } = parseOptions(rest, {
    ...DE5_FLAG_OPTIONS,
    de4: { type: 'string' },
    user: { type: 'string' },
    'ca-file': { type: 'string' },
    insecure: { type: 'boolean' },
    de5: { type: 'string' },
    apps: { type: 'string' },
    all: { type: 'boolean' },
    concurrency: { type: 'string' },
    workdir: { type: 'string' },
    state: { type: 'string' },
    'retry-failed': { type: 'boolean' },
    format: { type: 'string' },
    verbose: { type: 'boolean' },
    'de4-ssh-host': { type: 'string' },
    'de4-ssh-port': { type: 'string' },
    'de4-ssh-user': { type: 'string' },
    'de4-identity-file': { type: 'string' },
    'de4-known-hosts': { type: 'string' },
    'de4-ssh-config': { type: 'string' },
    'de4-strict-host-key-checking': { type: 'string' },
    'de4-accept-host-key': { type: 'string' },
  });
  refuseTrustOnFirstUse('--de4-strict-host-key-checking', values['de4-strict-host-key-checking'], '--de4-accept-host-key');
  if (positionals.length > 0) {
    throw new UsageError(`migrate takes no folder or other argument (got "${positionals[0] ?? ''}"); name apps with --apps.`);
  }
  const { de4, user, de5 } = values;
  if (de4 === undefined || user === undefined || de5 === undefined) {
    throw new UsageError('migrate needs --de4 <url>, --user <name> and --de5 <host>.');
  }
  if (values.apps !== undefined && values.all) {
    throw new UsageError('Give either --apps or --all, not both.');
  }
  return {
    command: 'migrate',
    de4,
    user,
    de5,
    insecure: values.insecure ?? false,
    all: values.all ?? false,
    concurrency: intOption('--concurrency', values.concurrency, 1, MAX_FLEET_CONCURRENCY) ?? DEFAULT_FLEET_CONCURRENCY,
    workdir: values.workdir ?? '.',
    retryFailed: values['retry-failed'] ?? false,
    de4Ssh: {
      ...defined({
        sshHost: values['de4-ssh-host'],
        sshPort: intOption('--de4-ssh-port', values['de4-ssh-port'], 1, 65535),
        sshUser: values['de4-ssh-user'],
        identityFile: values['de4-identity-file'],
        knownHosts: values['de4-known-hosts'],
        sshConfig: values['de4-ssh-config'],
        acceptHostKey: values['de4-accept-host-key'],
      }),
    },
    ...defined({
      apps: values.apps !== undefined ? appList(values.apps) : undefined,
      caFile: values['ca-file'],
      state: values.state,
    }),
    ...de5Flags(values),
    format: oneOf('--format', values.format, ['text', 'json'], 'text', 'text or json for migrate'),
    verbose: values.verbose ?? false,
  };
}
