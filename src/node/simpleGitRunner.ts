import { simpleGit } from 'simple-git';
import type { GitRunner, GitRunOptions } from '../core/ports';

/** The GitRunner port over simple-git: argv arrays only, the caller's variables on top of the process environment. */
export class SimpleGitRunner implements GitRunner {
  async run(cwd: string, args: readonly string[], opts: GitRunOptions = {}): Promise<string> {
    const git = simpleGit({ baseDir: cwd, ...(opts.signal ? { abort: opts.signal } : {}) });
    if (opts.env) {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) {
        if (v !== undefined) {
          env[k] = v;
        }
      }
      git.env({ ...env, ...opts.env });
    }
    return git.raw([...args]);
  }
}
