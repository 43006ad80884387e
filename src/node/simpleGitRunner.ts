import { simpleGit } from 'simple-git';
import type { GitRunner, GitRunOptions } from '../core/ports';

/**
 * Variables git needs to find itself, the user's config, a temp folder and the SSH agent. Everything else is left
 * out: editors, pagers, askpass and GIT_DIR-style overrides have no place in these plumbing commands
 * (and simple-git refuses to pass several of them on).
 */
const PASSED_ENV =
  /^(PATH|Path|PATHEXT|HOME|USERPROFILE|HOMEDRIVE|HOMEPATH|APPDATA|LOCALAPPDATA|ProgramData|SystemRoot|SYSTEMROOT|ComSpec|TEMP|TMP|TMPDIR|LANG|LANGUAGE|LC_[A-Z]+|XDG_CONFIG_HOME|GIT_CEILING_DIRECTORIES|SSH_AUTH_SOCK)$/;

/** The GitRunner port over simple-git: argv arrays only, a reduced environment plus the caller's variables. */
export class SimpleGitRunner implements GitRunner {
  async run(cwd: string, args: readonly string[], opts: GitRunOptions = {}): Promise<string> {
    // GIT_SSH_COMMAND is built by the core from quoted settings (src/core/git/ssh.ts), never taken
    // from the environment, so simple-git's guard against injected ssh commands may let it through.
    const ownSshCommand = opts.env?.['GIT_SSH_COMMAND'] !== undefined;
    const { onProgress } = opts;
    const git = simpleGit({
      baseDir: cwd,
      ...(opts.signal ? { abort: opts.signal } : {}),
      ...(ownSshCommand ? { unsafe: { allowUnsafeSshCommand: true } } : {}),
      ...(onProgress
        ? {
            progress: (e: { stage: string; progress: number; processed: number; total: number }) =>
              onProgress({ stage: e.stage, percent: e.progress, processed: e.processed, total: e.total }),
          }
        : {}),
    });
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && PASSED_ENV.test(k)) {
        env[k] = v;
      }
    }
    git.env({ ...env, ...opts.env });
    return git.raw([...args]);
  }
}
