import * as vscode from 'vscode';

/**
 * Base for long-lived objects: `register` ties a disposable to this owner's lifetime, and anything
 * registered after disposal is disposed at once (vscode-pull-request-github's lifecycle.ts).
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private isDisposed = false;

  protected register<T extends vscode.Disposable>(d: T): T {
    if (this.isDisposed) {
      d.dispose();
    } else {
      this.disposables.push(d);
    }
    return d;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.isDisposed = true;
    for (const d of this.disposables.splice(0).reverse()) {
      d.dispose();
    }
  }

  protected get disposed(): boolean {
    return this.isDisposed;
  }
}
