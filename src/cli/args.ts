import { SEVERITIES, type Severity } from '../core/model/types';

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

export type ParsedArgs = CheckArgs | ConvertArgs | RestoreArgs | AppsArgs | { readonly command: 'help' } | { readonly command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: de-migrate <command> [options]

Commands:
  check [paths...]        Check DE4 apps below the given folders (default: .) for DE5 problems
  convert <app-dir>...    Convert DE4 apps to the DE5 layout (backup first; see options below)
  restore <app-dir>       Bring back the DE4 original kept by convert
  apps --de4 <url> --user <name>
                          List the apps on a DE4 server (read-only)

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

Exit codes: 0 clean, 1 findings at or above --min-severity (convert: errors left after converting),
2 usage, connection or internal error.`;

function takeValue(argv: readonly string[], i: number, name: string, inline: string | undefined): [string, number] {
  if (inline !== undefined) {
    return [inline, i];
  }
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) {
    throw new UsageError(`${name} needs a value.`);
  }
  return [v, i + 1];
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help') || argv[0] === 'help') {
    return { command: 'help' };
  }
  if (argv[0] === '--version' || argv[0] === 'version') {
    return { command: 'version' };
  }
  const [command, ...rest] = argv;
  if (command === 'convert') {
    return parseConvertArgs(rest);
  }
  if (command === 'restore') {
    return parseRestoreArgs(rest);
  }
  if (command === 'apps') {
    return parseAppsArgs(rest);
  }
  if (command !== 'check') {
    throw new UsageError(`Unknown command "${command ?? ''}".`);
  }
  const paths: string[] = [];
  const exclude: string[] = [];
  const rules: Record<string, string> = {};
  let format: OutputFormat = 'text';
  let minSeverity: Severity = 'warning';
  let de5Host: string | undefined;
  let verbose = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (!arg.startsWith('-')) {
      paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    let v: string;
    switch (name) {
      case '--format':
        [v, i] = takeValue(rest, i, name, inline);
        if (v !== 'text' && v !== 'json' && v !== 'sarif') {
          throw new UsageError(`--format must be text, json or sarif (got "${v}").`);
        }
        format = v;
        break;
      case '--min-severity':
        [v, i] = takeValue(rest, i, name, inline);
        if (!(SEVERITIES as readonly string[]).includes(v)) {
          throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')} (got "${v}").`);
        }
        minSeverity = v as Severity;
        break;
      case '--de5-host':
        [v, i] = takeValue(rest, i, name, inline);
        de5Host = v;
        break;
      case '--exclude':
        [v, i] = takeValue(rest, i, name, inline);
        exclude.push(v);
        break;
      case '--rule':
        [v, i] = takeValue(rest, i, name, inline);
        addRule(rules, v);
        break;
      case '--verbose':
        verbose = true;
        break;
      default:
        throw new UsageError(`Unknown option "${name}".`);
    }
  }
  return {
    command: 'check',
    paths: paths.length > 0 ? paths : ['.'],
    format,
    minSeverity,
    ...(de5Host !== undefined ? { de5Host } : {}),
    exclude,
    rules,
    verbose,
  };
}

function addRule(rules: Record<string, string>, v: string): void {
  const m = /^([a-z0-9-]+)=(error|warning|info|hint|off)$/.exec(v);
  if (!m || !m[1] || !m[2]) {
    throw new UsageError(`--rule takes <rule-id>=<error|warning|info|hint|off> (got "${v}").`);
  }
  rules[m[1]] = m[2];
}

