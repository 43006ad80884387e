export type CoreErrorCode =
  | 'cancelled'
  | 'not-found'
  | 'io-failed'
  | 'invalid-input'
  | 'auth-failed'
  | 'host-key-unknown'
  | 'timeout'
  | 'remote-rejected'
  | 'internal';

/** An operational failure with a message for people and an optional next step. */
export class CoreError extends Error {
  readonly code: CoreErrorCode;
  readonly hint?: string;

  constructor(code: CoreErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CoreError';
    this.code = code;
    if (options.hint !== undefined) {
      this.hint = options.hint;
    }
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new CoreError('cancelled', 'The operation was cancelled.');
  }
}

export function isCancellation(err: unknown): boolean {
  return err instanceof CoreError && err.code === 'cancelled';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
