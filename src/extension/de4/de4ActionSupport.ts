import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KnownHostsStore } from '../push/knownHostsStore';
import { CoreError } from '../../core/errors';
import type { RepoPorts } from '../../core/git/de4Repo';
import type { De4SshTarget } from '../../core/git/ssh';
import type { Logger } from '../../core/ports';
import { NodeFileWriter } from '../../node/nodeFileWriter';
import { loadNetwork } from '../platform/loadNetwork';
import { WorkspaceFileSystem } from '../platform/workspaceFileSystem';
import type { De4AppsModel } from '../../core/de4/appsModel';
import type { De4ServerConfig } from '../../core/de4/serverConfig';
import { AppNode } from './nodes/appNode';
import type { De4WorkspaceLinks } from './workspaceLinks';

/** What the app actions share: the tree's model, the workspace links and the log. */
export interface De4ActionDeps {
  readonly model: De4AppsModel;
  readonly links: De4WorkspaceLinks;
  /** Trusted SSH host keys (DE4 git servers and DE5), shared with the push. */
  readonly knownHosts: KnownHostsStore;
  readonly log: Logger;
}

/** An app the action runs on: from the tree's node, or from a test's arguments. */
export interface AppTarget {
  readonly server: De4ServerConfig;
  readonly app: string;
}

export function objectArg<T>(arg: unknown): Partial<T> {
  return typeof arg === 'object' && arg !== null && !(arg instanceof AppNode) ? arg : {};
}

/** Network and git run only in trusted workspaces: a repository's config can run programs. */
export function requireTrust(): void {
  if (!vscode.workspace.isTrusted) {
    throw new CoreError('invalid-input', vscode.l10n.t('DE4 servers and git are used only in a trusted workspace.'), {
      hint: vscode.l10n.t('Trust this workspace first (Manage Workspace Trust).'),
    });
  }
}

export function appTargetOf(model: De4AppsModel, arg: unknown): AppTarget {
  const given = arg instanceof AppNode ? { serverId: arg.serverId, app: arg.app.name } : objectArg<{ serverId: string; app: string }>(arg);
  const server = given.serverId === undefined ? undefined : model.server(given.serverId);
  if (!server || given.app === undefined) {
    throw new CoreError('invalid-input', vscode.l10n.t('Run this on an app in the DE4 Apps view.'));
  }
  return { server, app: given.app };
}

export function sshTarget(server: De4ServerConfig): De4SshTarget {
  return { host: server.ssh.host, port: server.ssh.port, user: server.ssh.user };
}

export function repoPorts(log: Logger, signal: AbortSignal): RepoPorts {
  return { fs: new WorkspaceFileSystem(), writer: new NodeFileWriter(), git: new (loadNetwork().SimpleGitRunner)(), log, signal };
}

/** A fresh scratch folder path under the OS temp folder (created by whoever uses it). */
export function scratchDir(prefix: string): string {
  return path.join(os.tmpdir(), `de-migrate-${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
}

export function workspaceFolderOf(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(uri);
}

/** One folder from a dialog; undefined when cancelled. */
export async function pickFolder(title: string, openLabel: string, defaultUri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    openLabel,
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    ...(defaultUri ? { defaultUri } : {}),
  });
  return picked?.[0];
}

export type AfterPlacement = 'add' | 'newWindow' | 'none';

/**
 * After a clone or restore: a folder inside the workspace is shown in the Explorer; one outside is
 * offered to the workspace (appended, so the first folder and this extension host stay as they are).
 */
export async function offerFolder(dir: vscode.Uri, app: string, answer?: AfterPlacement): Promise<void> {
  if (workspaceFolderOf(dir)) {
    await vscode.commands.executeCommand('revealInExplorer', dir);
    return;
  }
  const add = vscode.l10n.t('Add to Workspace');
  const open = vscode.l10n.t('Open in New Window');
  const choice =
    answer ??
    (await vscode.window
      .showInformationMessage(vscode.l10n.t('{0} is in {1}.', app, dir.fsPath), add, open)
      .then((p) => (p === add ? 'add' : p === open ? 'newWindow' : 'none')));
  if (choice === 'add') {
    const at = vscode.workspace.workspaceFolders?.length ?? 0;
    vscode.workspace.updateWorkspaceFolders(at, 0, { uri: dir });
  } else if (choice === 'newWindow') {
    await vscode.commands.executeCommand('vscode.openFolder', dir, { forceNewWindow: true });
  }
}
