import { runCli } from './main';

// The bundle's entry: wire the process to runCli; Ctrl-C aborts through the same AbortSignal path.
const controller = new AbortController();
process.on('SIGINT', () => {
  // A second Ctrl-C means "now": do not wait for the check to notice the abort.
  if (controller.signal.aborted) {
    process.exit(2);
  }
  controller.abort();
});
runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`de-migrate: ${String(err)}\n`);
    process.exitCode = 2;
  },
);
