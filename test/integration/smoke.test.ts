// Runs in every integration suite: the extension is present in the real host, activates, and
// registers exactly the commands its manifest declares.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'de-migrate.de-migrate';
const COMMAND_PREFIX = 'deMigrate.';

interface ManifestCommand {
  readonly command: string;
}

interface ManifestView {
  readonly id: string;
}

/** Commands VS Code itself registers for every contributed view (`<viewId>.focus`, …). */
const VIEW_COMMAND_SUFFIXES = ['focus', 'open', 'removeView', 'resetViewLocation', 'toggleVisibility'];

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in the extension host`);
  return ext;
}

describe('smoke: the extension in a real VS Code extension host', () => {
  it('is loaded', () => {
    assert.equal(extension().id, EXTENSION_ID);
  });

  it('activates', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers deMigrate.checkWorkspace', async () => {
    await extension().activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('deMigrate.checkWorkspace'), 'deMigrate.checkWorkspace is not registered');
  });

  it('registers every command the manifest declares, and declares every command it registers', async () => {
    const ext = extension();
    await ext.activate();
    const manifest = ext.packageJSON as { contributes?: { commands?: ManifestCommand[]; views?: Record<string, ManifestView[]> } };
    const declared = (manifest.contributes?.commands ?? []).map((c) => c.command).sort();
    const viewCommands = new Set(
      Object.values(manifest.contributes?.views ?? {})
        .flat()
        .flatMap((v) => VIEW_COMMAND_SUFFIXES.map((s) => `${v.id}.${s}`)),
    );
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith(COMMAND_PREFIX) && !viewCommands.has(c)).sort();
    assert.deepEqual(registered, declared);
  });
});
