import * as path from 'node:path';
import * as vscode from 'vscode';
import { MIGRATION_STATE_FILE } from '../../core/migrate/stateStore';
import { errorMessage } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { parseMigrationState, type AppMigrationState } from '../../shared/migrationState';

/** The badge (at most two characters, as VS Code allows) and colour for an app's migration step. */
function decorationOf(state: AppMigrationState): vscode.FileDecoration {
  if (state.failed) {
    return new vscode.FileDecoration(
      '!',
      vscode.l10n.t('Migration failed at {0}: {1}', state.failed.step, state.failed.reason),
      new vscode.ThemeColor('list.errorForeground'),
    );
  }
  if (state.step === 'verified') {
    return new vscode.FileDecoration('✓', vscode.l10n.t('Migrated to DE5 and answering'), new vscode.ThemeColor('testing.iconPassed'));
  }
  return new vscode.FileDecoration('…', vscode.l10n.t('Migration step done: {0}', state.step));
}

/**
 * Explorer badges for app folders of a fleet migration (`.de-migrate/state.json` at a workspace
 * folder's root): ✓ migrated, ! failed, … part-way.
 */
export function registerStateDecorations(context: vscode.ExtensionContext, log: Logger): { refresh(): void } {
  const emitter = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  let byFolder = new Map<string, vscode.FileDecoration>();
  const load = async (): Promise<void> => {
    const next = new Map<string, vscode.FileDecoration>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const file = vscode.Uri.joinPath(folder.uri, ...MIGRATION_STATE_FILE.split('/'));
      try {
        const state = parseMigrationState(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
        for (const app of Object.values(state.apps)) {
          const dir = app.dir === undefined ? path.join(folder.uri.fsPath, app.app) : path.resolve(folder.uri.fsPath, app.dir);
          next.set(vscode.Uri.file(dir).toString(), decorationOf(app));
        }
      } catch (err) {
        log.debug(`[migrate] no state for decorations in ${file.fsPath}: ${errorMessage(err)}`);
      }
    }
    byFolder = next;
    emitter.fire(undefined);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${MIGRATION_STATE_FILE}`);
  const reload = (): void => void load();
  context.subscriptions.push(
    emitter,
    watcher,
    watcher.onDidCreate(reload),
    watcher.onDidChange(reload),
    watcher.onDidDelete(reload),
    vscode.window.registerFileDecorationProvider({
      onDidChangeFileDecorations: emitter.event,
      provideFileDecoration: (uri) => byFolder.get(uri.toString()),
    }),
  );
  reload();
  return { refresh: reload };
}
