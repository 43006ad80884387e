import * as vscode from 'vscode';
import { CoreError, errorMessage, isCancellation } from '../../core/errors';
import type { Logger } from '../../core/ports';

export interface CommandEnv {
  readonly log: Logger;
  readonly showLog: () => void;
}

/**
 * The edge every command handler runs inside: failures are logged with their stack and shown as one
 * sentence with "Show Log"; cancellation is not an error (STYLE §8).
 */
export async function runCommand(env: CommandEnv, name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (isCancellation(err) || err instanceof vscode.CancellationError) {
      env.log.debug(`${name} cancelled`);
      return;
    }
    env.log.error(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    const hint = err instanceof CoreError && err.hint ? ` ${err.hint}` : '';
    const showLog = vscode.l10n.t('Show Log');
    // Not awaited: the command has ended; its toast must not keep it pending until dismissed.
    void vscode.window.showErrorMessage(`${errorMessage(err)}${hint}`, showLog).then((picked) => {
      if (picked === showLog) {
        env.showLog();
      }
    });
  }
}

/** Registers a command whose handler runs inside runCommand. */
export function registerCommand(env: CommandEnv, id: string, fn: (...args: unknown[]) => Promise<void>): vscode.Disposable {
  return vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(env, id, () => fn(...args)));
}