/** Splits `--name=value` into its parts. */
function splitOption(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

function noValue(name: string, inline: string | undefined): void {
  if (inline !== undefined) {
    throw new UsageError(`${name} takes no value.`);
  }
}

function parseConvertArgs(rest: readonly string[]): ConvertArgs {
  const paths: string[] = [];
  const rules: Record<string, string> = {};
  let dryRun = false;
  let unsafe = false;
  let force = false;
  let verbose = false;
  let format: 'text' | 'json' = 'text';
  let de5Host: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (!arg.startsWith('-')) {
      paths.push(arg);
      continue;
    }
    const [name, inline] = splitOption(arg);
    let v: string;
    switch (name) {
      case '--dry-run':
        noValue(name, inline);
        dryRun = true;
        break;
      case '--unsafe':
        noValue(name, inline);
        unsafe = true;
        break;
      case '--force':
        noValue(name, inline);
        force = true;
        break;
      case '--verbose':
        noValue(name, inline);
        verbose = true;
        break;
      case '--format':
        [v, i] = takeValue(rest, i, name, inline);
        if (v !== 'text' && v !== 'json') {
          throw new UsageError(`--format must be text or json for convert (got "${v}").`);
        }
        format = v;
        break;
      case '--de5-host':
        [v, i] = takeValue(rest, i, name, inline);
        de5Host = v;
        break;
      case '--rule':
        [v, i] = takeValue(rest, i, name, inline);
        addRule(rules, v);
        break;
      default:
        throw new UsageError(`Unknown option "${name}".`);
    }
  }
  if (paths.length === 0) {
    throw new UsageError('convert needs at least one app folder.');
  }
  return { command: 'convert', paths, dryRun, unsafe, force, format, ...(de5Host !== undefined ? { de5Host } : {}), rules, verbose };
}

function parseRestoreArgs(rest: readonly string[]): RestoreArgs {
  const paths: string[] = [];
  let from: string | undefined;
  let verbose = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (!arg.startsWith('-')) {
      paths.push(arg);
      continue;
    }
    const [name, inline] = splitOption(arg);
    switch (name) {
      case '--from':
        [from, i] = takeValue(rest, i, name, inline);
        break;
      case '--verbose':
        noValue(name, inline);
        verbose = true;
        break;
      default:
        throw new UsageError(`Unknown option "${name}".`);
    }
  }
  const [only, ...more] = paths;
  if (only === undefined || more.length > 0) {
    throw new UsageError('restore takes exactly one app folder.');
  }
  return { command: 'restore', path: only, ...(from !== undefined ? { from } : {}), verbose };
}

function parseAppsArgs(rest: readonly string[]): AppsArgs {
  let de4: string | undefined;
  let user: string | undefined;
  let caFile: string | undefined;
  let all = false;
  let insecure = false;
  let verbose = false;
  let format: 'text' | 'json' = 'text';
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (!arg.startsWith('-')) {
      throw new UsageError(`apps takes no folder or other argument (got "${arg}").`);
    }
    const [name, inline] = splitOption(arg);
    let v: string;
    switch (name) {
      case '--de4':
        [de4, i] = takeValue(rest, i, name, inline);
        break;
      case '--user':
        [user, i] = takeValue(rest, i, name, inline);
        break;
      case '--ca-file':
        [caFile, i] = takeValue(rest, i, name, inline);
        break;
      case '--all':
        noValue(name, inline);
        all = true;
        break;
      case '--insecure':
        noValue(name, inline);
        insecure = true;
        break;
      case '--verbose':
        noValue(name, inline);
        verbose = true;
        break;
      case '--format':
        [v, i] = takeValue(rest, i, name, inline);
        if (v !== 'text' && v !== 'json') {
          throw new UsageError(`--format must be text or json for apps (got "${v}").`);
        }
        format = v;
        break;
      case '--api-key':
      case '--key':
      case '--token':
        throw new UsageError('The API key is read from the DE4_API_KEY environment variable only, never from a flag.');
      default:
        throw new UsageError(`Unknown option "${name}".`);
    }
  }
  if (de4 === undefined || user === undefined) {
    throw new UsageError('apps needs --de4 <url> and --user <name>.');
  }
  return { command: 'apps', de4, user, all, format, ...(caFile !== undefined ? { caFile } : {}), insecure, verbose };
}
