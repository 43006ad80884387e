import { parseArgs as parseNodeArgs, type ParseArgsConfig } from 'node:util';
import { SEVERITIES, type Severity } from '../core/model/types';
import { parseDe4RepoArgs, type BackupArgs, type CloneArgs, type RestoreBackupArgs } from './de4Args';
import { parseMigrateArgs, type MigrateArgs } from './migrateArgs';
import { parseReportArgs, REPORT_USAGE, type ReportArgs } from './reportArgs';
import { parsePushArgs, type PushArgs } from './pushArgs';
import { refuseKeyFlags } from './de5Flags';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface CheckArgs {
  readonly command: 'check';
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly minSeverity: Severity;
  readonly de5Host?: string;
  readonly exclude: readonly string[];
  readonly rules: Readonly<Record<string, string>>;
  readonly verbose: boolean;
}

export interface ConvertArgs {
  readonly command: 'convert';
  readonly paths: readonly string[];
  readonly dryRun: boolean;
  readonly unsafe: boolean;
  readonly force: boolean;
  readonly format: 'text' | 'json';
  readonly de5Host?: string;
  readonly rules: Readonly<Record<string, string>>;
  readonly verbose: boolean;
}

export interface RestoreArgs {
  readonly command: 'restore';
  readonly path: string;
  /** A backup tag, or a backup folder. */
  readonly from?: string;
  readonly verbose: boolean;
}

export interface AppsArgs {
  readonly command: 'apps';
  /** The DE4 server URL. */
  readonly de4: string;
  readonly user: string;
  readonly all: boolean;
  readonly format: 'text' | 'json';
  /** A PEM file with the CA that signed the server's certificate. */
  readonly caFile?: string;
  /** Skip certificate checks (explicit, warned). */
  readonly insecure: boolean;
  readonly verbose: boolean;
}

