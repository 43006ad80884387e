import * as vscode from 'vscode';
import { combineSafeFixes } from '../../core/engine/combineFixes';
import { fixTitle, toWorkspaceEdit } from './convert';
import type { DiagnosticEntry, DiagnosticsController } from './diagnosticsController';

/** `source.fixAll.deMigrate`: what editor.codeActionsOnSave and "Fix All" ask for. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('deMigrate');
/** The whole-app conversion, offered on every file of an app that has findings. */
export const CONVERT_KIND = vscode.CodeActionKind.RefactorRewrite.append('deMigrate');

/**
 * Offers each fix of our own diagnostics as a quick fix, and the safe ones together as fix-all.
 * A quick fix is preferred only when it is the single safe fix of its finding (STYLE §5).
 */
export class CodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND, CONVERT_KIND],
  };

  constructor(private readonly diagnostics: DiagnosticsController) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const entries = this.diagnostics.entriesFor(document.uri);
    if (entries.length === 0) {
      return [];
    }
    const actions: vscode.CodeAction[] = [];
    if (!context.only || context.only.intersects(vscode.CodeActionKind.QuickFix)) {
      for (const diagnostic of context.diagnostics) {
        const entry = entries.find((e) => e.diagnostic === diagnostic);
        if (entry) {
          actions.push(...quickFixes(entry));
        }
      }
    }
    if (!context.only || context.only.intersects(CONVERT_KIND)) {
      const convert = new vscode.CodeAction(vscode.l10n.t('Convert this app to DE5…'), CONVERT_KIND);
      convert.command = { command: 'deMigrate.convertApp', title: convert.title, arguments: [document.uri] };
      actions.push(convert);
    }
    if (context.only?.intersects(FIX_ALL_KIND)) {
      const fixAll = fixAllAction(entries);
      if (fixAll) {
        actions.push(fixAll);
      }
    }
    return actions;
  }
}

function quickFixes(entry: DiagnosticEntry): vscode.CodeAction[] {
  const fixes = entry.finding.fixes;
  const safe = fixes.filter((f) => f.safety === 'safe');
  return fixes.map((fix) => {
    const action = new vscode.CodeAction(fixTitle(fix), vscode.CodeActionKind.QuickFix);
    action.diagnostics = [entry.diagnostic];
    action.edit = toWorkspaceEdit(entry.root, fix.edits);
    action.isPreferred = fix.safety === 'safe' && safe.length === 1;
    return action;
  });
}

/** Every safe fix of the file's findings in one WorkspaceEdit, so one undo reverts them all. */
export function fixAllAction(entries: readonly DiagnosticEntry[]): vscode.CodeAction | undefined {
  const first = entries[0];
  if (!first) {
    return undefined;
  }
  const { edits, offered } = combineSafeFixes(entries.map((e) => e.finding));
  if (offered === 0) {
    return undefined;
  }
  const action = new vscode.CodeAction(vscode.l10n.t('Apply all safe DE5 fixes'), FIX_ALL_KIND);
  action.edit = toWorkspaceEdit(first.root, edits);
  action.diagnostics = entries.map((e) => e.diagnostic);
  return action;
}
