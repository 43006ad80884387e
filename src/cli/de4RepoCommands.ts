import * as os from 'node:os';
import * as path from 'node:path';
import { De4Client } from '../core/api/de4Client';
import type { De4AppDetail } from '../core/api/de4Types';
import { buildDe4Metadata } from '../core/de4/appMetadata';
import { CoreError } from '../core/errors';
import { backupDe4App, restoreDe4Backup, type BackupSource } from '../core/git/de4Backup';
import { cloneDe4App, compareWithDeployed, type DeployedComparison, type RepoPorts } from '../core/git/de4Repo';
import { DE4_SSH_PORT, DE4_SSH_USER, DEFAULT_SSH_SETTINGS, type De4SshTarget, type SshSettings } from '../core/git/ssh';
import { NULL_LOGGER, type HttpClient, type ProcessRunner } from '../core/ports';
import { trustDe4HostKey } from './de4HostKey';
import { UsageError } from './args';
import type { BackupArgs, CloneArgs, RestoreBackupArgs, SshArgs } from './de4Args';
import { API_KEY_VARIABLE } from './appsCommand';

export interface De4RepoPorts extends RepoPorts {
  readonly process: ProcessRunner;
  readonly http: HttpClient;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
}

export function sshSettings(a: SshArgs, cwd: string): SshSettings {
  const abs = (p: string | undefined): string | undefined => (p === undefined ? undefined : path.resolve(cwd, p));
  const identityFile = abs(a.identityFile);
  const knownHostsFile = abs(a.knownHosts);
  const configFile = abs(a.sshConfig);
  return {
    ...DEFAULT_SSH_SETTINGS,
    // The host key was checked first (trustDe4HostKey): ssh must not trust anything on its own.
    strictHostKeyChecking: 'yes',
    ...(identityFile !== undefined ? { identityFile } : {}),
    ...(knownHostsFile !== undefined ? { knownHostsFile } : {}),
    ...(configFile !== undefined ? { configFile } : {}),
  };
}

