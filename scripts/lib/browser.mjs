// Headless Debian Chromium driven by playwright-core (never `playwright install`: no browser downloads).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './paths.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches Chromium with a fresh profile; `close()` ends it and removes the profile. */
export async function launchBrowser({ width = 1440, height = 900 } = {}) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing; run \`npm run setup\` (it installs the chromium package).`);
  }
  const profile = mkdtempSync(path.join(os.tmpdir(), 'de-migrate-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    try {
      await context.close();
    } catch (err) {
      // Closing an already crashed browser throws; the profile removal below still matters.
      process.stderr.write(`[browser] close: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, close };
}
