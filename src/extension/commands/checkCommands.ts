import * as vscode from 'vscode';
import { combineSafeFixes } from '../../core/engine/combineFixes';
import { toWorkspaceEdit } from '../diagnostics/convert';
import type { DiagnosticsController } from '../diagnostics/diagnosticsController';
import { registerCommand, type CommandEnv } from './runCommand';

export const COMMANDS = {
  checkWorkspace: 'deMigrate.checkWorkspace',
  fixAllInApp: 'deMigrate.fixAllInApp',
  showLog: 'deMigrate.showLog',
} as const;

/** Check and fix commands: a cancellable re-check of every app, and all safe fixes of one app at once. */
export function registerCheckCommands(env: CommandEnv, diagnostics: DiagnosticsController): vscode.Disposable[] {
  return [
    registerCommand(env, COMMANDS.checkWorkspace, async () => {
      const count = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('DE Migrate: checking apps for DE5'), cancellable: true },
        (_progress, token) => diagnostics.scanWorkspace(token),
      );
      const all = diagnostics.reports().flatMap((r) => r.findings);
      const errors = all.filter((f) => f.severity === 'error').length;
      const problems = vscode.l10n.t('Show Problems');
      // Not awaited: the command is done when the check is; the toast's button must not hold it open.
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t('DE Migrate checked {0} app(s): {1} problem(s), {2} error(s).', count, all.length, errors),
          ...(all.length > 0 ? [problems] : []),
        )
        .then((picked) => (picked === problems ? vscode.commands.executeCommand('workbench.actions.view.problems') : undefined));
    }),
    registerCommand(env, COMMANDS.fixAllInApp, async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      const report = uri ? diagnostics.appOf(uri) : undefined;
      if (!report) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Open a file of a DE4 app first: DE Migrate fixes the app that file belongs to.'),
        );
        return;
      }
      const { edits, skipped, offered } = combineSafeFixes(report.findings);
      if (offered === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('This app has no problems with a safe fix.'));
        return;
      }
      // One WorkspaceEdit across files: a single undo reverts the whole batch.
      const applied = await vscode.workspace.applyEdit(toWorkspaceEdit(report.root, edits));
      if (!applied) {
        throw new Error(vscode.l10n.t('VS Code did not apply the fixes (a file may have changed meanwhile). Run the command again.'));
      }
      env.log.info(`[fix] applied ${offered - skipped.length} safe fix(es) in ${report.root}`);
      const more = skipped.length > 0 ? vscode.l10n.t(' {0} overlapping fix(es) remain; run the command again.', skipped.length) : '';
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Applied {0} safe fix(es). Undo reverts them all.', offered - skipped.length) + more,
      );
    }),
    registerCommand(env, COMMANDS.showLog, () => {
      env.showLog();
      return Promise.resolve();
    }),
  ];
}