export function sshTarget(de4: string, a: SshArgs): De4SshTarget {
  let host: string;
  try {
    host = a.sshHost ?? new URL(/^[a-z]+:\/\//i.test(de4) ? de4 : `https://${de4}`).hostname;
  } catch {
    throw new UsageError(`--de4 "${de4}" is not a URL.`);
  }
  return { host, port: a.sshPort ?? DE4_SSH_PORT, user: a.sshUser ?? DE4_SSH_USER };
}

/** The app's DE4 record, or undefined when no API key is set and `required` is false. */
async function detailOf(
  args: CloneArgs | BackupArgs,
  ports: De4RepoPorts,
  required: boolean,
): Promise<{ server: string; detail: De4AppDetail } | undefined> {
  const apiKey = ports.env[API_KEY_VARIABLE]?.trim();
  if (!apiKey) {
    if (required) {
      throw new UsageError(
        `Set the DE4 API key in the ${API_KEY_VARIABLE} environment variable: ${args.command} saves the app's DE4 metadata.`,
      );
    }
    ports.log?.warn(`${API_KEY_VARIABLE} is not set: cloning without saving the app's DE4 metadata (.de-migrate/de4-app.json).`);
    return undefined;
  }
  const client = new De4Client({
    baseUrl: args.de4,
    http: ports.http,
    getAuth: () => Promise.resolve({ username: args.user, apiKey }),
    log: ports.log ?? NULL_LOGGER,
  });
  const current = await client.current(ports.signal);
  const detail = await client.appDetail(args.app, { all: current.isAdmin }, ports.signal);
  if (!detail) {
    throw new CoreError('not-found', `${client.baseUrl} does not list an app named ${args.app} for ${current.username}.`, {
      hint: 'Check the name with `de-migrate apps`.',
    });
  }
  return { server: client.baseUrl, detail };
}

function comparisonText(c: DeployedComparison): string {
  switch (c.kind) {
    case 'same':
      return `HEAD ${c.head.slice(0, 7)} is the deployed commit.`;
    case 'ahead':
      return `HEAD is ${c.commits} commits ahead of the deployed commit ${c.deployed.slice(0, 7)}.`;
    case 'behind':
      return `warning: HEAD is ${c.commits} commits behind the deployed commit ${c.deployed.slice(0, 7)}: you would migrate stale code.`;
    case 'diverged':
      return `warning: HEAD and the deployed commit ${c.deployed.slice(0, 7)} have diverged.`;
    case 'unknown-deployed':
      return `warning: the deployed commit ${c.deployed.slice(0, 7)} is not in this repository.`;
    case 'no-deploy-info':
      return 'DE4 reports no deployed commit.';
    case 'not-git':
      return 'not a git repository.';
  }
}

export async function runClone(args: CloneArgs, cwd: string, stdout: (t: string) => void, ports: De4RepoPorts): Promise<number> {
  const found = await detailOf(args, ports, false);
  const dest = path.resolve(cwd, args.dest ?? args.app);
  const metadata = found ? buildDe4Metadata(found.server, found.detail, ports.now()) : undefined;
  const target = sshTarget(args.de4, args.ssh);
  const ssh = await trustDe4HostKey(target, sshSettings(args.ssh, cwd), args.ssh.acceptHostKey, '--accept-host-key', ports);
  const clone = await cloneDe4App({ target, ssh, app: args.app, dest, ...(metadata ? { metadata } : {}) }, ports);
  const comparison = await compareWithDeployed(clone.dir, found?.detail.analytics.gitRevision.sha1, ports);
  if (args.format === 'json') {
    stdout(
      `${JSON.stringify({ version: 1, app: args.app, dir: clone.dir, head: clone.head ?? null, metadata: metadata !== undefined, comparison }, null, 2)}\n`,
    );
  } else {
    stdout(
      `Cloned ${args.app} into ${clone.dir}${metadata ? ' (DE4 metadata in .de-migrate/de4-app.json)' : ''}. ${comparisonText(comparison)}\n`,
    );
  }
  return 0;
}

export async function runBackup(args: BackupArgs, cwd: string, stdout: (t: string) => void, ports: De4RepoPorts): Promise<number> {
  const found = await detailOf(args, ports, true);
  if (!found) {
    return 2;
  }
  const target = sshTarget(args.de4, args.ssh);
  const source: BackupSource =
    args.from !== undefined
      ? { kind: 'folder', dir: path.resolve(cwd, args.from) }
      : {
          kind: 'de4',
          target,
          ssh: await trustDe4HostKey(target, sshSettings(args.ssh, cwd), args.ssh.acceptHostKey, '--accept-host-key', ports),
          scratchDir: path.join(os.tmpdir(), `de-migrate-backup-${process.pid}-${Date.now().toString(36)}`),
        };
  const now = ports.now();
  const result = await backupDe4App(
    {
      source,
      metadata: buildDe4Metadata(found.server, found.detail, now),
      outDir: path.resolve(cwd, args.out),
      now,
      ...(args.includeEnvValues ? { envValues: found.detail.environmentVariables.map((v) => ({ name: v.name, value: v.value })) } : {}),
    },
    ports,
  );
  if (args.format === 'json') {
    stdout(`${JSON.stringify({ version: 1, dir: result.dir, manifest: result.manifest }, null, 2)}\n`);
  } else {
    stdout(
      `Backed up ${args.app} to ${result.dir}${args.includeEnvValues ? ' (includes environment variable values: keep it private)' : ''}.\n`,
    );
  }
  return 0;
}

export async function runRestoreBackup(
  args: RestoreBackupArgs,
  cwd: string,
  stdout: (t: string) => void,
  ports: De4RepoPorts,
): Promise<number> {
  const result = await restoreDe4Backup(path.resolve(cwd, args.backup), path.resolve(cwd, args.dest), ports);
  if (args.format === 'json') {
    stdout(`${JSON.stringify({ version: 1, app: result.manifest.app, dir: result.dir, head: result.head ?? null }, null, 2)}\n`);
  } else {
    stdout(`Restored ${result.manifest.app} into ${result.dir} (HEAD ${result.head?.slice(0, 7) ?? 'none'}).\n`);
  }
  return 0;
}
