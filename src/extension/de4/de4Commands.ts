import * as vscode from 'vscode';
import { CoreError } from '../../core/errors';
import { registerCommand, type CommandEnv } from '../commands/runCommand';
import { readConfig, updateGlobalDe4Servers } from '../config';
import { withCancellableProgress } from '../platform/cancellation';
import type { De4ApiFactory, De4AppsModel } from '../../core/de4/appsModel';
import type { De4Secrets } from './de4Secrets';
import { de4ServerId, normaliseDe4Servers, normaliseDe4Url, type De4ServerConfig } from '../../core/de4/serverConfig';
import type { RetryTarget } from './nodes/messageNode';
import { ServerNode } from './nodes/serverNode';

export const DE4_COMMANDS = {
  addServer: 'deMigrate.de4.addServer',
  removeServer: 'deMigrate.de4.removeServer',
  signOut: 'deMigrate.de4.signOut',
  refresh: 'deMigrate.de4.refresh',
  filter: 'deMigrate.de4.filter',
  retry: 'deMigrate.de4.retry',
} as const;

/** Arguments tests (and the signed-out node) may pass to Add DE4 Server… instead of typing. */
interface AddServerArgs {
  readonly url?: string;
  readonly username?: string;
  readonly apiKey?: string;
  readonly label?: string;
}

interface RemoveArgs {
  readonly serverId?: string;
  /** Ask before removing (default true). */
  readonly confirm?: boolean;
}

export interface De4CommandDeps {
  readonly model: De4AppsModel;
  readonly secrets: De4Secrets;
  readonly createApi: De4ApiFactory;
  readonly setFilterDescription: (filter: string) => void;
}

function objectArg<T>(arg: unknown): Partial<T> {
  return typeof arg === 'object' && arg !== null ? arg : {};
}

function requireTrust(): void {
  if (!vscode.workspace.isTrusted) {
    throw new CoreError('invalid-input', vscode.l10n.t('DE4 servers are contacted only in a trusted workspace.'), {
      hint: vscode.l10n.t('Trust this workspace first (Manage Workspace Trust).'),
    });
  }
}

/** The server a menu or test named, or the user's pick. */
async function serverOf(model: De4AppsModel, arg: unknown): Promise<De4ServerConfig | undefined> {
  if (arg instanceof ServerNode) {
    return model.server(arg.server.id);
  }
  const id = objectArg<RemoveArgs>(arg).serverId;
  if (id !== undefined) {
    return model.server(id);
  }
  const picked = await vscode.window.showQuickPick(
    model.servers().map((s) => ({ label: s.label, description: `${s.username}@${new URL(s.url).host}`, server: s })),
    { placeHolder: vscode.l10n.t('Which DE4 server?') },
  );
  return picked?.server;
}

async function addServer(deps: De4CommandDeps, arg: unknown): Promise<void> {
  requireTrust();
  const given = objectArg<AddServerArgs>(arg);
  const rawUrl =
    given.url ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Add DE4 Server (1/3)'),
      prompt: vscode.l10n.t('URL of the Dash Enterprise 4 server'),
      placeHolder: 'https://de4.example.com',
      ignoreFocusOut: true,
      validateInput: (v) => (normaliseDe4Url(v) ? undefined : vscode.l10n.t('Enter an http(s) URL such as https://de4.example.com')),
    }));
  const url = rawUrl === undefined ? undefined : normaliseDe4Url(rawUrl);
  if (!url) {
    if (rawUrl !== undefined) {
      throw new CoreError('invalid-input', vscode.l10n.t('"{0}" is not an http(s) URL.', rawUrl));
    }
    return;
  }
  const username =
    given.username ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Add DE4 Server (2/3)'),
      prompt: vscode.l10n.t('Your DE4 username'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a username')),
    }));
  if (!username?.trim()) {
    return;
  }
  const apiKey =
    given.apiKey ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Add DE4 Server (3/3)'),
      prompt: vscode.l10n.t('API key (DE4: your user menu → Manage API Key). It is kept in VS Code secret storage.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Paste the API key')),
    }));
  if (!apiKey?.trim()) {
    return;
  }
  const id = de4ServerId(url, username.trim());
  const existing = deps.model.server(id);
  // A new entry gets the same defaults (label, TLS, SSH) as one read from settings.
  const server = existing ?? normaliseDe4Servers([{ label: given.label ?? new URL(url).host, url, username: username.trim() }])[0];
  if (!server) {
    throw new CoreError('internal', `No server entry could be made for ${url}.`);
  }
  const current = await withCancellableProgress(vscode.l10n.t('Connecting to {0}…', server.url), (signal) =>
    deps.createApi(server, () => Promise.resolve({ username: server.username, apiKey: apiKey.trim() })).current(signal),
  );
  // Only a key the server accepted is stored, and the setting never sees it.
  await deps.secrets.store(server, apiKey.trim());
  if (!existing) {
    await updateGlobalDe4Servers((entries) => [...entries, { label: server.label, url: server.url, username: server.username }]);
  }
  deps.model.setServers(readConfig().de4Servers);
  deps.model.refresh(server.id);
  vscode.window.setStatusBarMessage(
    current.isAdmin
      ? vscode.l10n.t('DE Migrate: connected to {0} as {1} (admin)', server.label, current.username)
      : vscode.l10n.t('DE Migrate: connected to {0} as {1}', server.label, current.username),
    5000,
  );
}

