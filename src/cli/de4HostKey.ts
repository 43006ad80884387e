import * as os from 'node:os';
import * as path from 'node:path';
import { checkHostKey, untrustedHostKey } from '../core/de5/pushApp';
import { readTextOrEmpty } from '../core/fileText';
import { KnownHostsAppender } from '../core/git/knownHostsFile';
import type { De4SshTarget, SshSettings } from '../core/git/ssh';
import type { FileSystem, FileWriter, Logger, ProcessRunner } from '../core/ports';

export interface De4HostKeyPorts {
  readonly fs: FileSystem;
  readonly writer: FileWriter;
  readonly process: ProcessRunner;
  readonly log?: Logger;
  readonly signal?: AbortSignal;
}

/** The files ssh itself reads when no UserKnownHostsFile is given. */
function defaultKnownHostsFiles(home: string): string[] {
  return [path.join(home, '.ssh', 'known_hosts'), path.join(home, '.ssh', 'known_hosts2'), '/etc/ssh/ssh_known_hosts'];
}

/**
 * Checks DE4's git SSH host key before any clone or backup: known passes, changed is refused, and
 * an unknown key stops the run with its fingerprint unless `--accept-host-key` names exactly that
 * fingerprint (then it is added to the known-hosts file, as answering ssh's prompt would). ssh then
 * runs with StrictHostKeyChecking=yes: no flag makes it trust a host silently.
 */
export async function trustDe4HostKey(
  target: De4SshTarget,
  ssh: SshSettings,
  acceptHostKey: string | undefined,
  flag: string,
  ports: De4HostKeyPorts,
  home = os.homedir(),
): Promise<SshSettings> {
  const files = ssh.knownHostsFile !== undefined ? [ssh.knownHostsFile] : defaultKnownHostsFiles(home);
  const text = (await Promise.all(files.map((f) => readTextOrEmpty(ports.fs, f)))).join('\n');
  const file = files[0] as string;
  await checkHostKey(
    target.host,
    target.port,
    { text, file },
    {
      confirmHostKey: (host, port, fingerprint, type) => {
        if (acceptHostKey === fingerprint) {
          return Promise.resolve(true);
        }
        return Promise.reject(
          untrustedHostKey(
            host,
            port,
            fingerprint,
            type,
            acceptHostKey,
            `Compare it with the one your DE4 administrator gives you (ssh-keygen -lf on the server), then run again with ${flag} ${fingerprint}.`,
          ),
        );
      },
      rememberHostKeys: (lines) => new KnownHostsAppender(file, ports).append(lines),
    },
    ports,
  );
  return { ...ssh, strictHostKeyChecking: 'yes' };
}
