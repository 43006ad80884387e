import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, Fix, Range, Severity } from '../../core/model/types';
import { ruleDocsUrl } from '../../core/rules/rule';

export const DIAGNOSTIC_SOURCE = 'de-migrate';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function fileUri(root: string, relPath: string): vscode.Uri {
  return vscode.Uri.file(path.join(root, ...relPath.split('/')));
}

export function toDiagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.rule, target: vscode.Uri.parse(ruleDocsUrl(f.rule)) };
  return d;
}

/**
 * One WorkspaceEdit for all of a fix's file edits, so a single undo reverts it. With metadata that
 * needs confirmation, VS Code shows its refactor preview before applying.
 */
export function toWorkspaceEdit(
  root: string,
  edits: Fix['edits'],
  into = new vscode.WorkspaceEdit(),
  metadata?: vscode.WorkspaceEditEntryMetadata,
): vscode.WorkspaceEdit {
  for (const e of edits) {
    const uri = fileUri(root, e.file);
    switch (e.kind) {
      case 'replace':
        into.replace(uri, toRange(e.range), e.newText, metadata);
        break;
      case 'create':
        into.createFile(
          uri,
          { overwrite: e.overwrite ?? false, ignoreIfExists: !e.overwrite, contents: new TextEncoder().encode(e.content) },
          metadata,
        );
        break;
      case 'delete':
        into.deleteFile(uri, { ignoreIfNotExists: true }, metadata);
        break;
    }
  }
  return into;
}

export function fixTitle(fix: Fix): string {
  return fix.safety === 'unsafe' ? `${fix.title} (unsafe)` : fix.title;
}
