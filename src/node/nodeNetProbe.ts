import * as net from 'node:net';
import type { NetProbe } from '../core/ports';

/** The NetProbe port: opens a TCP connection and closes it at once. */
export class NodeNetProbe implements NetProbe {
  canConnect(host: string, port: number, options: { readonly timeoutMs: number; readonly signal?: AbortSignal }): Promise<boolean> {
    return new Promise((resolve) => {
      if (options.signal?.aborted) {
        resolve(false);
        return;
      }
      const socket = net.connect({ host, port });
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(ok);
      };
      const onAbort = (): void => done(false);
      const timer = setTimeout(() => done(false), options.timeoutMs);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
  }
}
