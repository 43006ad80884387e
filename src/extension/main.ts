import * as vscode from 'vscode';
import { registerCheckCommands } from './commands/checkCommands';
import { registerConvertCommands } from './convert/convertCommands';
import { registerDe4Apps, type De4AppsApi } from './de4/registerDe4Apps';
import { registerDiagnostics } from './diagnostics/registerDiagnostics';
import { createLogChannel, taggedLogger } from './log';
import { registerMigration } from './migrate/registerMigration';

/** What the extension returns from activate: used by the integration tests and the bench. */
export interface DeMigrateApi {
  /** Milliseconds spent inside activate. */
  readonly activationMs: number;
  /** Resolves when no check is running or pending. */
  whenIdle(): Promise<void>;
  /** The DE4 Apps tree: its provider, model and view, and whether a server's key is stored. */
  readonly de4: De4AppsApi;
  /** The extension host's log folder for this extension (tests read the DE Migrate log there). */
  readonly logFolder: string;
  /** The extension's global storage folder (the managed known_hosts lives there). */
  readonly storageFolder: string;
}

export function activate(context: vscode.ExtensionContext): DeMigrateApi | undefined {
  const started = performance.now();
  const channel = createLogChannel();
  context.subscriptions.push(channel);
  const log = taggedLogger(channel, 'main');
  try {
    const env = { log: taggedLogger(channel, 'command'), showLog: () => channel.show(true) };
    const diagnostics = registerDiagnostics(context, taggedLogger(channel, 'check'));
    context.subscriptions.push(...registerCheckCommands(env, diagnostics), ...registerConvertCommands(env, diagnostics));
    const de4 = registerDe4Apps(context, env, taggedLogger(channel, 'de4'));
    registerMigration(context, env, diagnostics, de4, taggedLogger(channel, 'push'));
    const activationMs = performance.now() - started;
    log.info(`activated in ${activationMs.toFixed(1)} ms`);
    return {
      activationMs,
      whenIdle: () => diagnostics.whenIdle(),
      de4,
      logFolder: context.logUri.fsPath,
      storageFolder: context.globalStorageUri.fsPath,
    };
  } catch (err) {
    // VS Code reports activation failures poorly: log the stack and tell the user where to look.
    log.error(`activation failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showErrorMessage(vscode.l10n.t('DE Migrate could not start: {0}', String(err)), showLog).then((picked) => {
      if (picked === showLog) {
        channel.show(true);
      }
    });
    return undefined;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
