import * as path from 'node:path';
import type { PushUi } from '../de5/pushApp';
import { CoreError } from '../errors';
import type { FileSystem, FileWriter, Logger } from '../ports';

/** How a migration answers the push's questions: from options, never by asking (nobody is watching a fleet). */
export interface UnattendedAnswers {
  /** Trust an unknown DE5 host key only when it has this fingerprint (`SHA256:…`). */
  readonly acceptHostKey?: string;
  /** Trust an unknown DE5 host key on first use (logged with its fingerprint). */
  readonly acceptNewHostKeys: boolean;
  /** The deploy branch when the remote is empty; `main` by default. */
  readonly branch?: string;
  /** An environment variable's value for an app; undefined leaves it unset (the setup reports it). */
  readonly valueFor?: (app: string, name: string) => string | undefined;
}

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
      const current = await readText(this.ports.fs, this.file);
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

/** A file's text, or '' when it does not exist (or cannot be read: ssh then refuses the host, which says so). */
export async function readText(fs: FileSystem, file: string): Promise<string> {
  try {
    return new TextDecoder().decode(await fs.readFile(file));
  } catch {
    return '';
  }
}

/** A PushUi for one app of a migration: steps go to the log, questions are answered from `answers`. */
export function unattendedPushUi(app: string, answers: UnattendedAnswers, knownHosts: KnownHostsAppender, log: Logger): PushUi {
  return {
    step: (text) => log.info(`[migrate] ${app}: ${text}`),
    progress: (p) => log.debug(`[migrate] ${app}: ${p.stage} ${p.percent}%`),
    confirmHostKey: (host, port, fingerprint, type) => {
      if (answers.acceptHostKey !== undefined && answers.acceptHostKey === fingerprint) {
        return Promise.resolve(true);
      }
      if (answers.acceptHostKey === undefined && answers.acceptNewHostKeys) {
        log.warn(`[migrate] trusting ${host}:${port} on first use: ${type} ${fingerprint}`);
        return Promise.resolve(true);
      }
      // A failure, not a cancellation: the run goes on with the other apps and the state says why.
      return Promise.reject(
        new CoreError(
          'host-key-unknown',
          answers.acceptHostKey === undefined
            ? `${host}:${port} is not trusted yet; its host key fingerprint is ${fingerprint} (${type}).`
            : `The host key of ${host}:${port} is ${fingerprint} (${type}), not the fingerprint given (${answers.acceptHostKey}).`,
          { hint: 'Compare it with the one your DE5 administrator publishes, then give that fingerprint to trust it.' },
        ),
      );
    },
    rememberHostKeys: (lines) => knownHosts.append(lines),
    chooseBranch: (suggested) => Promise.resolve(answers.branch ?? suggested),
    valueFor: (name) => Promise.resolve(answers.valueFor?.(app, name)),
    // Overwriting commits on DE5 is never done unattended.
    confirmForce: () => Promise.resolve(false),
    checklist: (lines) => log.info(`[migrate] ${app}: to do on DE5 by hand:\n  ${lines.join('\n  ')}`),
  };
}
