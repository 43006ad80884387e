// What a user opening a DE4 app sees: diagnostics by rule id and range, quick fixes, fix-all and
// undo, all through the real editor APIs. The workspace is a copy of test/fixtures/workspaces/de4-basic.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { captureWorkbench } from '../../screenshot';
import {
  activeApi,
  codeActions,
  diagnosticOf,
  EXTENSION_ID,
  fileIn,
  ourDiagnostics,
  rangeTuple,
  resetFile,
  ruleOf,
  waitFor,
} from '../../helpers';

const REQUIREMENTS = [
  '--extra-index-url https://de4.example.com/Docs/packages/',
  'dash==2.9.3',
  'dash-enterprise-auth==0.0.4',
  'pandas==1.5.3',
  '',
].join('\n');

describe('de4-basic: diagnostics and quick fixes on a DE4 app', () => {
  const requirements = (): vscode.Uri => fileIn('requirements.txt');
  const appPy = (): vscode.Uri => fileIn('app.py');

  before(async () => {
    const api = await activeApi();
    // The bench reads the activation time measured inside the real host.
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (ext) {
      const dir = path.join(ext.extensionPath, '.bench');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'activation.json'),
        JSON.stringify({ activationMs: api.activationMs, measuredAt: new Date().toISOString() }),
      );
    }
  });

  beforeEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  afterEach(async () => {
    await resetFile(requirements(), REQUIREMENTS);
  });

  it('reports the requirements problems by rule id and range', async () => {
    await waitFor('requirements diagnostics', () => ourDiagnostics(requirements()).length >= 3);
    const byRule = new Map(ourDiagnostics(requirements()).map((d) => [ruleOf(d), d]));
    assert.deepEqual([...byRule.keys()].sort(), ['dash-enterprise-auth-version', 'de4-package-index', 'gunicorn-missing']);
    assert.deepEqual(rangeTuple(byRule.get('de4-package-index')!.range), [0, 0, 0, 56]);
    assert.deepEqual(rangeTuple(byRule.get('dash-enterprise-auth-version')!.range), [2, 0, 2, 27]);
    assert.deepEqual(rangeTuple(byRule.get('gunicorn-missing')!.range), [3, 13, 3, 13]);
    const auth = byRule.get('dash-enterprise-auth-version')!;
    assert.equal(auth.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(auth.source, 'de-migrate');
    const code = auth.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.fragment, 'dash-enterprise-auth-version', 'the code links to the rule docs');
  });

  it('reports the app.py problems by rule id and range', async () => {
    const legacy = await waitFor('legacy import diagnostic', () => diagnosticOf(appPy(), 'legacy-dash-imports'));
    assert.deepEqual(rangeTuple(legacy.range), [1, 7, 1, 34]);
    const runServer = diagnosticOf(appPy(), 'run-server-removed');
    assert.ok(runServer);
    assert.deepEqual(rangeTuple(runServer.range), [10, 8, 10, 18]);
  });

  it('applies a quick fix to the requirements file, and undo restores it', async () => {
    const editor = await vscode.window.showTextDocument(requirements());
    const diag = await waitFor('auth diagnostic', () => diagnosticOf(requirements(), 'dash-enterprise-auth-version'));
    const actions = await codeActions(requirements(), diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Require dash-enterprise-auth>=0.0.6');
    assert.ok(fix?.edit, `no quick fix; offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.isPreferred, true, 'the single safe fix is preferred');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(editor.document.getText(), REQUIREMENTS.replace('dash-enterprise-auth==0.0.4', 'dash-enterprise-auth>=0.0.6'));
    await waitFor('the fixed finding to go away', () => !diagnosticOf(requirements(), 'dash-enterprise-auth-version'));
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), REQUIREMENTS);
    await waitFor('the finding to come back after undo', () => diagnosticOf(requirements(), 'dash-enterprise-auth-version'));
  });

  it('fix-all applies only the safe fixes, as one undo step', async () => {
    const editor = await vscode.window.showTextDocument(requirements());
    await waitFor('requirements diagnostics', () => ourDiagnostics(requirements()).length >= 3);
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const actions = await codeActions(requirements(), whole, 'source.fixAll.deMigrate');
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.deMigrate');
    assert.ok(fixAll?.edit, 'no fix-all action');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.equal(
      editor.document.getText(),
      [
        '--extra-index-url https://de5.example.com/packages',
        'dash==2.9.3',
        'dash-enterprise-auth>=0.0.6',
        'pandas==1.5.3',
        'gunicorn',
        '',
      ].join('\n'),
    );
    await waitFor('no findings left in requirements.txt', () => ourDiagnostics(requirements()).length === 0);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), REQUIREMENTS, 'one undo reverts every fix-all edit');
  });

  it('re-checks as the user types (debounced)', async () => {
    const editor = await vscode.window.showTextDocument(requirements());
    await waitFor('gunicorn finding', () => diagnosticOf(requirements(), 'gunicorn-missing'));
    await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount - 1, 0), 'gunicorn==21.2.0\n'));
    await waitFor('gunicorn finding to go away while typing', () => !diagnosticOf(requirements(), 'gunicorn-missing'), 5_000);
  });

  it('honours an inline suppression comment', async () => {
    const editor = await vscode.window.showTextDocument(requirements());
    await waitFor('auth finding', () => diagnosticOf(requirements(), 'dash-enterprise-auth-version'));
    await editor.edit((b) => b.insert(new vscode.Position(2, 0), '# de-migrate: ignore[dash-enterprise-auth-version]\n'));
    await waitFor('suppressed finding to go away', () => !diagnosticOf(requirements(), 'dash-enterprise-auth-version'), 5_000);
    assert.ok(diagnosticOf(requirements(), 'de4-package-index'), 'other findings stay');
  });

  it('applies the app.py quick fixes', async () => {
    const editor = await vscode.window.showTextDocument(appPy());
    const original = editor.document.getText();
    try {
      const diag = await waitFor('legacy import', () => diagnosticOf(appPy(), 'legacy-dash-imports'));
      const [fix] = (await codeActions(appPy(), diag.range, vscode.CodeActionKind.QuickFix.value)).filter((a) => a.edit);
      assert.ok(fix?.edit);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(editor.document.lineAt(1).text, 'from dash import dcc');
    } finally {
      await resetFile(appPy(), original);
    }
  });

  it('leaves the workbench showing the squiggles and the Problems panel (for the README screenshot)', async () => {
    await vscode.window.showTextDocument(requirements());
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await waitFor('diagnostics shown', () => ourDiagnostics(requirements()).length >= 3);
    await vscode.window.showTextDocument(requirements());
    await captureWorkbench();
  });
});
