import * as vscode from 'vscode';
import { CoreError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import type { CommandEnv } from '../commands/runCommand';
import { DE4_SERVERS_KEY, readConfig } from '../config';
import { createDe4Api } from './de4ClientFactory';
import { registerDe4Commands } from './de4Commands';
import { De4AppsModel, type De4Api } from '../../core/de4/appsModel';
import { De4AppsProvider, type De4Node } from './de4AppsProvider';
import { registerDe4BackupCommands } from './de4BackupCommands';
import { registerDe4LinkCommands } from './de4LinkCommands';
import { De4Secrets } from './de4Secrets';
import { registerDe4ValueCommands } from './de4ValueCommands';
import { De4WorkspaceLinks } from './workspaceLinks';
import { KnownHostsStore } from '../push/knownHostsStore';
import { de4ServerId, normaliseDe4Url } from '../../core/de4/serverConfig';

export const DE4_APPS_VIEW = 'deMigrate.de4Apps';
const HAS_SERVERS_KEY = 'deMigrate.de4.hasServers';

/** What the extension API exposes of the DE4 Apps tree (integration tests read the tree through it). */
export interface De4AppsApi {
  readonly provider: De4AppsProvider;
  readonly model: De4AppsModel;
  readonly view: vscode.TreeView<De4Node>;
  readonly links: De4WorkspaceLinks;
  /** Whether SecretStorage holds an API key for this server (never the key itself). */
  hasApiKey(url: string, username: string): Promise<boolean>;
  /** A DE4 API client for a configured server (its key from SecretStorage), for the fleet migration. */
  clientFor(serverId: string): De4Api | undefined;
  /** Trusted SSH host keys of DE4 git servers and DE5, in the extension's global storage. */
  readonly knownHosts: KnownHostsStore;
}

/** The DE4 Apps view: servers from settings, keys from SecretStorage, apps from the DE4 API. */
export function registerDe4Apps(context: vscode.ExtensionContext, env: CommandEnv, log: Logger): De4AppsApi {
  const secrets = new De4Secrets(context.secrets);
  const createApi = createDe4Api(log);
  const model = new De4AppsModel({
    createApi,
    apiKey: (server) => secrets.apiKey(server),
    isTrusted: () => vscode.workspace.isTrusted,
    log,
  });
  const links = new De4WorkspaceLinks(log);
  const provider = new De4AppsProvider(model, links);
  // Several apps can be selected at once for Migrate Selected Apps….
  const view = vscode.window.createTreeView(DE4_APPS_VIEW, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });

  const applyServers = (): void => {
    const servers = readConfig().de4Servers;
    for (const s of servers.filter((x) => !x.verifyTls)) {
      log.warn(`${s.label}: TLS certificate verification is turned off (deMigrate.de4.servers verifyTls: false)`);
    }
    model.setServers(servers);
    void vscode.commands.executeCommand('setContext', HAS_SERVERS_KEY, servers.length > 0);
  };
  applyServers();

  const knownHosts = new KnownHostsStore(context.globalStorageUri, log);
  const actions = { model, links, knownHosts, log };
  context.subscriptions.push(
    model,
    links,
    provider,
    view,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(DE4_SERVERS_KEY)) {
        applyServers();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => model.reset()),
    secrets.onDidChange((serverId) => model.refresh(serverId)),
    ...registerDe4Commands(env, {
      model,
      secrets,
      createApi,
      setFilterDescription: (filter) => {
        view.description = filter ? vscode.l10n.t('Filter: {0}', filter) : undefined;
      },
    }),
    ...registerDe4ValueCommands(env, model),
    ...registerDe4LinkCommands(env, actions),
    ...registerDe4BackupCommands(env, actions),
  );

  return {
    provider,
    model,
    view,
    links,
    knownHosts,
    clientFor: (serverId) => {
      const server = model.server(serverId);
      if (!server) {
        return undefined;
      }
      return createApi(server, async () => {
        const apiKey = await secrets.apiKey(server);
        if (!apiKey) {
          throw new CoreError('auth-failed', vscode.l10n.t('No API key is stored for {0}.', server.label), {
            hint: vscode.l10n.t('Sign in again with Add DE4 Server….'),
          });
        }
        return { username: server.username, apiKey };
      });
    },
    hasApiKey: async (url, username) => {
      const normalised = normaliseDe4Url(url);
      return normalised !== undefined && (await secrets.apiKey({ id: de4ServerId(normalised, username) })) !== undefined;
    },
  };
}
