import * as vscode from 'vscode';
import type { De4AppSummary } from '../../../core/api/de4Types';
import type { AppMigrationState } from '../../../shared/migrationState';
import type { MigrationStatus } from '../workspaceLinks';

/** The fleet migration's word for where the app is: its last step, or where it failed. */
function migrationText(m: AppMigrationState | undefined): string | undefined {
  if (!m) {
    return undefined;
  }
  return m.failed ? vscode.l10n.t('failed at {0}', m.failed.step) : m.step === 'verified' ? vscode.l10n.t('migrated ✓') : m.step;
}

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

  treeItem(status: MigrationStatus, fleet?: AppMigrationState): vscode.TreeItem {
    const { app } = this;
    const item = new vscode.TreeItem(app.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const migration = migrationText(fleet) ?? statusText(status);
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
    if (fleet?.failed) {
      item.tooltip = `${String(item.tooltip)}\n${vscode.l10n.t('Migration failed at {0}: {1}', fleet.failed.step, fleet.failed.reason)}`;
    }
    item.contextValue = ['de4App', status.kind === 'linked' ? 'de4AppLinked' : '', fleet?.failed ? 'de4AppFailed' : '']
      .filter(Boolean)
      .join(' ');
    return item;
  }
}
