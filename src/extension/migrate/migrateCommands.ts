import * as path from 'node:path';
import * as vscode from 'vscode';
import { trustedDe4Ssh } from '../de4/de4HostKey';
import { confirmHostKeyModal } from '../platform/confirmHostKey';
import { DeCliAdmin, deCliVersion, ManualDe5Admin } from '../../core/de5/deCliAdmin';
import { checkHostKey } from '../../core/de5/pushApp';
import type { De5ServerConfig } from '../../core/de5/serverConfig';
import { CoreError, errorMessage } from '../../core/errors';
import { knownHostsName, recordedKeys } from '../../core/git/knownHosts';
import { checkConcurrency, runFleet, type FleetSummary } from '../../core/migrate/fleet';
import { FileStateStore, MIGRATION_STATE_FILE } from '../../core/migrate/stateStore';
import { createMigrationSteps } from '../../core/migrate/steps';
import type { Logger } from '../../core/ports';
import { parseMigrationState } from '../../shared/migrationState';
import { NodeFileSystem } from '../../node/nodeFileSystem';
import { NodeFileWriter } from '../../node/nodeFileWriter';
import { NodeNetProbe } from '../../node/nodeNetProbe';
import { NodeProcessRunner } from '../../node/nodeProcessRunner';
import { withSshControlDir } from '../../node/sshControlDir';
import { registerCommand, type CommandEnv } from '../commands/runCommand';
import { readConfig } from '../config';
import type { De4AppsApi } from '../de4/registerDe4Apps';
import { AppNode } from '../de4/nodes/appNode';
import { ServerNode } from '../de4/nodes/serverNode';
import { signalFromToken } from '../platform/cancellation';
import { loadNetwork } from '../platform/loadNetwork';
import type { KnownHostsStore } from '../push/knownHostsStore';

export const MIGRATE_COMMANDS = {
  migrateApps: 'deMigrate.de4.migrateApps',
  migrateServer: 'deMigrate.de4.migrateServer',
  retryStep: 'deMigrate.retryMigrationStep',
} as const;

/** What tests pass instead of picking in the tree and answering dialogs. */
interface MigrateArgs {
  readonly serverId?: string;
  readonly apps?: readonly string[];
  readonly de5Host?: string;
  /** Skip the "Migrate N apps?" question. */
  readonly confirm?: boolean;
  /** The DE5 host key fingerprint to trust without asking. */
  readonly acceptHostKey?: string;
  /** The DE4 git host key fingerprint to trust without asking (tests). */
  readonly acceptDe4HostKey?: string;
  readonly retryFailed?: boolean;
}

export interface MigrateDeps {
  readonly de4: De4AppsApi;
  readonly knownHosts: KnownHostsStore;
  readonly log: Logger;
  /** Called after each step, so the tree and the report can show it. */
  readonly onStateChange: () => void;
}

function workdir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new CoreError('invalid-input', vscode.l10n.t('Open a folder first: the apps are cloned into it.'));
  }
  return folder.uri.fsPath;
}

async function chooseDe5(host: string | undefined): Promise<De5ServerConfig | undefined> {
  const servers = readConfig().de5Servers;
  if (servers.length === 0) {
    throw new CoreError('invalid-input', vscode.l10n.t('No DE5 server is configured.'), {
      hint: vscode.l10n.t('Set deMigrate.de5.host (or deMigrate.de5.servers) in the settings.'),
    });
  }
  const found = host === undefined ? undefined : servers.find((s) => s.host === host.toLowerCase());
  if (found || servers.length === 1) {
    return found ?? servers[0];
  }
  const picked = await vscode.window.showQuickPick(
    servers.map((s) => ({ label: s.label, description: s.host, server: s })),
    { placeHolder: vscode.l10n.t('Migrate to which DE5 server?') },
  );
  return picked?.server;
}

/**
 * A fleet runs unattended, so the DE5 host key is settled before it starts: a recorded key is used
 * as is; a new one is shown and must be accepted here (its fingerprint then goes to every push).
 */
async function settleHostKey(
  server: De5ServerConfig,
  deps: MigrateDeps,
  given: string | undefined,
  signal: AbortSignal,
): Promise<string | undefined> {
  const text = await deps.knownHosts.read();
  if (recordedKeys(text, knownHostsName(server.host, server.sshPort)).length > 0) {
    return undefined;
  }
  // The push's own check: a new key is shown (or compared with the given fingerprint) and recorded.
  return checkHostKey(
    server.host,
    server.sshPort,
    { text, file: deps.knownHosts.file },
    {
      confirmHostKey: async (host, _port, fp, type) =>
        given !== undefined
          ? given === fp
          : await confirmHostKeyModal(
              vscode.l10n.t('First connection to {0}. Trust this server for the migration?', host),
              fp,
              type,
              vscode.l10n.t('your DE5 administrator'),
            ),
      rememberHostKeys: (lines) => deps.knownHosts.append(lines),
    },
    { process: new NodeProcessRunner(), log: deps.log, signal },
  );
}

