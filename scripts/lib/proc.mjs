// Small process helpers shared by the harness scripts: printing steps and running commands.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** Prints one harness line to stderr with a tag, e.g. `[setup] installing code-server`. */
export function say(tag, message) {
  process.stderr.write(`[${tag}] ${message}\n`);
}

/** Quotes an argv for display only (we never hand strings to a shell). */
export function shellQuote(argv) {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * Runs a command with inherited stdio (or captured output when `capture` is set) and resolves with
 * `{ code, output, timedOut }`. A signal-terminated child gets the shell's 128 + signal number.
 * `ownGroup` runs it in its own process group: a timeout or our own SIGINT/SIGTERM then reaches
 * everything it started (npm -> node -> launcher -> browser), and leftovers are ended when it exits.
 */
export function run(command, args, { cwd, env, capture = false, tee = false, timeoutMs, ownGroup = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: env ?? process.env,
      stdio: capture || tee ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
      detached: ownGroup,
    });
    const kill = (signal) => {
      try {
        if (ownGroup) {
          process.kill(-child.pid, signal);
        } else {
          child.kill(signal);
        }
      } catch (err) {
        // ESRCH: already gone.
        if (err?.code !== 'ESRCH') {
          throw err;
        }
      }
    };
    const forward = (signal) => kill(signal);
    if (ownGroup) {
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
    }
    let output = '';
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          kill('SIGTERM');
          setTimeout(() => kill('SIGKILL'), 10_000).unref();
        }, timeoutMs)
      : undefined;
    if (capture || tee) {
      const onData = (stream) => (chunk) => {
        output += chunk.toString();
        if (tee) {
          stream.write(chunk);
        }
      };
      child.stdout.on('data', onData(process.stdout));
      child.stderr.on('data', onData(process.stderr));
    }
    child.on('error', reject);
    // A straggler holding our pipes open would otherwise keep 'close' from ever firing; SIGTERM
    // first so a launcher can still stop the code-server it started.
    let straggler;
    child.on('exit', () => {
      if (ownGroup) {
        kill('SIGTERM');
        straggler = setTimeout(() => kill('SIGKILL'), 10_000);
        straggler.unref();
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(straggler);
      process.removeListener('SIGINT', forward);
      process.removeListener('SIGTERM', forward);
      resolve({ code: code ?? 128 + (constants.signals[signal] ?? 0), output, timedOut });
    });
  });
}

/** Like `run`, but throws when the command fails. */
export async function runOrThrow(command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const tail = options?.capture ? `\n${result.output.trim().split('\n').slice(-30).join('\n')}` : '';
    throw new Error(
      `${shellQuote([command, ...args])} failed with exit code ${result.code}${result.timedOut ? ' (timed out)' : ''}${tail}`,
    );
  }
  return result;
}
