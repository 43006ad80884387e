import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPaths } from '../core/checkPaths';
import type { AppReport } from '../core/engine/checkApp';
import { normaliseEngineSettings } from '../core/engine/config';
import { CoreError, isCancellation } from '../core/errors';
import type { HttpClient, Logger } from '../core/ports';
import { AxiosHttpClient } from '../node/axiosHttpClient';
import { maskUrlCredentials } from '../core/report/maskCredentials';
import { ruleCatalog } from '../core/rules';
import { NodeFileSystem } from '../node/nodeFileSystem';
import { NodeFileWriter } from '../node/nodeFileWriter';
import { SimpleGitRunner } from '../node/simpleGitRunner';
import { parseArgs, USAGE, UsageError, type AppsArgs, type CheckArgs } from './args';
import { runApps } from './appsCommand';
import type { BackupArgs, CloneArgs, RestoreBackupArgs } from './de4Args';
import { runBackup, runClone, runRestoreBackup, type De4RepoPorts } from './de4RepoCommands';
import { runMigrate } from './migrateCommand';
import { runPush } from './pushCommand';
import { runReport } from './reportCommand';
import { NodeNetProbe } from '../node/nodeNetProbe';
import { NodeProcessRunner } from '../node/nodeProcessRunner';
import { runConvert, runRestore, type ConvertPorts } from './convertCommand';
import { atLeast, formatJson, formatSarif, formatText } from './formatters';

declare const DE_MIGRATE_VERSION: string;
const VERSION = typeof DE_MIGRATE_VERSION === 'string' ? DE_MIGRATE_VERSION : '0.0.0-dev';

export interface CliIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly signal?: AbortSignal;
  /** Replaces the Node write and git ports (tests inject failures). */
  readonly ports?: Partial<Pick<ConvertPorts, 'writer' | 'git' | 'now'>> & { readonly http?: HttpClient };
  /** Environment variables (DE4_API_KEY); the process's own by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function appsHttp(args: Pick<AppsArgs, 'de4' | 'caFile' | 'insecure'>, io: CliIo, log: Logger): HttpClient {
  if (io.ports?.http) {
    return io.ports.http;
  }
  if (args.insecure) {
    log.warn(`--insecure: the certificate of ${args.de4} is not checked, so the API key could reach an impostor.`);
  }
  let ca: string | undefined;
  if (args.caFile !== undefined) {
    try {
      ca = fs.readFileSync(path.resolve(io.cwd, args.caFile), 'utf8');
    } catch (err) {
      throw new UsageError(`--ca-file ${args.caFile} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return new AxiosHttpClient({
    ...(ca !== undefined ? { ca } : {}),
    ...(args.insecure
      ? {
          rejectUnauthorized: false,
          onInsecureConnection: (host: string) => log.warn(`--insecure: connected to ${host} without checking its TLS certificate.`),
        }
      : {}),
  });
}

function convertPorts(io: CliIo, verbose: boolean): ConvertPorts {
  const log = stderrLogger(io, verbose);
  return {
    fs: new NodeFileSystem(),
    writer: io.ports?.writer ?? new NodeFileWriter(undefined, log),
    git: io.ports?.git ?? new SimpleGitRunner(),
    log,
    ...(io.signal ? { signal: io.signal } : {}),
    ...(io.ports?.now ? { now: io.ports.now } : {}),
  };
}

/** Logs to stderr; `progress` shows info lines (a push's steps) even without --verbose. */
function stderrLogger(io: CliIo, verbose: boolean, progress = false): Logger {
  const line = (level: string) => (m: string) => io.stderr(`${level} ${m}\n`);
  const quiet = () => undefined;
  return {
    trace: quiet,
    debug: verbose ? line('debug') : quiet,
    info: verbose || progress ? line('info') : quiet,
    warn: line('warn'),
    error: line('error'),
  };
}

async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  const config = normaliseEngineSettings({ de5Host: args.de5Host, rules: args.rules });
  if (args.de5Host !== undefined && config.options.de5Host === undefined) {
    throw new UsageError(`--de5-host "${args.de5Host}" is not a host name.`);
  }
  const fs = new NodeFileSystem();
  const roots: string[] = [];
  for (const p of args.paths) {
    const abs = path.resolve(io.cwd, p);
    const st = await fs.stat(abs);
    if (!st || st.type !== 'directory') {
      throw new UsageError(`${p} is not a folder.`);
    }
    roots.push(abs);
  }
  const log = stderrLogger(io, args.verbose);
  const reports = await checkPaths(fs, roots, {
    config,
    exclude: args.exclude,
    log,
    ...(io.signal ? { signal: io.signal } : {}),
    onApp: (r, done, total) => log.info(`[check] ${done}/${total} ${r.root}`),
  });
  const shown: AppReport[] = reports.map((r) => ({ ...r, findings: r.findings.filter((f) => atLeast(f.severity, args.minSeverity)) }));
  switch (args.format) {
    case 'json':
      io.stdout(formatJson(shown, io.cwd) + '\n');
      break;
    case 'sarif':
      io.stdout(formatSarif(shown, io.cwd, ruleCatalog(), VERSION) + '\n');
      break;
    case 'text':
      io.stdout(formatText(shown, io.cwd) + '\n');
      break;
  }
  return shown.some((r) => r.findings.length > 0) ? 1 : 0;
}

