import * as path from 'node:path';
import { readTextOrEmpty } from '../fileText';
import type { FileSystem, FileWriter } from '../ports';

export interface KnownHostsPorts {
  readonly fs: FileSystem;
  readonly writer: FileWriter;
}

/**
 * Appends to a known-hosts file one caller at a time, leaving out lines already there: several apps
 * on the same new DE5 host may all trust its key at once.
 */
export class KnownHostsAppender {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly ports: KnownHostsPorts,
  ) {}

  append(lines: string): Promise<void> {
    const task = async (): Promise<void> => {
      const current = await readTextOrEmpty(this.ports.fs, this.file);
      const have = new Set(current.split('\n').map((l) => l.trim()));
      const fresh = lines.split('\n').filter((l) => l.trim() !== '' && !have.has(l.trim()));
      if (fresh.length === 0) {
        return;
      }
      const base = current === '' || current.endsWith('\n') ? current : `${current}\n`;
      await this.ports.writer.mkdir(path.dirname(this.file));
      await this.ports.writer.writeFileAtomic(this.file, new TextEncoder().encode(`${base}${fresh.join('\n')}\n`), { mode: 0o600 });
    };
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