async function migrate(
  env: CommandEnv,
  deps: MigrateDeps,
  serverId: string,
  apps: readonly string[],
  args: MigrateArgs,
): Promise<FleetSummary | undefined> {
  if (!vscode.workspace.isTrusted) {
    throw new CoreError('invalid-input', vscode.l10n.t('Migrating runs git and ssh, so it needs a trusted workspace.'));
  }
  const de4Server = deps.de4.model.server(serverId);
  const api = deps.de4.clientFor(serverId);
  if (!de4Server || !api || apps.length === 0) {
    return undefined;
  }
  const de5 = await chooseDe5(args.de5Host);
  const dir = workdir();
  if (!de5) {
    return undefined;
  }
  if (args.confirm === undefined) {
    const go = vscode.l10n.t('Migrate');
    const picked = await vscode.window.showInformationMessage(
      apps.length === 1
        ? vscode.l10n.t('Migrate {0} from {1} to {2}?', apps[0] ?? '', de4Server.label, de5.label)
        : vscode.l10n.t('Migrate {0} apps from {1} to {2}?', apps.length, de4Server.label, de5.label),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Each app is cloned into {0}, converted (safe fixes only) and committed, created on DE5, pushed and checked. Finished steps are not redone; a failed app can be retried.',
          dir,
        ),
      },
      go,
    );
    if (picked !== go) {
      return undefined;
    }
  } else if (!args.confirm) {
    return undefined;
  }
  const config = readConfig();
  const concurrency = checkConcurrency(config.migrateConcurrency);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Migrating to {0}', de5.label), cancellable: true },
    async (progress, token) => {
      const bridge = signalFromToken(token);
      try {
        const signal = bridge.signal;
        const acceptHostKey = await settleHostKey(de5, deps, args.acceptHostKey, signal);
        const de4Ssh = await trustedDe4Ssh(
          de4Server,
          deps.knownHosts,
          deps.log,
          signal,
          args.acceptDe4HostKey !== undefined ? { acceptHostKey: args.acceptDe4HostKey } : {},
        );
        const runner = new NodeProcessRunner();
        const version = await deCliVersion(runner, config.de5CliPath, signal);
        const fs = new NodeFileSystem();
        const writer = new NodeFileWriter();
        const ports = {
          fs,
          writer,
          git: new (loadNetwork().SimpleGitRunner)(),
          net: new NodeNetProbe(),
          process: runner,
          http: new (loadNetwork().AxiosHttpClient)({}),
          log: deps.log,
        };
        // One shared SSH connection per server, as the CLI does (sshd allows 10 sessions on one).
        const summary = await withSshControlDir(async (shared) => {
          const controlDir = concurrency <= 8 ? shared : undefined;
          const share = controlDir ? { controlDir } : {};
          const steps = createMigrationSteps(
            {
              workdir: dir,
              de4: {
                api: {
                  baseUrl: de4Server.url,
                  current: (s) => api.current(s ?? signal),
                  appDetail: (n, o, s) => api.appDetail(n, o, s ?? signal),
                },
                target: { host: de4Server.ssh.host, port: de4Server.ssh.port, user: de4Server.ssh.user },
                ssh: { ...de4Ssh, ...share },
              },
              de5: {
                server: de5,
                ssh: {
                  ...config.ssh,
                  ...(de5.identityFile ? { identityFile: de5.identityFile } : {}),
                  strictHostKeyChecking: 'yes',
                  knownHostsFile: deps.knownHosts.file,
                  ...share,
                },
                admin: version
                  ? new DeCliAdmin({ runner, command: config.de5CliPath, host: de5.host, log: deps.log })
                  : new ManualDe5Admin(),
                verifyTimeoutMs: de5.verifySeconds * 1000,
                overrideErrors: false,
              },
              answers: { acceptNewHostKeys: false, ...(acceptHostKey ? { acceptHostKey } : {}) },
              engine: config.engine,
            },
            ports,
          );
          const store = new FileStateStore({
            file: path.join(dir, ...MIGRATION_STATE_FILE.split('/')),
            fs,
            writer,
            de4: de4Server.url,
            de5: de5.host,
          });
          const current = new Map<string, string>();
          let finished = 0;
          return runFleet(apps, {
            steps,
            store,
            concurrency,
            signal,
            ...(args.retryFailed ? { retryFailed: true } : {}),
            onStep: (app, step, status, detail) => {
              current.set(app, status === 'started' ? step : `${step} ${status}`);
              deps.log.info(`[migrate] ${app}: ${step} ${status}${detail ? `: ${detail}` : ''}`);
              progress.report({ message: vscode.l10n.t('{0}/{1} done · {2}: {3}', finished, apps.length, app, current.get(app) ?? '') });
              if (status !== 'started') {
                deps.onStateChange();
              }
            },
            onAppDone: (_r, done, total) => {
              finished = done;
              progress.report({ message: vscode.l10n.t('{0}/{1} done', done, total), increment: 100 / total });
            },
          });
        });
        report(summary);
        return summary;
      } finally {
        bridge.dispose();
        deps.onStateChange();
      }
    },
  );
}