function de4RepoPorts(args: CloneArgs | BackupArgs | RestoreBackupArgs, io: CliIo): De4RepoPorts {
  const log = stderrLogger(io, args.verbose);
  const base = convertPorts(io, args.verbose);
  return {
    ...base,
    // restore-backup never talks to DE4; an HTTP client that is never called costs nothing.
    http: args.command === 'restore-backup' ? (io.ports?.http ?? new AxiosHttpClient({})) : appsHttp(args, io, log),
    env: io.env ?? process.env,
    now: io.ports?.now ?? (() => new Date()),
    // ssh-keyscan, for the host-key check before DE4's git is used.
    process: new NodeProcessRunner(),
  };
}

/** Every printed line passes here, so a password or token in a URL (a user's file, a flag) never reaches a terminal or CI log. */
function maskedIo(io: CliIo): CliIo {
  return { ...io, stdout: (t) => io.stdout(maskUrlCredentials(t)), stderr: (t) => io.stderr(maskUrlCredentials(t)) };
}

/** Runs the CLI and returns its exit code: 0 clean, 1 findings, 2 usage or internal error. */
export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io = maskedIo(rawIo);
  let verbose = argv.includes('--verbose');
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        io.stdout(USAGE + '\n');
        return 0;
      case 'version':
        io.stdout(VERSION + '\n');
        return 0;
      case 'check':
        verbose = args.verbose;
        return await runCheck(args, io);
      case 'convert':
        verbose = args.verbose;
        return await runConvert(args, io.cwd, io.stdout, convertPorts(io, verbose));
      case 'restore':
        verbose = args.verbose;
        return await runRestore(args, io.cwd, io.stdout, convertPorts(io, verbose));
      case 'apps': {
        verbose = args.verbose;
        const log = stderrLogger(io, verbose);
        const ports = { http: appsHttp(args, io, log), env: io.env ?? process.env, log, ...(io.signal ? { signal: io.signal } : {}) };
        return await runApps(args, io.stdout, ports);
      }
      case 'clone':
        verbose = args.verbose;
        return await runClone(args, io.cwd, io.stdout, de4RepoPorts(args, io));
      case 'backup':
        verbose = args.verbose;
        return await runBackup(args, io.cwd, io.stdout, de4RepoPorts(args, io));
      case 'restore-backup':
        verbose = args.verbose;
        return await runRestoreBackup(args, io.cwd, io.stdout, de4RepoPorts(args, io));
      case 'push': {
        verbose = args.verbose;
        const base = convertPorts(io, verbose);
        const ports = {
          ...base,
          log: stderrLogger(io, verbose, true),
          net: new NodeNetProbe(),
          process: new NodeProcessRunner(),
          http: io.ports?.http ?? new AxiosHttpClient({}),
          env: io.env ?? process.env,
        };
        return await runPush(args, io.cwd, io.stdout, ports);
      }
      case 'report':
        verbose = args.verbose;
        return await runReport(args, io.cwd, io.stdout, convertPorts(io, verbose));
      case 'migrate': {
        verbose = args.verbose;
        const log = stderrLogger(io, verbose);
        const ports = {
          ...convertPorts(io, verbose),
          log,
          net: new NodeNetProbe(),
          process: new NodeProcessRunner(),
          http: appsHttp(args, io, log),
          appHttp: io.ports?.http ?? new AxiosHttpClient({}),
          env: io.env ?? process.env,
          progress: io.stderr,
        };
        return await runMigrate(args, io.cwd, io.stdout, ports);
      }
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`de-migrate: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (isCancellation(err)) {
      io.stderr('de-migrate: cancelled\n');
      return 2;
    }
    const hint = err instanceof CoreError && err.hint ? `\n${err.hint}` : '';
    io.stderr(`de-migrate: ${err instanceof Error ? err.message : String(err)}${hint}\n`);
    if (verbose && err instanceof Error && err.stack) {
      io.stderr(err.stack + '\n');
    }
    return 2;
  }
}
