// The DE5 stand-in's sshd: the shared loopback launcher (scripts/lib/sshd.mjs) on DE5's port 22 when
// running as root and free.
import { pickPort as pickAnyPort } from '../lib/sshd.mjs';

export { isPortFree, runSshd, SSHD, sshdHasPenalties } from '../lib/sshd.mjs';
export const DE5_SSH_PORT = 22;

/** @param {number | undefined} port */
export function pickPort(port) {
  return pickAnyPort(port, { usual: DE5_SSH_PORT, rootOnly: true, who: 'de5Ssh' });
}
