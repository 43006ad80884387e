import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Runs `fn` with a fresh private folder (mode 0700) for OpenSSH connection sharing, removed after;
 * undefined on Windows, whose OpenSSH cannot share connections. The folder sits directly in the
 * temp folder with a short name, because a socket path is limited to about 100 characters.
 */
export async function withSshControlDir<T>(fn: (dir: string | undefined) => Promise<T>): Promise<T> {
  if (process.platform === 'win32') {
    return fn(undefined);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dm-ssh-'));
  try {
    return await fn(dir);
  } finally {
    // The shared connection ends by itself (ControlPersist); its socket goes with the folder.
    rmSync(dir, { recursive: true, force: true });
  }
}
