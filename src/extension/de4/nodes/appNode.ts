import * as vscode from 'vscode';
import type { De4AppSummary } from '../../../core/api/de4Types';
import type { MigrationStatus } from '../workspaceLinks';

function statusText(status: MigrationStatus): string | undefined {
  if (status.kind === 'absent') {
    return undefined;
  }
  if (status.pushed) {
    return status.pushed.verified === false ? vscode.l10n.t('pushed to DE5 · not answering yet') : vscode.l10n.t('pushed to DE5');
  }
  const problems = status.errors + status.warnings;
  return problems === 0 ? vscode.l10n.t('in workspace · no problems') : vscode.l10n.t('in workspace · {0} to fix', problems);
}

/** One DE4 app: name, owner, running or stopped; collapsed, its details load when expanded. */
export class AppNode {
  constructor(
    readonly serverId: string,
    readonly app: De4AppSummary,
  ) {}

  get id(): string {
    return `de4:${this.serverId}/app:${this.app.name}`;
  }

  treeItem(status: MigrationStatus): vscode.TreeItem {
    const { app } = this;
    const item = new vscode.TreeItem(app.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const migration = statusText(status);
    item.description = [app.owner, migration].filter(Boolean).join(' · ');
    const stateText =
      app.running === undefined ? vscode.l10n.t('state unknown') : app.running ? vscode.l10n.t('running') : vscode.l10n.t('stopped');
    item.iconPath =
      app.running === true
        ? new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('testing.iconPassed'))
        : new vscode.ThemeIcon(app.running === false ? 'vm-outline' : 'question');
    item.tooltip = [
      app.name,
      app.owner ? vscode.l10n.t('Owner: {0}', app.owner) : undefined,
      stateText,
      app.urlOnServer,
      status.kind === 'linked'
        ? vscode.l10n.t('Code in the workspace: {0}', status.root.fsPath)
        : vscode.l10n.t('Not in the workspace yet'),
      status.kind === 'linked' ? vscode.l10n.t('{0} errors, {1} warnings', status.errors, status.warnings) : undefined,
      status.kind === 'linked' && status.pushed
        ? vscode.l10n.t('Pushed to DE5 {0} ({1}, {2})', status.pushed.time, status.pushed.branch, status.pushed.sha.slice(0, 7))
        : undefined,
    ]
      .filter(Boolean)
      .join('\n');
    item.contextValue = status.kind === 'linked' ? 'de4App de4AppLinked' : 'de4App';
    return item;
  }
}
