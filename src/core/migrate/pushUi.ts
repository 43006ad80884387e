import { untrustedHostKey, type PushUi } from '../de5/pushApp';
import type { KnownHostsAppender } from '../git/knownHostsFile';
import type { Logger } from '../ports';

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
        untrustedHostKey(
          host,
          port,
          fingerprint,
          type,
          answers.acceptHostKey,
          'Compare it with the one your DE5 administrator publishes, then give that fingerprint to trust it.',
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
