import * as vscode from 'vscode';
import type { De4Failure } from '../../../core/de4/appsModel';

/** A leaf that says something instead of data: loading, Restricted Mode, signed out, no matches. */
export class MessageNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly icon: vscode.ThemeIcon,
    private readonly command?: vscode.Command,
    private readonly tooltip?: string,
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = this.icon;
    item.contextValue = 'de4Message';
    if (this.command) {
      item.command = this.command;
    }
    if (this.tooltip) {
      item.tooltip = this.tooltip;
    }
    return item;
  }

  static loading(id: string): MessageNode {
    return new MessageNode(`${id}/loading`, vscode.l10n.t('Loading…'), new vscode.ThemeIcon('loading~spin'));
  }
}

/** What to run again from an error node; passed as the Retry command's argument. */
export interface RetryTarget {
  readonly serverId: string;
  /** Set when the app's details failed, not the listing. */
  readonly app?: string;
}

/** A failure shown in place of the data it stopped (STYLE §5: no pop-ups); Retry and Show Log inline. */
export class ErrorNode {
  constructor(
    readonly id: string,
    readonly failure: De4Failure,
    readonly target: RetryTarget,
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.failure.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    item.description = this.failure.hint;
    item.tooltip = [this.failure.message, this.failure.hint, vscode.l10n.t('Click to retry.')].filter(Boolean).join('\n');
    item.contextValue = 'de4Error';
    item.command = { command: 'deMigrate.de4.retry', title: vscode.l10n.t('Retry'), arguments: [this.target] };
    return item;
  }
}
