import { spawn } from 'node:child_process';
import { CoreError } from '../core/errors';
import type { ProcessResult, ProcessRunner, ProcessRunOptions } from '../core/ports';

/** Output beyond this is dropped (a runaway program must not exhaust memory); the tail is kept. */
const MAX_OUTPUT = 4 * 1024 * 1024;

function append(current: string, chunk: Buffer): string {
  const next = current + chunk.toString('utf8');
  return next.length > MAX_OUTPUT ? next.slice(next.length - MAX_OUTPUT) : next;
}

/** The ProcessRunner port over child_process.spawn: argv only (`shell: false`), bounded output and time. */
export class NodeProcessRunner implements ProcessRunner {
  run(command: string, args: readonly string[], options: ProcessRunOptions = {}): Promise<ProcessResult> {
    const { signal, timeoutMs } = options;
    if (signal?.aborted) {
      return Promise.reject(new CoreError('cancelled', 'The operation was cancelled.'));
    }
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...args], {
        shell: false,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        env: { ...process.env, ...options.env },
        windowsHide: true,
      });
      let stdout = '';
      let stderr = '';
      let ended: CoreError | undefined;
      const stop = (why: CoreError): void => {
        ended ??= why;
        child.kill('SIGTERM');
      };
      const onAbort = (): void => stop(new CoreError('cancelled', 'The operation was cancelled.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(
              () => stop(new CoreError('timeout', `${command} did not finish within ${Math.round(timeoutMs / 1000)} s.`)),
              timeoutMs,
            );
      child.stdout.on('data', (c: Buffer) => (stdout = append(stdout, c)));
      child.stderr.on('data', (c: Buffer) => (stderr = append(stderr, c)));
      child.on('error', (err: NodeJS.ErrnoException) => {
        ended ??=
          err.code === 'ENOENT'
            ? new CoreError('not-found', `${command} is not installed (or not on PATH).`, { cause: err })
            : new CoreError('io-failed', `${command} could not be started: ${err.message}`, { cause: err });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (ended) {
          reject(ended);
        } else {
          resolve({ code: code ?? -1, stdout, stderr });
        }
      });
    });
  }
}
