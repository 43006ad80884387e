import * as vscode from 'vscode';
import { normaliseEngineSettings, type EngineConfig } from '../core/engine/config';
import { normaliseDe5Servers, type De5ServerConfig } from '../core/de5/serverConfig';
import { DEFAULT_SSH_SETTINGS, type SshSettings } from '../core/git/ssh';
import { normaliseDe4Servers, type De4ServerConfig } from '../core/de4/serverConfig';

export const CONFIG_SECTION = 'deMigrate';

export interface ExtensionConfig {
  readonly engine: EngineConfig;
  readonly exclude: readonly string[];
  /** `deMigrate.de4.servers`: the DE4 servers of the DE4 Apps tree (API keys live in SecretStorage). */
  readonly de4Servers: readonly De4ServerConfig[];
  /** `deMigrate.ssh.*`: how git reaches servers over SSH (Clone, Back Up, and later the push). */
  readonly ssh: SshSettings;
  /** `deMigrate.de5.servers` (or one entry from `deMigrate.de5.host`): where apps are pushed. */
  readonly de5Servers: readonly De5ServerConfig[];
  /** `deMigrate.de5.cliPath`: Plotly's `de` CLI. */
  readonly de5CliPath: string;
  /** `deMigrate.migrate.concurrency`: apps a fleet migration works on at once (1–32). */
  readonly migrateConcurrency: number;
}

function concurrency(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 32 ? v : 4;
}

/** A non-empty trimmed string setting, else undefined (each key is read with a literal `c.get`, which the manifest check finds). */
function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function sshSettings(c: vscode.WorkspaceConfiguration): SshSettings {
  const identityFile = nonEmpty(c.get<unknown>('ssh.identityFile'));
  const knownHostsFile = nonEmpty(c.get<unknown>('ssh.knownHostsFile'));
  const configFile = nonEmpty(c.get<unknown>('ssh.configFile'));
  return Object.freeze({
    ...DEFAULT_SSH_SETTINGS,
    // Host keys are checked (and new ones confirmed) before git runs, so ssh never trusts on its own.
    strictHostKeyChecking: 'yes',
    ...(identityFile !== undefined ? { identityFile } : {}),
    ...(knownHostsFile !== undefined ? { knownHostsFile } : {}),
    ...(configFile !== undefined ? { configFile } : {}),
  });
}

/** The only reader of settings: a frozen, normalised snapshot the rest of the extension passes around. */
export function readConfig(): ExtensionConfig {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const exclude = c.get<unknown>('exclude');
  return Object.freeze({
    engine: normaliseEngineSettings({
      de5Host: c.get('de5.host'),
      rules: c.get('rules'),
      largeFileMB: c.get('largeFileMB'),
      profile: c.get('de5.profile'),
    }),
    exclude: Object.freeze(Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string') : []),
    de4Servers: normaliseDe4Servers(c.get<unknown>('de4.servers')),
    ssh: sshSettings(c),
    de5Servers: normaliseDe5Servers(c.get<unknown>('de5.servers'), nonEmpty(c.get<unknown>('de5.host'))),
    de5CliPath: nonEmpty(c.get<unknown>('de5.cliPath')) ?? 'de',
    migrateConcurrency: concurrency(c.get<unknown>('migrate.concurrency')),
  });
}

/** Settings whose change means every app must be checked again. */
export const RECHECK_KEYS: readonly string[] = ['de5.host', 'de5.profile', 'rules', 'largeFileMB', 'exclude'].map(
  (k) => `${CONFIG_SECTION}.${k}`,
);

/** Setting whose change means the DE4 Apps tree must reconnect. */
export const DE4_SERVERS_KEY = `${CONFIG_SECTION}.de4.servers`;

/**
 * Rewrites the user-level (Global) `deMigrate.de4.servers` list through `edit`, which gets the raw
 * entries as stored, so fields this version does not know survive.
 */
export async function updateGlobalDe4Servers(edit: (entries: readonly unknown[]) => unknown[]): Promise<void> {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const stored = c.inspect<unknown>('de4.servers')?.globalValue;
  const next = edit(Array.isArray(stored) ? (stored as unknown[]) : []);
  await c.update('de4.servers', next, vscode.ConfigurationTarget.Global);
}
