import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { readConfig, RECHECK_KEYS } from '../config';
import { WorkspaceFileSystem } from '../platform/workspaceFileSystem';
import { CodeActionProvider } from './codeActionProvider';
import { DiagnosticsController } from './diagnosticsController';

/** Files whose change can change a finding: project files, Python sources and git remotes. */
const WATCHED =
  '**/{Procfile,*requirements*.txt,*requirements*.in,runtime.txt,conda-runtime.txt,environment.yml,environment.yaml,app.json,apt,apt-*,Aptfile,project.toml,DOKKU_SCALE,CHECKS,.buildpacks,.condarc,*.py,config}';

/**
 * Diagnostics for every DE4 app in the workspace: a background scan at start, re-checks on typing
 * (debounced) and on disk changes, quick fixes and `source.fixAll.deMigrate`.
 */
export function registerDiagnostics(context: vscode.ExtensionContext, log: Logger): DiagnosticsController {
  const controller = new DiagnosticsController(new WorkspaceFileSystem(), log, readConfig());
  context.subscriptions.push(controller);
  const recheck = (uri: vscode.Uri): void => {
    if (uri.scheme === 'file') {
      controller.schedule(uri.fsPath);
    }
  };
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED);
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new CodeActionProvider(controller), CodeActionProvider.metadata),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) {
        recheck(e.document.uri);
      }
    }),
    // Closing a modified buffer drops its overlay: the disk is the truth again.
    vscode.workspace.onDidCloseTextDocument((d) => recheck(d.uri)),
    watcher,
    watcher.onDidCreate(recheck),
    watcher.onDidChange(recheck),
    watcher.onDidDelete(recheck),
    vscode.workspace.onDidChangeWorkspaceFolders(
      () => void controller.scanWorkspace().catch((err: unknown) => log.debug(`rescan stopped: ${String(err)}`)),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RECHECK_KEYS.some((k) => e.affectsConfiguration(k))) {
        log.info('settings changed; checking every app again');
        controller.setConfig(readConfig());
        void controller.scanWorkspace().catch((err: unknown) => log.debug(`rescan stopped: ${String(err)}`));
      }
    }),
  );
  // Not awaited: activation stays fast and the scan reports progress in the status bar.
  void controller.scanWorkspace().catch((err: unknown) => log.debug(`initial scan stopped: ${String(err)}`));
  return controller;
}
