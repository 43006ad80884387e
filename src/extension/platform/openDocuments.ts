import * as path from 'node:path';
import * as vscode from 'vscode';

/** The text of every open document below an app root (absolute path → text): unsaved edits win over the disk. */
export function openDocumentTexts(root: string): Map<string, string> {
  const overlay = new Map<string, string>();
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.uri.scheme === 'file' && doc.uri.fsPath.startsWith(root + path.sep)) {
      overlay.set(doc.uri.fsPath, doc.getText());
    }
  }
  return overlay;
}