function report(s: FleetSummary): void {
  const open = vscode.l10n.t('Open Report');
  const text =
    s.failed.length === 0
      ? vscode.l10n.t('Migrated {0} of {1} apps.', s.verified.length, s.total)
      : vscode.l10n.t(
          'Migrated {0} of {1} apps; {2} failed ({3}).',
          s.verified.length,
          s.total,
          s.failed.length,
          s.failed.map((f) => `${f.app} at ${f.step}`).join(', '),
        );
  const shown = s.failed.length === 0 ? vscode.window.showInformationMessage(text, open) : vscode.window.showWarningMessage(text, open);
  void shown.then((p) => p === open && vscode.commands.executeCommand('deMigrate.openReport'));
}

/** Migrate Selected Apps…, Migrate All Apps of a server, and Retry Step on a failed app. */
export function registerMigrateCommands(
  env: CommandEnv,
  deps: MigrateDeps,
): { disposables: vscode.Disposable[]; retryStep(app: string): Promise<void> } {
  // The state file names the DE4 server the migration came from; the tree need not have loaded it.
  const serverOfApp = async (app: string): Promise<string | undefined> => {
    try {
      const file = vscode.Uri.file(path.join(workdir(), ...MIGRATION_STATE_FILE.split('/')));
      const state = parseMigrationState(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
      const url = state.de4;
      if (state.apps[app] && url !== undefined) {
        return deps.de4.model.servers().find((s) => s.url === url)?.id;
      }
    } catch (err) {
      deps.log.debug(`[migrate] no state to retry ${app} from: ${errorMessage(err)}`);
    }
    return deps.de4.model.servers().find((s) => deps.de4.model.visibleApps(s.id).apps.some((a) => a.name === app))?.id;
  };
  const retryStep = async (app: string): Promise<void> => {
    const serverId = await serverOfApp(app);
    if (!serverId) {
      throw new CoreError('not-found', vscode.l10n.t('{0} is not listed by a connected DE4 server.', app));
    }
    await migrate(env, deps, serverId, [app], { confirm: true, retryFailed: true });
  };
  const disposables = [
    registerCommand(env, MIGRATE_COMMANDS.migrateApps, async (node?: unknown, selected?: unknown) => {
      const given = !(node instanceof AppNode) && typeof node === 'object' && node !== null ? (node as MigrateArgs) : {};
      const nodes = (Array.isArray(selected) ? selected : [node]).filter((n): n is AppNode => n instanceof AppNode);
      const serverId = given.serverId ?? nodes[0]?.serverId;
      const apps = given.apps ?? nodes.filter((n) => n.serverId === serverId).map((n) => n.app.name);
      return serverId ? migrate(env, deps, serverId, apps, given) : undefined;
    }),
    registerCommand(env, MIGRATE_COMMANDS.migrateServer, async (node?: unknown) => {
      const serverId = node instanceof ServerNode ? node.server.id : undefined;
      const apps = serverId ? deps.de4.model.visibleApps(serverId).apps.map((a) => a.name) : [];
      return serverId ? migrate(env, deps, serverId, apps, {}) : undefined;
    }),
    registerCommand(env, MIGRATE_COMMANDS.retryStep, async (arg?: unknown) => {
      const app = arg instanceof AppNode ? arg.app.name : typeof arg === 'string' ? arg : undefined;
      if (app) {
        await retryStep(app);
      }
    }),
  ];
  return { disposables, retryStep };
}
