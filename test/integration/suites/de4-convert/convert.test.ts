// Convert App to DE5 in the real editor: the whole app converted as one WorkspaceEdit, the DE4
// original kept, undo restoring every file, and Restore DE4 Original from the backup.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { captureWorkbench } from '../../screenshot';
import { activeApi, codeActions, diagnosticOf, fileIn, waitFor, workspaceRoot } from '../../helpers';

const DE4_FILES = ['Procfile', 'requirements.txt', 'runtime.txt', 'apt-packages', 'app.json', 'app.py'];

function read(rel: string): string | undefined {
  const p = path.join(workspaceRoot(), rel);
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
}

function snapshot(): Record<string, string | undefined> {
  return Object.fromEntries([...DE4_FILES, 'Aptfile', 'project.toml'].map((f) => [f, read(f)]));
}

/** The text VS Code holds for a file (open buffer or disk), or undefined when the file is gone. */
async function current(rel: string): Promise<string | undefined> {
  const uri = fileIn(rel);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

describe('de4-convert: Convert App to DE5', () => {
  let original: Record<string, string | undefined>;

  before(async () => {
    await activeApi();
    original = snapshot();
    await waitFor('runtime-txt finding', () => diagnosticOf(fileIn('runtime.txt'), 'runtime-txt'));
  });

  it('offers the conversion as a code action on a DE4 file', async () => {
    const diag = diagnosticOf(fileIn('runtime.txt'), 'runtime-txt');
    assert.ok(diag);
    await vscode.window.showTextDocument(fileIn('runtime.txt'));
    const actions = await codeActions(fileIn('runtime.txt'), diag.range, 'refactor.rewrite.deMigrate');
    const convert = actions.find((a) => a.command?.command === 'deMigrate.convertApp');
    assert.ok(convert, `offered: ${actions.map((a) => a.title).join(' | ')}`);
  });

  it('shows each change in the refactor preview, and discarding it changes nothing and leaves no backup', async () => {
    await vscode.window.showTextDocument(fileIn('requirements.txt'));
    const running = vscode.commands.executeCommand('deMigrate.convertApp', {
      root: vscode.Uri.file(workspaceRoot()),
      mode: 'review',
      unsafe: 'none',
    });
    // The preview holds the edit until the user applies or discards it.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await captureWorkbench();
    await vscode.commands.executeCommand('refactorPreview.discard');
    await running;
    assert.deepEqual(snapshot(), original, 'a discarded preview changes no file');
    const backups = path.join(workspaceRoot(), '.de-migrate', 'backup');
    assert.equal(fs.existsSync(backups) ? fs.readdirSync(backups).length : 0, 0, 'the unused backup is removed');
  });

  it('converts the whole app in one edit and keeps the DE4 original', async () => {
    await vscode.commands.executeCommand('deMigrate.convertApp', {
      root: vscode.Uri.file(workspaceRoot()),
      mode: 'apply',
      unsafe: 'none',
    });
    assert.equal(read('runtime.txt'), undefined, 'runtime.txt is replaced by project.toml');
    assert.equal(read('apt-packages'), undefined, 'apt-packages is replaced by the Aptfile');
    assert.equal(read('app.json'), undefined, 'app.json is empty after its predeploy moved');
    assert.equal(read('Aptfile'), 'libpq-dev\nlibgl1\n');
    const toml = read('project.toml') ?? '';
    assert.match(toml, /^\[_\]\nschema-version = "0\.2"\n/);
    assert.match(toml, /#\s+python prepare_data\.py\n/, 'the predeploy command is kept verbatim');
    assert.match(toml, /\[\[io\.buildpacks\.build\.env\]\]\nname = "BP_CPYTHON_VERSION"\nvalue = "3\.9"\n/);
    const req = read('requirements.txt') ?? '';
    assert.match(req, /^--extra-index-url https:\/\/de5\.example\.com\/packages$/m);
    assert.match(req, /^dash-enterprise-auth>=0\.0\.6$/m);
    assert.match(req, /^# DE4 package index for dash-enterprise-auth$/m, 'comments are kept');
    const backups = path.join(workspaceRoot(), '.de-migrate', 'backup');
    assert.ok(fs.existsSync(backups) && fs.readdirSync(backups).length === 1, 'the DE4 original is kept outside git in .de-migrate/backup');
    await waitFor('the converted app to re-check clean of runtime-txt', () => !diagnosticOf(fileIn('runtime.txt'), 'runtime-txt'));
  });

  it('converting again changes nothing', async () => {
    const before = snapshot();
    await vscode.commands.executeCommand('deMigrate.convertApp', {
      root: vscode.Uri.file(workspaceRoot()),
      mode: 'apply',
      unsafe: 'none',
    });
    assert.deepEqual(snapshot(), before);
  });

  it('one undo restores every DE4 file', async () => {
    await vscode.window.showTextDocument(fileIn('requirements.txt'));
    await vscode.commands.executeCommand('undo');
    for (const f of [...DE4_FILES, 'Aptfile', 'project.toml']) {
      assert.equal(await current(f), original[f], `${f} after undo`);
    }
  });

  it('Restore DE4 Original brings the original back from the backup', async () => {
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await doc.save();
    }
    await vscode.commands.executeCommand('deMigrate.convertApp', {
      root: vscode.Uri.file(workspaceRoot()),
      mode: 'apply',
      unsafe: 'none',
    });
    assert.equal(read('runtime.txt'), undefined);
    await vscode.commands.executeCommand('deMigrate.restoreOriginal', { root: vscode.Uri.file(workspaceRoot()), confirm: false });
    assert.deepEqual(snapshot(), original);
  });
});
