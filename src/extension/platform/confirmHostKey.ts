import * as vscode from 'vscode';

/**
 * The one dialog that trusts an SSH host seen for the first time: its fingerprint, whom to compare
 * it with, and an explicit action. Modal, because git must not start until it is answered.
 */
export async function confirmHostKeyModal(
  question: string,
  fingerprint: string,
  keyType: string,
  comparedWith: string,
  action = vscode.l10n.t('Trust'),
): Promise<boolean> {
  const picked = await vscode.window.showWarningMessage(
    question,
    {
      modal: true,
      detail: vscode.l10n.t(
        'Its SSH host key fingerprint is\n{0} ({1}).\nCompare it with the one {2} gives you before you trust it. It will be remembered; a later change is refused.',
        fingerprint,
        keyType,
        comparedWith,
      ),
    },
    action,
  );
  return picked === action;
}
