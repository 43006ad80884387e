// Runs the git and OpenSSH tools the SSH stand-in needs: argv only (never a shell), bounded time,
// output captured, and a failure carries the tool's stderr.
import { spawn } from 'node:child_process';

/**
 * Runs `command args` and resolves with its stdout; rejects on a non-zero exit, a timeout or abort.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, input?: string | Buffer, timeoutMs?: number, signal?: AbortSignal }} [options]
 * @returns {Promise<string>}
 */
export function runTool(command, args, { cwd, env, input, timeoutMs = 30_000, signal } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL', signal });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    // EPIPE when the tool exits before reading all input; its exit status tells the real story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
    child.on('close', (code, sig) => {
      if (code === 0) {
        resolve(Buffer.concat(out).toString('utf8'));
        return;
      }
      const why = sig ? `was killed (${sig}${sig === 'SIGKILL' ? `, after ${timeoutMs} ms?` : ''})` : `exited with ${code}`;
      const stderr = Buffer.concat(err).toString('utf8').trim();
      reject(new Error(`${command} ${args[0] ?? ''} ${why}${stderr ? `: ${stderr}` : ''}`));
    });
  });
}

/**
 * The environment for git: the caller's, minus every GIT_* variable (a hook or an outer repository
 * could set GIT_DIR and friends), with the user's global and the system config switched off.
 * @param {NodeJS.ProcessEnv} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
export function gitEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
  return { ...env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', ...extra };
}
