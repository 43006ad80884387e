import * as vscode from 'vscode';

/**
 * Bridges cancellation tokens to the AbortSignal the core understands: the signal aborts when any of
 * the tokens is cancelled. Dispose to detach.
 */
export function signalFromToken(...tokens: (vscode.CancellationToken | undefined)[]): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const subs: vscode.Disposable[] = [];
  for (const token of tokens) {
    if (!token) {
      continue;
    }
    if (token.isCancellationRequested) {
      controller.abort();
    }
    subs.push(token.onCancellationRequested(() => controller.abort()));
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of subs) {
        s.dispose();
      }
    },
  };
}

/**
 * Runs core work in a cancellable notification progress, handing it the token as an AbortSignal
 * (STYLE §5: network and git work is always cancellable).
 */
export function withCancellableProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_p, token) => {
    const bridge = signalFromToken(token);
    try {
      return await work(bridge.signal);
    } finally {
      bridge.dispose();
    }
  });
}
