import { runCli, type CliIo } from '../../src/cli/main';

/** What one in-process CLI run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `de-migrate <argv>` in this process with its output captured (the rest of CliIo as given). */
export async function runCliCaptured(argv: readonly string[], io: Omit<CliIo, 'stdout' | 'stderr'>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    ...io,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}
