import { CoreError, throwIfAborted } from '../errors';
import type { GitProgress, GitRunner } from '../ports';
import { gitFailure } from './gitFailure';
import { sshGitEnv, type SshSettings } from './ssh';

/**
 * The push to DE5, split as STYLE §4 asks: `planPush` is pure and returns argv arrays, environment
 * and a redaction list; `runPush` executes a plan through the GitRunner port. No shell strings.
 */

/** The remote DE5 pushes go to; DE4 remotes (`plotly`, `origin` on port 3022) are left alone. */
export const DE5_REMOTE = 'de5';

export interface GitCommand {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** What this step is, for the progress text and the log. */
  readonly title: string;
}

export interface PushPlan {
  readonly steps: readonly GitCommand[];
  /** Strings never to log (credentials in a URL); replaced by `***` in every logged line. */
  readonly redact: readonly string[];
  readonly remoteUrl: string;
  readonly branch: string;
}

export interface PushPlanInput {
  readonly remoteUrl: string;
  readonly branch: string;
  readonly ssh: SshSettings;
  /** What `git remote get-url de5` said, or undefined when there is no such remote. */
  readonly currentRemoteUrl: string | undefined;
  /** Overwrite the remote branch even when it is not an ancestor (second confirmation in the UI). */
  readonly force: boolean;
}

/** Secrets a URL may carry (`https://user:token@host/…`); SSH URLs normally carry none. */
export function urlSecrets(url: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/@:]+:([^/@]+)@/i.exec(url);
  return m?.[1] ? [m[1]] : [];
}

export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => (s === '' ? t : t.split(s).join('***')), text);
}

export function planPush(input: PushPlanInput): PushPlan {
  const env = sshGitEnv(input.ssh);
  // `--` everywhere a URL goes: one from a settings or record file must never be read as an option.
  const steps: GitCommand[] = [];
  if (input.currentRemoteUrl === undefined) {
    steps.push({ args: ['remote', 'add', '--', DE5_REMOTE, input.remoteUrl], env: {}, title: `add remote ${DE5_REMOTE}` });
  } else if (input.currentRemoteUrl !== input.remoteUrl) {
    steps.push({ args: ['remote', 'set-url', '--', DE5_REMOTE, input.remoteUrl], env: {}, title: `point remote ${DE5_REMOTE} at DE5` });
  }
  // --force-with-lease, not --force: it still refuses when the remote moved since we last looked.
  const force = input.force ? ['--force-with-lease'] : [];
  steps.push({
    args: ['push', '--progress', '--porcelain', ...force, '--', DE5_REMOTE, `HEAD:refs/heads/${input.branch}`],
    env,
    title: `push to ${input.branch}`,
  });
  return { steps, redact: urlSecrets(input.remoteUrl), remoteUrl: input.remoteUrl, branch: input.branch };
}

/** What `git ls-remote --symref <url> HEAD` says about the remote. */
export interface RemoteHead {
  /** The branch HEAD points at (`main`), or undefined for an empty repository. */
  readonly branch: string | undefined;
  readonly sha: string | undefined;
}

export function parseLsRemote(output: string): RemoteHead {
  let branch: string | undefined;
  let sha: string | undefined;
  for (const line of output.split(/\r?\n/)) {
    const sym = /^ref:\s+refs\/heads\/(\S+)\s+HEAD$/.exec(line.trim());
    if (sym) {
      branch = sym[1];
      continue;
    }
    const ref = /^([0-9a-f]{40,64})\s+HEAD$/.exec(line.trim());
    if (ref) {
      sha = ref[1];
    }
  }
  return { branch, sha };
}

export interface LsRemoteContext {
  readonly address: string;
  readonly app: string;
}

/**
 * Authenticates, proves the repository exists and reads its default branch in one round trip
 * (reference §3.9). A missing repository is `not-found` (the app must be created first).
 */
export async function lsRemote(
  url: string,
  ssh: SshSettings,
  git: GitRunner,
  cwd: string,
  ctx: LsRemoteContext,
  signal?: AbortSignal,
): Promise<RemoteHead> {
  const env = sshGitEnv(ssh);
  try {
    // Without `--`, a URL like `--upload=<cmd>` (git takes abbreviated options) runs <cmd> here.
    const out = await git.run(cwd, ['ls-remote', '--symref', '--', url, 'HEAD'], { env, ...(signal ? { signal } : {}) });
    return parseLsRemote(out);
  } catch (err) {
    const failure = gitFailure(err, { action: `Connecting to ${ctx.app} on DE5`, address: ctx.address });
    if (
      failure.code === 'remote-rejected' &&
      /does not exist|not found|does not appear to be a git repository|no such/i.test(failure.message)
    ) {
      throw new CoreError('not-found', `DE5 has no repository for ${ctx.app} yet.`, {
        hint: 'Create the app on DE5 first (de apps create, or the App Manager).',
        cause: err,
      });
    }
    throw failure;
  }
}

export interface PushOutcome {
  /** The commit the remote branch now points at (the local HEAD). */
  readonly sha: string;
  readonly branch: string;
  /** Whether the remote already had this commit (nothing was sent). */
  readonly upToDate: boolean;
}

/** Runs a plan in the app's repository; a rejected non-fast-forward push is `remote-rejected`. */
export async function runPush(
  plan: PushPlan,
  git: GitRunner,
  repoDir: string,
  opts: { readonly signal?: AbortSignal; readonly onProgress?: (p: GitProgress) => void; readonly address: string },
): Promise<PushOutcome> {
  let out = '';
  for (const step of plan.steps) {
    throwIfAborted(opts.signal);
    try {
      out = await git.run(repoDir, step.args, {
        env: step.env,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      });
    } catch (err) {
      const failure = gitFailure(err, { action: `Pushing to DE5`, address: opts.address });
      if (/\[rejected\]|non-fast-forward|fetch first/i.test(failure.message)) {
        throw new CoreError(
          'remote-rejected',
          `DE5 has commits on ${plan.branch} that this checkout does not have, so the push was refused.`,
          {
            hint: 'Pull them first, or push again and choose to overwrite the remote branch.',
            cause: err,
          },
        );
      }
      throw new CoreError(failure.code, redact(failure.message, plan.redact), {
        ...(failure.hint !== undefined ? { hint: failure.hint } : {}),
        cause: err,
      });
    }
  }
  const sha = (await git.run(repoDir, ['rev-parse', 'HEAD'], opts.signal ? { signal: opts.signal } : {})).trim();
  return { sha, branch: plan.branch, upToDate: /\[up to date\]|^=\s/m.test(out) };
}