export type ParsedArgs =
  | CheckArgs
  | ConvertArgs
  | RestoreArgs
  | AppsArgs
  | CloneArgs
  | BackupArgs
  | RestoreBackupArgs
  | PushArgs
  | ReportArgs
  | MigrateArgs
  | { readonly command: 'help' }
  | { readonly command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: de-migrate <command> [options]

Commands:
  check [paths...]        Check DE4 apps below the given folders (default: .) for DE5 problems
  convert <app-dir>...    Convert DE4 apps to the DE5 layout (backup first; see options below)
  restore <app-dir>       Bring back the DE4 original kept by convert
  apps --de4 <url> --user <name>
                          List the apps on a DE4 server (read-only)
  clone <app> --de4 <url> --user <name> [--dest <dir>]
                          git clone a DE4 app over SSH and save its DE4 metadata beside it
  backup <app> --de4 <url> --user <name> --out <dir>
                          Back up a DE4 app: git bundle of its repository plus its DE4 metadata
  restore-backup <backup-dir> <dest>
                          Clone a backup's bundle into a new folder, with its metadata
  push <app-dir> --de5 <host>
                          Push a converted app to DE5 over SSH: pre-flight, app setup, push, check
  migrate --de4 <url> --user <name> --de5 <host> [--apps a,b | --all]
                          Migrate apps: clone, convert (safe fixes), DE5 setup, push, verify; resumable
  report [paths...]       The migration report of the apps below the folders (html, md or json)

Options for check:
  --format text|json|sarif      Output format (default: text)
  --min-severity error|warning|info|hint
                                Report and fail on findings at or above this severity (default: warning)
  --de5-host <host>             DE5 host name, used by fixes that point at DE5 (e.g. the package index)
  --exclude <glob>              Skip folders matching the glob (repeatable)
  --rule <id>=<severity|off>    Override one rule's severity (repeatable)
  --verbose                     Log progress to stderr and show stack traces
  -h, --help                    Show this help
  --version                     Show the version

Options for convert:
  --dry-run                     Print the changes as a unified diff and change nothing
  --unsafe                      Also apply unsafe fixes (ones that drop what DE5 has no place for)
  --force                       Convert even when the app folder has uncommitted git changes
  --format text|json            Output format (default: text)
  --de5-host <host>             DE5 host name, used by fixes that point at DE5
  --rule <id>=<severity|off>    Override one rule's severity (repeatable)

Options for restore:
  --from <tag|folder>           The backup to restore (default: the newest de4-original tag for the
                                app, else the newest folder under .de-migrate/backup)

Options for apps (the API key is read from the DE4_API_KEY environment variable, never from a
flag, so it stays out of shell history and process lists; create one in DE4 under the username
menu → Manage API Key):
  --de4 <url>                   The DE4 server, e.g. https://de4.example.com
  --user <name>                 The DE4 user the API key belongs to
  --all                         Every app on the server (needs an admin key), not just the user's own
  --format text|json            Output format (default: text)
  --ca-file <pem>               Trust the CA certificate in this file (self-signed servers)
  --insecure                    Do not check the server's certificate at all (not recommended)

Options for clone and backup (API key from DE4_API_KEY, as for apps; --ca-file and --insecure too):
  --dest <dir>                  clone: the new folder (default: ./<app>)
  --out <dir>                   backup: the folder that receives <app>-de4-backup-<time>/
  --from <checkout-dir>         backup: bundle this local checkout instead of cloning from DE4
  --include-env-values          backup: also write environment variable VALUES (secrets) to env
  --ssh-host <host>             DE4's git SSH host (default: the host of --de4)
  --ssh-port <port>             DE4's git SSH port (default: 3022)
  --ssh-user <user>             DE4's git SSH user (default: dokku)
  --identity-file <file>        SSH private key (default: ssh's own keys and agent)
  --known-hosts <file>          known_hosts file (default: ssh's own, ~/.ssh/known_hosts)
  --ssh-config <file>           ssh client config passed with -F (default: ~/.ssh/config)
  --accept-host-key <SHA256:…>  Trust DE4's git host, seen for the first time, only if its key has
                                this fingerprint (an unknown host otherwise stops the run with it)
  --format text|json            Output format (default: text)

Options for push (nothing is asked: flags answer every question, so CI never hangs):
  --de5 <host>                  The DE5 server
  --app <name>                  The app's DE5 name (default: as last pushed, the DE4 name, or the folder)
  --remote-url <url>            Git remote (default ssh://git@<host>:22/<app>)
  --branch <name>               Deploy branch (default: the remote's; with --yes, main for an empty remote)
  -y, --yes                     Trust a new host key on first use (logged with its fingerprint)
  --accept-host-key <SHA256:…>  Trust a new host key only if it has this fingerprint
  --known-hosts <file>          Trusted keys (default: $XDG_CONFIG_HOME/de-migrate/known_hosts)
  --force-errors                Push although error findings remain
  --overwrite                   Overwrite commits on DE5 that the checkout lacks (--force-with-lease)
  --identity-file <file>        SSH private key
  --ssh-config <file>           ssh client config passed with -F
  --ssh-user <user>             DE5 git SSH user (default git)
  --ssh-port <port>             DE5 git SSH port (default 22)
  --de-cli <path>               Plotly's de CLI (default: de on PATH; without it, a checklist is printed)
  --env-file <file>             Values for the app's environment variables (.env format)
  --app-url <template>          Where the app answers, {host} and {app} filled in (default https://{host}/{app}/)
  --verify-seconds <n>          How long to wait for the app to answer (default 300; 0 skips)
  The de CLI logs in with its own key file, or with DASH_ENTERPRISE_USERNAME/PASSWORD when both are set.

Options for migrate (API key from DE4_API_KEY; nothing is asked; rerunning resumes from the state file):
  --apps <a,b,…> | --all        The apps (--all: every app the key can see; neither: the state file's apps)
  --concurrency <n>             Apps migrated at once (default 4, at most 32)
  --workdir <dir>               Apps are cloned into <dir>/<app> (default: .)
  --state <file>                Progress file (default: <workdir>/.de-migrate/state.json)
  --retry-failed                Retry the step each failed app stopped at (default: leave failed apps)
  --format text|json            text: progress on stderr and a table; json: the final state
  --de4-ssh-host, --de4-ssh-port, --de4-ssh-user, --de4-identity-file, --de4-known-hosts,
  --de4-ssh-config, --de4-accept-host-key
                                DE4's git over SSH, as --ssh-host… are for clone (--ca-file, --insecure too)
  DE5 flags as for push: --ssh-user, --ssh-port, --identity-file, --known-hosts, --ssh-config,
  --accept-host-key, -y/--yes, --branch (default main), --force-errors, --de-cli, --env-file,
  --app-url, --verify-seconds. Commits on DE5 are never overwritten.

${REPORT_USAGE}

Exit codes: 0 clean, 1 findings at or above --min-severity (convert: errors left after converting;
migrate: an app failed), 2 usage, connection or internal error (migrate: or cancelled).`;

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Node's own argument parser, with its errors turned into our usage messages. */
export function parseOptions<O extends Options>(argv: readonly string[], options: O) {
  try {
    return parseNodeArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const name = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`Unknown option "${name}".`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(/does not take an argument/.test(message) ? `${name} takes no value.` : `${name} needs a value.`);
    }
    throw new UsageError(message);
  }
}

export function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T, what: string): T {
  if (value === undefined) {
    return fallback;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${option} must be ${what} (got "${value}").`);
  }
  return value as T;
}

function rulesOf(values: readonly string[] | undefined): Record<string, string> {
  const rules: Record<string, string> = {};
  for (const v of values ?? []) {
    const m = /^([a-z0-9-]+)=(error|warning|info|hint|off)$/.exec(v);
    if (!m || !m[1] || !m[2]) {
      throw new UsageError(`--rule takes <rule-id>=<error|warning|info|hint|off> (got "${v}").`);
    }
    rules[m[1]] = m[2];
  }
  return rules;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help') || argv[0] === 'help') {
    return { command: 'help' };
  }
  if (argv[0] === '--version' || argv[0] === 'version') {
    return { command: 'version' };
  }
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return parseCheckArgs(rest);
    case 'convert':
      return parseConvertArgs(rest);
    case 'restore':
      return parseRestoreArgs(rest);
    case 'apps':
      return parseAppsArgs(rest);
    case 'push':
      return parsePushArgs(rest);
    case 'migrate':
      return parseMigrateArgs(rest);
    case 'report':
      return parseReportArgs(rest);
    case 'clone':
    case 'backup':
    case 'restore-backup':
      return parseDe4RepoArgs(command, rest);
    default:
      throw new UsageError(`Unknown command "${command ?? ''}".`);
  }
}

function parseCheckArgs(rest: readonly string[]): CheckArgs {
  const { values, positionals } = parseOptions(rest, {
    format: { type: 'string' },
    'min-severity': { type: 'string' },
    'de5-host': { type: 'string' },
    exclude: { type: 'string', multiple: true },
    rule: { type: 'string', multiple: true },
    verbose: { type: 'boolean' },
  });
  const de5Host = values['de5-host'];
  return {
    command: 'check',
    paths: positionals.length > 0 ? positionals : ['.'],
    format: oneOf('--format', values.format, ['text', 'json', 'sarif'], 'text', 'text, json or sarif'),
    minSeverity: oneOf('--min-severity', values['min-severity'], SEVERITIES, 'warning', `one of ${SEVERITIES.join(', ')}`),
    ...(de5Host !== undefined ? { de5Host } : {}),
    exclude: values.exclude ?? [],
    rules: rulesOf(values.rule),
    verbose: values.verbose ?? false,
  };
}

function parseConvertArgs(rest: readonly string[]): ConvertArgs {
  const { values, positionals } = parseOptions(rest, {
    'dry-run': { type: 'boolean' },
    unsafe: { type: 'boolean' },
    force: { type: 'boolean' },
    verbose: { type: 'boolean' },
    format: { type: 'string' },
    'de5-host': { type: 'string' },
    rule: { type: 'string', multiple: true },
  });
  if (positionals.length === 0) {
    throw new UsageError('convert needs at least one app folder.');
  }
  const de5Host = values['de5-host'];
  return {
    command: 'convert',
    paths: positionals,
    dryRun: values['dry-run'] ?? false,
    unsafe: values.unsafe ?? false,
    force: values.force ?? false,
    format: oneOf('--format', values.format, ['text', 'json'], 'text', 'text or json for convert'),
    ...(de5Host !== undefined ? { de5Host } : {}),
    rules: rulesOf(values.rule),
    verbose: values.verbose ?? false,
  };
}

function parseRestoreArgs(rest: readonly string[]): RestoreArgs {
  const { values, positionals } = parseOptions(rest, { from: { type: 'string' }, verbose: { type: 'boolean' } });
  const [only, ...more] = positionals;
  if (only === undefined || more.length > 0) {
    throw new UsageError('restore takes exactly one app folder.');
  }
  return { command: 'restore', path: only, ...(values.from !== undefined ? { from: values.from } : {}), verbose: values.verbose ?? false };
}

function parseAppsArgs(rest: readonly string[]): AppsArgs {
  refuseKeyFlags(rest);
  const { values, positionals } = parseOptions(rest, {
    de4: { type: 'string' },
    user: { type: 'string' },
    'ca-file': { type: 'string' },
    all: { type: 'boolean' },
    insecure: { type: 'boolean' },
    verbose: { type: 'boolean' },
    format: { type: 'string' },
  });
  if (positionals.length > 0) {
    throw new UsageError(`apps takes no folder or other argument (got "${positionals[0] ?? ''}").`);
  }
  const { de4, user } = values;
  if (de4 === undefined || user === undefined) {
    throw new UsageError('apps needs --de4 <url> and --user <name>.');
  }
  const caFile = values['ca-file'];
  return {
    command: 'apps',
    de4,
    user,
    all: values.all ?? false,
    format: oneOf('--format', values.format, ['text', 'json'], 'text', 'text or json for apps'),
    ...(caFile !== undefined ? { caFile } : {}),
    insecure: values.insecure ?? false,
    verbose: values.verbose ?? false,
  };
}
