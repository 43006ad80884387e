import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiagnosticsController } from '../diagnostics/diagnosticsController';

/** The app to work on: the one holding the given or active file, else the only app, else the user's pick. */
export async function pickApp(diagnostics: DiagnosticsController, given: vscode.Uri | undefined): Promise<string | undefined> {
  const uri = given ?? vscode.window.activeTextEditor?.document.uri;
  const fromUri = uri?.scheme === 'file' ? diagnostics.appRootFor(uri.fsPath) : undefined;
  if (fromUri) {
    return fromUri;
  }
  const roots = diagnostics
    .reports()
    .map((r) => r.root)
    .sort();
  if (roots.length <= 1) {
    if (roots.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No DE4 app was found in this workspace.'));
    }
    return roots[0];
  }
  const picked = await vscode.window.showQuickPick(
    roots.map((root) => ({ label: path.basename(root), description: vscode.workspace.asRelativePath(root), root })),
    { placeHolder: vscode.l10n.t('Which app should DE Migrate work on?') },
  );
  return picked?.root;
}
