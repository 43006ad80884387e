import * as vscode from 'vscode';
import { buildDe4Metadata } from '../../core/de4/appMetadata';
import { dataGaps } from '../../core/de4/dataGaps';
import type { De4AppDetail } from '../../core/api/de4Types';
import { Disposable } from '../lifecycle';
import type { De4WorkspaceLinks } from './workspaceLinks';
import { appKey, type De4AppsModel, type De4Change } from '../../core/de4/appsModel';
import { AppNode } from './nodes/appNode';
import { DetailNode, detailNodes } from './nodes/detailNode';
import { ErrorNode, MessageNode } from './nodes/messageNode';
import { ServerNode } from './nodes/serverNode';

export type De4Node = ServerNode | AppNode | DetailNode | ErrorNode | MessageNode;

const ROOT_ID = 'de4';

/**
 * Adapts De4AppsModel to the tree (STYLE §5): it asks the model for state and turns it into node
 * objects, one level at a time, so thousands of apps cost nothing until their server is expanded.
 */
export class De4AppsProvider extends Disposable implements vscode.TreeDataProvider<De4Node> {
  private readonly _onDidChangeTreeData = this.register(new vscode.EventEmitter<De4Node | De4Node[] | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  /** The nodes last handed to the tree, so a change can refresh just them. */
  private readonly shownServers = new Map<string, ServerNode>();
  private readonly shownApps = new Map<string, AppNode>();

  constructor(
    private readonly model: De4AppsModel,
    private readonly links: De4WorkspaceLinks,
  ) {
    super();
    this.register(model.onDidChange((c) => this.onModelChange(c)));
    // A new link or new problem counts change app descriptions: refresh the shown apps only.
    this.register(links.onDidChange(() => this.refreshShownApps()));
  }

  getTreeItem(node: De4Node): vscode.TreeItem {
    if (node instanceof ServerNode) {
      const { apps, total } = this.model.visibleApps(node.server.id);
      return node.treeItem(this.model.serverState(node.server.id), apps.length, total);
    }
    if (node instanceof AppNode) {
      const server = this.model.server(node.serverId);
      return node.treeItem(
        server ? this.links.status(server.url, node.app.name) : { kind: 'absent' },
        this.links.migrationOf(node.app.name),
      );
    }
    return node.treeItem();
  }

  /** Lets TreeView.reveal find a server's app; detail nodes are not revealed programmatically. */
  getParent(node: De4Node): De4Node | undefined {
    return node instanceof AppNode ? this.shownServers.get(node.serverId) : undefined;
  }

  getChildren(node?: De4Node): De4Node[] {
    if (!node) {
      return this.roots();
    }
    if (node instanceof ServerNode) {
      return this.appsOf(node);
    }
    if (node instanceof AppNode) {
      return this.detailsOf(node);
    }
    if (node instanceof DetailNode) {
      return node.children();
    }
    return [];
  }

  private roots(): De4Node[] {
    this.shownServers.clear();
    this.shownApps.clear();
    const servers = this.model.servers();
    if (servers.length === 0) {
      return []; // the viewsWelcome content offers Add DE4 Server…
    }
    if (!this.model.isTrusted()) {
      return [
        new MessageNode(
          `${ROOT_ID}/restricted`,
          vscode.l10n.t('Restricted Mode: DE4 servers are contacted only in a trusted workspace.'),
          new vscode.ThemeIcon('shield'),
          { command: 'workbench.trust.manage', title: vscode.l10n.t('Manage Workspace Trust') },
          vscode.l10n.t('Click to manage workspace trust.'),
        ),
      ];
    }
    return servers.map((server) => {
      const node = new ServerNode(server);
      this.shownServers.set(server.id, node);
      return node;
    });
  }

  private appsOf(node: ServerNode): De4Node[] {
    const id = node.server.id;
    const state = this.model.serverState(id);
    switch (state.kind) {
      case 'idle':
      case 'loading':
        return [MessageNode.loading(node.id)];
      case 'signedOut':
        return [
          new MessageNode(`${node.id}/signedOut`, vscode.l10n.t('Signed out: click to enter the API key'), new vscode.ThemeIcon('key'), {
            command: 'deMigrate.de4.addServer',
            title: vscode.l10n.t('Sign In'),
            arguments: [{ url: node.server.url, username: node.server.username }],
          }),
        ];
      case 'error':
        return [new ErrorNode(`${node.id}/error`, state.failure, { serverId: id })];
      case 'loaded':
        break;
    }
    const { apps, total } = this.model.visibleApps(id);
    if (apps.length === 0) {
      const text = total === 0 ? vscode.l10n.t('No apps') : vscode.l10n.t('No app name contains "{0}"', this.model.filter);
      return [new MessageNode(`${node.id}/empty`, text, new vscode.ThemeIcon('info'))];
    }
    return apps.map((app) => {
      const appNode = new AppNode(id, app);
      this.shownApps.set(appKey(id, app.name), appNode);
      return appNode;
    });
  }

  private detailsOf(node: AppNode): De4Node[] {
    const state = this.model.detailState(node.serverId, node.app.name);
    switch (state.kind) {
      case 'loading':
        return [MessageNode.loading(node.id)];
      case 'missing':
        return [new MessageNode(`${node.id}/missing`, vscode.l10n.t('The server no longer lists this app.'), new vscode.ThemeIcon('info'))];
      case 'error':
        return [new ErrorNode(`${node.id}/error`, state.failure, { serverId: node.serverId, app: node.app.name })];
      case 'loaded':
        return detailNodes(node.id, state.detail, {
          serverId: node.serverId,
          isRevealed: (variable) => this.model.isRevealed(node.serverId, node.app.name, variable),
          gaps: this.gapsOf(node.serverId, state.detail),
        });
    }
  }

  private gapsOf(serverId: string, detail: De4AppDetail): ReturnType<typeof dataGaps> {
    const server = this.model.server(serverId);
    if (!server) {
      return [];
    }
    const meta = buildDe4Metadata(server.url, detail, new Date(0));
    return dataGaps(meta, { sshHost: server.ssh.host, sshPort: server.ssh.port, sshUser: server.ssh.user });
  }

  /** Apps shown as linked last time, so an app that loses its link is repainted too. */
  private linkedShown = new Set<AppNode>();

  private refreshShownApps(): void {
    const linkedNow = new Set<AppNode>();
    for (const node of this.shownApps.values()) {
      const server = this.model.server(node.serverId);
      if (server && (this.links.linked(server.url, node.app.name) || this.links.migrationOf(node.app.name))) {
        linkedNow.add(node);
      }
    }
    const shown = new Set(this.shownApps.values());
    const nodes = [...new Set([...linkedNow, ...[...this.linkedShown].filter((n) => shown.has(n))])];
    this.linkedShown = linkedNow;
    if (nodes.length > 0) {
      this._onDidChangeTreeData.fire(nodes);
    }
  }

  private onModelChange(change: De4Change): void {
    if (change.all) {
      this._onDidChangeTreeData.fire(undefined);
      return;
    }
    // A server's description ("N apps") and children change together, so the server node is refreshed.
    const nodes: De4Node[] = [];
    for (const id of change.servers) {
      const node = this.shownServers.get(id);
      if (!node) {
        this._onDidChangeTreeData.fire(undefined);
        return;
      }
      nodes.push(node);
    }
    for (const key of change.apps) {
      const node = this.shownApps.get(key);
      if (node) {
        nodes.push(node);
      }
    }
    if (nodes.length > 0) {
      this._onDidChangeTreeData.fire(nodes);
    }
  }
}
