// The palette commands on a DE4 app: a cancellable re-check of every app, and all safe fixes of one
// app applied across its files as a single WorkspaceEdit.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeApi, diagnosticOf, fileIn, ourDiagnostics, resetFile, waitFor } from '../../helpers';

describe('de4-basic: commands', () => {
  const requirements = (): vscode.Uri => fileIn('requirements.txt');
  const appPy = (): vscode.Uri => fileIn('app.py');
  const originals = new Map<string, string>();

  before(async () => {
    await activeApi();
    for (const uri of [requirements(), appPy()]) {
      originals.set(uri.toString(), Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'));
    }
  });

  afterEach(async () => {
    for (const uri of [requirements(), appPy()]) {
      await resetFile(uri, originals.get(uri.toString()) ?? '');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Check All Apps for DE5 re-checks the workspace and completes', async () => {
    await vscode.commands.executeCommand('deMigrate.checkWorkspace');
    assert.ok(ourDiagnostics(requirements()).length >= 3, 'the re-check keeps the findings current');
  });

  it('Apply All Safe Fixes in This App fixes every file of the app at once', async () => {
    await waitFor(
      'findings in both files',
      () => diagnosticOf(requirements(), 'gunicorn-missing') && diagnosticOf(appPy(), 'run-server-removed'),
    );
    await vscode.commands.executeCommand('deMigrate.fixAllInApp', requirements());
    const req = await vscode.workspace.openTextDocument(requirements());
    const py = await vscode.workspace.openTextDocument(appPy());
    assert.equal(
      req.getText(),
      [
        '--extra-index-url https://de5.example.com/packages',
        'dash==2.9.3',
        'dash-enterprise-auth>=0.0.6',
        'pandas==1.5.3',
        'gunicorn',
        '',
      ].join('\n'),
    );
    assert.equal(py.lineAt(1).text, 'from dash import dcc');
    assert.equal(py.lineAt(10).text, '    app.run(debug=True)');
    await waitFor(
      'the fixed findings to go away',
      () => ourDiagnostics(requirements()).length === 0 && !diagnosticOf(appPy(), 'run-server-removed'),
    );
  });

  it('Apply All Safe Fixes explains itself when no DE4 file is open', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Resolves without throwing and without changing anything.
    await vscode.commands.executeCommand('deMigrate.fixAllInApp');
    const req = await vscode.workspace.openTextDocument(requirements());
    assert.equal(req.getText(), originals.get(requirements().toString()));
  });
});
