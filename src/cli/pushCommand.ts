import * as os from 'node:os';
import * as path from 'node:path';
import { checkPaths } from '../core/checkPaths';
import { DE4_METADATA_FILE, parseDe4Metadata, type De4AppMetadataFile } from '../core/de4/appMetadata';
import { parseDotenv } from '../core/de4/dotenv';
import { normaliseEngineSettings } from '../core/engine/config';
import { DeCliAdmin, deCliVersion, ManualDe5Admin } from '../core/de5/deCliAdmin';
import { pushApp, untrustedHostKey, type PushAppResult, type PushUi } from '../core/de5/pushApp';
import { DE5_RECORD_FILE, parsePushRecord, serializePushRecord, suggestDe5AppName, type De5PushRecord } from '../core/de5/pushRecord';
import { de5AppUrl, de5RemoteUrl, requireDe5AppName } from '../core/de5/serverConfig';
import { KnownHostsAppender } from '../core/git/knownHostsFile';
import { DEFAULT_SSH_SETTINGS } from '../core/git/ssh';
import type { FileSystem, FileWriter, GitRunner, HttpClient, Logger, NetProbe, ProcessRunner } from '../core/ports';
import { withSshControlDir } from '../node/sshControlDir';
import type { PushArgs } from './pushArgs';
import { de5ServerOf } from './de5Flags';

export interface PushPorts {
  readonly fs: FileSystem;
  readonly writer: FileWriter;
  readonly git: GitRunner;
  readonly net: NetProbe;
  readonly process: ProcessRunner;
  readonly http: HttpClient;
  readonly log: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

/** The CLI's own known-hosts file (the editor keeps its own): `$XDG_CONFIG_HOME/de-migrate/known_hosts`. */
export function defaultKnownHostsFile(env: Readonly<Record<string, string | undefined>>): string {
  return path.join(env['XDG_CONFIG_HOME'] ?? path.join(os.homedir(), '.config'), 'de-migrate', 'known_hosts');
}

async function readText(fs: FileSystem, file: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await fs.readFile(file));
  } catch {
    return undefined;
  }
}

/** Questions answered from flags: nothing waits for a person, so CI never hangs. */
function flagUi(
  args: PushArgs,
  values: ReadonlyMap<string, string>,
  knownHostsFile: string,
  ports: PushPorts,
  checklist: string[],
): PushUi {
  const { log } = ports;
  return {
    step: (text) => log.info(`[push] ${text}`),
    progress: (p) => log.debug(`[push] ${p.stage} ${p.percent}%`),
    confirmHostKey: (host, port, fingerprint, type) => {
      if (args.acceptHostKey !== undefined) {
        return Promise.resolve(args.acceptHostKey === fingerprint);
      }
      if (args.yes) {
        log.warn(`[push] trusting ${host}:${port} on first use (--yes): ${type} ${fingerprint}`);
        return Promise.resolve(true);
      }
      return Promise.reject(
        untrustedHostKey(
          host,
          port,
          fingerprint,
          type,
          undefined,
          `Compare it with the one your DE5 administrator publishes, then run again with --accept-host-key ${fingerprint}.`,
        ),
      );
    },
    rememberHostKeys: (lines) => new KnownHostsAppender(knownHostsFile, ports).append(lines),
    chooseBranch: (suggested) => Promise.resolve(args.branch ?? (args.yes ? suggested : undefined)),
    valueFor: (name) => Promise.resolve(values.get(name)),
    confirmForce: () => Promise.resolve(args.overwrite),
    checklist: (lines) => checklist.push(...lines),
  };
}

async function errorCount(root: string, ports: PushPorts): Promise<number> {
  const reports = await checkPaths(ports.fs, [root], {
    config: normaliseEngineSettings({}),
    exclude: [],
    log: ports.log,
    ...(ports.signal ? { signal: ports.signal } : {}),
  });
  return reports.flatMap((r) => r.findings).filter((f) => f.severity === 'error').length;
}

