import * as vscode from 'vscode';
import type { ServerState } from '../../../core/de4/appsModel';
import type { De4ServerConfig } from '../../../core/de4/serverConfig';

/** A configured DE4 server: label, user@host, admin badge; children are its apps. */
export class ServerNode {
  constructor(readonly server: De4ServerConfig) {}

  get id(): string {
    return `de4:${this.server.id}`;
  }

  /** Built from the model's current state, so refreshing this same node shows new counts. */
  treeItem(state: ServerState, visible: number, total: number): vscode.TreeItem {
    const { server } = this;
    const item = new vscode.TreeItem(server.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    const host = new URL(server.url).host;
    const parts = [`${server.username}@${host}`];
    if (state.kind === 'loaded') {
      if (state.current.isAdmin) {
        parts.push(vscode.l10n.t('admin'));
      }
      parts.push(visible === total ? vscode.l10n.t('{0} apps', total) : vscode.l10n.t('{0} of {1} apps', visible, total));
    }
    item.description = parts.join(' · ');
    const insecure = !server.verifyTls;
    item.iconPath = new vscode.ThemeIcon(insecure ? 'warning' : 'server-environment');
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escape(server.label)}**  \n${escape(server.url)}  \n${escape(server.username)}`);
    if (state.kind === 'loaded' && state.current.isAdmin) {
      tooltip.appendMarkdown(`  \n${vscode.l10n.t('Admin key: lists every app on the server.')}`);
    }
    if (insecure) {
      tooltip.appendMarkdown(`  \n$(warning) ${vscode.l10n.t('TLS certificate verification is turned off for this server.')}`);
    }
    item.tooltip = tooltip;
    item.contextValue = state.kind === 'signedOut' ? 'de4Server' : 'de4Server de4SignedIn';
    return item;
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