async function removeServer(deps: De4CommandDeps, arg: unknown): Promise<void> {
  const server = await serverOf(deps.model, arg);
  if (!server) {
    return;
  }
  if (objectArg<RemoveArgs>(arg).confirm !== false) {
    const remove = vscode.l10n.t('Remove');
    const picked = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove {0} ({1}) and its stored API key?', server.label, server.username),
      { modal: true },
      remove,
    );
    if (picked !== remove) {
      return;
    }
  }
  await deps.secrets.delete(server);
  await updateGlobalDe4Servers((entries) =>
    entries.filter((e) => {
      const o = objectArg<{ url: string; username: string }>(e);
      const url = typeof o.url === 'string' ? normaliseDe4Url(o.url) : undefined;
      return !(url === server.url && typeof o.username === 'string' && o.username.trim() === server.username);
    }),
  );
  const remaining = readConfig().de4Servers;
  deps.model.setServers(remaining);
  if (remaining.some((s) => s.id === server.id)) {
    // Workspace or folder settings still list it; user settings are all this command changes.
    void vscode.window.showWarningMessage(
      vscode.l10n.t("{0} is also listed in this workspace's settings (deMigrate.de4.servers); remove it there too.", server.label),
    );
  }
}

/** Server, app list and details in the DE4 Apps view: Add, Remove, Sign Out, Refresh, Filter, Retry. */
export function registerDe4Commands(env: CommandEnv, deps: De4CommandDeps): vscode.Disposable[] {
  const { model } = deps;
  return [
    registerCommand(env, DE4_COMMANDS.addServer, (arg?: unknown) => addServer(deps, arg)),
    registerCommand(env, DE4_COMMANDS.removeServer, (arg?: unknown) => removeServer(deps, arg)),
    registerCommand(env, DE4_COMMANDS.signOut, async (arg?: unknown) => {
      const server = await serverOf(model, arg);
      if (server) {
        await deps.secrets.delete(server);
        model.refresh(server.id);
      }
    }),
    registerCommand(env, DE4_COMMANDS.refresh, (arg?: unknown) => {
      model.refresh(arg instanceof ServerNode ? arg.server.id : undefined);
      return Promise.resolve();
    }),
    registerCommand(env, DE4_COMMANDS.filter, async (arg?: unknown) => {
      const text =
        typeof arg === 'string'
          ? arg
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Filter DE4 Apps'),
              prompt: vscode.l10n.t('Show apps whose name contains this text; leave empty to show all.'),
              value: model.filter,
            });
      if (text !== undefined) {
        model.setFilter(text);
        deps.setFilterDescription(model.filter);
      }
    }),
    registerCommand(env, DE4_COMMANDS.retry, (arg?: unknown) => {
      const target = objectArg<RetryTarget>(arg);
      if (target.serverId !== undefined && target.app !== undefined) {
        model.retryDetail(target.serverId, target.app);
      } else {
        model.refresh(target.serverId);
      }
      return Promise.resolve();
    }),
  ];
}
