import * as vscode from 'vscode';
import type { De4AppSummary } from '../../../core/api/de4Types';

/** One DE4 app: name, owner, running or stopped; collapsed, its details load when expanded. */
export class AppNode {
  constructor(
    readonly serverId: string,
    readonly app: De4AppSummary,
  ) {}

  get id(): string {
    return `de4:${this.serverId}/app:${this.app.name}`;
  }

  treeItem(): vscode.TreeItem {
    const { app } = this;
    const item = new vscode.TreeItem(app.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = app.owner;
    const stateText =
      app.running === undefined ? vscode.l10n.t('state unknown') : app.running ? vscode.l10n.t('running') : vscode.l10n.t('stopped');
    item.iconPath =
      app.running === true
        ? new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('testing.iconPassed'))
        : new vscode.ThemeIcon(app.running === false ? 'vm-outline' : 'question');
    item.tooltip = [app.name, app.owner ? vscode.l10n.t('Owner: {0}', app.owner) : undefined, stateText, app.urlOnServer]
      .filter(Boolean)
      .join('\n');
    item.contextValue = 'de4App';
    return item;
  }
}
