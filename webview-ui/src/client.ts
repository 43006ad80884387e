import type { RequestBody, WebviewMessage, WebviewRequest } from '../../src/shared/protocol';

/** A request the host answered with ok: false; the message is the host's one sentence. */
export class RequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestError';
  }
}

interface Pending {
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

/**
 * Requests to the host with ids; the host answers each with one reply carrying the id. No timeout:
 * a retried step may run for minutes, and the host replies to every request, failures included.
 */
export class RequestClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly post: (message: WebviewMessage) => void) {}

  request(body: RequestBody): Promise<void> {
    const id = this.nextId++;
    const message = { ...body, id } as WebviewRequest;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post(message);
    });
  }

  /** Settles the request a reply answers; false when no request has that id (the caller logs it). */
  settle(id: number, ok: boolean, error: string | undefined): boolean {
    const p = this.pending.get(id);
    if (!p) {
      return false;
    }
    this.pending.delete(id);
    if (ok) {
      p.resolve();
    } else {
      p.reject(new RequestError(error ?? 'The request failed.'));
    }
    return true;
  }
}
