import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'de-migrate.de-migrate';

interface Api {
  readonly activationMs: number;
  whenIdle(): Promise<void>;
}

/** Activates the extension (the workspace already triggers it) and waits until its checks settle. */
export async function activeApi(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in the host`);
  const api = await ext.activate();
  assert.ok(api, 'activate returned no API (activation failed; see the DE Migrate log)');
  await api.whenIdle();
  return api;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run must open a workspace folder');
  return folder.uri.fsPath;
}

export function fileIn(...parts: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), ...parts));
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'de-migrate');
}

export function ruleOf(d: vscode.Diagnostic): string {
  const code = d.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** Polls until the predicate holds (diagnostics arrive asynchronously); bounded in count and time. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 1000; i++) {
    const v = probe();
    if (v) {
      return v;
    }
    if (Date.now() > deadline) {
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function diagnosticOf(uri: vscode.Uri, rule: string): vscode.Diagnostic | undefined {
  return ourDiagnostics(uri).find((d) => ruleOf(d) === rule);
}

export function rangeTuple(r: vscode.Range): [number, number, number, number] {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'edit' in a || 'kind' in a);
}

/** Restores a file's text on disk and in any open buffer, so tests do not leak into each other. */
export async function resetFile(uri: vscode.Uri, text: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
  }
  await doc.save();
}
