// A minimal typed event emitter for core models, shaped like vscode's `EventEmitter` (`event`,
// `fire`, `dispose`) so the extension can `register()` a subscription without an adapter.

/** Ends a subscription; structurally a `vscode.Disposable`. */
export interface Subscription {
  dispose(): void;
}

/** Subscribes a listener; like `vscode.Event<T>`, minus `thisArgs` and the disposables array. */
export type Event<T> = (listener: (e: T) => unknown) => Subscription;

export class Emitter<T> {
  private readonly listeners = new Set<(e: T) => unknown>();
  private isDisposed = false;

  /**
   * @param onListenerError Called when a listener throws, so one faulty listener neither stops the
   *   others nor escapes into the caller of `fire` (vscode's emitter behaves the same).
   */
  constructor(private readonly onListenerError: (err: unknown) => void = () => undefined) {}

  readonly event: Event<T> = (listener) => {
    if (this.isDisposed) {
      return { dispose: () => undefined };
    }
    // A wrapper, so subscribing the same function twice yields two independent subscriptions.
    const entry = (e: T): unknown => listener(e);
    this.listeners.add(entry);
    return {
      dispose: () => {
        this.listeners.delete(entry);
      },
    };
  };

  fire(e: T): void {
    if (this.isDisposed) {
      return;
    }
    // A copy, so listeners may subscribe while being called; one unsubscribed meanwhile is skipped.
    for (const listener of [...this.listeners]) {
      if (!this.listeners.has(listener)) {
        continue;
      }
      try {
        listener(e);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  dispose(): void {
    this.isDisposed = true;
    this.listeners.clear();
  }
}
