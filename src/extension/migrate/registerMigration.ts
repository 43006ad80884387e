import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import type { CommandEnv } from '../commands/runCommand';
import type { De4AppsApi } from '../de4/registerDe4Apps';
import type { DiagnosticsController } from '../diagnostics/diagnosticsController';
import { registerPush } from '../push/registerPush';
import { registerReport } from '../webview/registerReport';
import { registerMigrateCommands } from './migrateCommands';
import { registerStateDecorations } from './stateDecorations';

/** Push to DE5, fleet migration and the Migration Report: they share the trusted host keys with the DE4 tree. */
export function registerMigration(
  context: vscode.ExtensionContext,
  env: CommandEnv,
  diagnostics: DiagnosticsController,
  de4: De4AppsApi,
  log: Logger,
): void {
  const knownHosts = de4.knownHosts;
  registerPush(context, env, diagnostics, de4, knownHosts, log);
  const decorations = registerStateDecorations(context, log);
  const migrate = registerMigrateCommands(env, {
    de4,
    knownHosts,
    log,
    onStateChange: () => {
      void de4.links.rescan();
      decorations.refresh();
    },
  });
  context.subscriptions.push(...migrate.disposables);
  registerReport(context, env, log, (app) => migrate.retryStep(app));
}
