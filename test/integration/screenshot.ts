// Screenshots of the workbench from inside a test. The launcher (scripts/codeServerLauncher.mjs)
// watches the extension host's console for the marker below and saves a PNG to
// DE_MIGRATE_SCREENSHOT. It has to happen during the run: when the tests end, the workbench stops
// the extension host and clears its diagnostics before the launcher hears the exit code.
import * as fs from 'node:fs';

/** Keep in sync with SCREENSHOT_MARKER in scripts/codeServerLauncher.mjs. */
export const SCREENSHOT_MARKER = '[de-migrate:screenshot]';

/**
 * Asks the launcher for a screenshot of the workbench as it is now and waits until it is written.
 * Does nothing unless DE_MIGRATE_SCREENSHOT is set.
 */
export async function captureWorkbench(timeoutMs = 20_000): Promise<void> {
  const file = process.env['DE_MIGRATE_SCREENSHOT'];
  if (!file) {
    return;
  }
  const requested = Date.now();
  console.log(SCREENSHOT_MARKER);
  while (Date.now() - requested < timeoutMs) {
    // The launcher renames a finished file into place, so any new enough file is complete.
    if (fs.existsSync(file) && fs.statSync(file).mtimeMs >= requested - 1000) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no screenshot was written to ${file} within ${timeoutMs / 1000} s`);
}
