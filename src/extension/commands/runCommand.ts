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
export async function runCommand<T>(env: CommandEnv, name: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (isCancellation(err) || err instanceof vscode.CancellationError) {
      env.log.debug(`${name} cancelled`);
      return undefined;
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
    return undefined;
  }
}

/** Registers a command whose handler runs inside runCommand; a result reaches `executeCommand`'s caller (tests). */
export function registerCommand<T>(env: CommandEnv, id: string, fn: (...args: unknown[]) => Promise<T>): vscode.Disposable {
  return vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(env, id, () => fn(...args)));
}