/** `de-migrate push <app-dir> --de5 <host>`: 0 pushed (and answering, when checked), 1 pushed but not answering. */
export async function runPush(args: PushArgs, cwd: string, stdout: (t: string) => void, ports: PushPorts): Promise<number> {
  const root = path.resolve(cwd, args.path);
  const server = de5ServerOf(args);
  const recordFile = path.join(root, ...DE5_RECORD_FILE.split('/'));
  const recordText = await readText(ports.fs, recordFile);
  const record = recordText !== undefined ? parsePushRecord(recordText) : undefined;
  const same = record?.host === server.host ? record : undefined;
  const metaText = await readText(ports.fs, path.join(root, ...DE4_METADATA_FILE.split('/')));
  const meta: De4AppMetadataFile | undefined = metaText !== undefined ? parseDe4Metadata(metaText) : undefined;
  const app = requireDe5AppName(args.app ?? same?.app ?? meta?.source.app ?? suggestDe5AppName(path.basename(root)));
  const remoteUrl = args.remoteUrl ?? (same?.app === app ? same.remoteUrl : undefined) ?? de5RemoteUrl(server, app);
  const knownHostsFile = path.resolve(cwd, args.knownHosts ?? defaultKnownHostsFile(ports.env));
  const values =
    args.envFile !== undefined ? parseDotenv((await readText(ports.fs, path.resolve(cwd, args.envFile))) ?? '') : new Map<string, string>();
  const command = args.deCli ?? 'de';
  const version = await deCliVersion(ports.process, command, ports.signal);
  const { DASH_ENTERPRISE_USERNAME: username, DASH_ENTERPRISE_PASSWORD: password } = ports.env;
  const admin = version
    ? new DeCliAdmin({
        runner: ports.process,
        command,
        host: server.host,
        ...(username && password ? { username, password } : {}),
        log: ports.log,
      })
    : new ManualDe5Admin();
  const checklist: string[] = [];
  const errors = await errorCount(root, ports);
  const result: PushAppResult = await withSshControlDir(async (controlDir) =>
    pushApp(
      {
        appDir: root,
        app,
        remoteUrl,
        branch: args.branch ?? (same?.app === app ? same.branch : undefined),
        ssh: {
          ...DEFAULT_SSH_SETTINGS,
          strictHostKeyChecking: 'yes',
          knownHostsFile,
          ...(controlDir ? { controlDir } : {}),
          ...(args.identityFile ? { identityFile: path.resolve(cwd, args.identityFile) } : {}),
          ...(args.sshConfig ? { configFile: path.resolve(cwd, args.sshConfig) } : {}),
        },
        knownHostsText: (await readText(ports.fs, knownHostsFile)) ?? '',
        errorCount: errors,
        overrideErrors: args.forceErrors,
        metadata: meta,
        admin,
        appUrl: args.verifySeconds > 0 ? de5AppUrl(server, app) : undefined,
        verifyTimeoutMs: args.verifySeconds * 1000,
      },
      flagUi(args, values, knownHostsFile, ports, checklist),
      {
        git: ports.git,
        net: ports.net,
        process: ports.process,
        http: ports.http,
        log: ports.log,
        ...(ports.signal ? { signal: ports.signal } : {}),
      },
    ),
  );
  const next: De5PushRecord = {
    schemaVersion: 1,
    host: server.host,
    app,
    ...(args.remoteUrl ? { remoteUrl: args.remoteUrl } : same?.remoteUrl ? { remoteUrl: same.remoteUrl } : {}),
    ...(args.branch ? { branch: args.branch } : same?.branch ? { branch: same.branch } : {}),
    lastPush: {
      sha: result.sha,
      branch: result.branch,
      time: new Date().toISOString(),
      ...(result.verified ? { verified: result.verified.ok } : {}),
    },
  };
  await ports.writer.mkdir(path.dirname(recordFile));
  await ports.writer.writeFileAtomic(recordFile, new TextEncoder().encode(serializePushRecord(next)));
  const answered = result.verified === undefined ? null : result.verified.ok;
  if (args.format === 'json') {
    stdout(
      `${JSON.stringify({ version: 1, app, remoteUrl, branch: result.branch, sha: result.sha, upToDate: result.upToDate, answered, checklist }, null, 2)}\n`,
    );
  } else {
    const lines = [
      `${result.upToDate ? 'Already up to date' : 'Pushed'}: ${app} ${result.sha.slice(0, 7)} → ${remoteUrl} (${result.branch})`,
      ...(answered === null
        ? []
        : [
            answered
              ? `The app answers at ${de5AppUrl(server, app)}`
              : `The app did not answer yet: ${result.verified && !result.verified.ok ? result.verified.last : ''}`,
          ]),
      ...(checklist.length > 0 ? ['Set up on DE5 by hand (the de CLI is not installed):', ...checklist.map((l) => `  ${l}`)] : []),
    ];
    stdout(`${lines.join('\n')}\n`);
  }
  return answered === false ? 1 : 0;
}
