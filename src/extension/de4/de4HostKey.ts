import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import { checkHostKey } from '../../core/de5/pushApp';
import type { De4ServerConfig } from '../../core/de4/serverConfig';
import { KnownHostsAppender } from '../../core/git/knownHostsFile';
import type { SshSettings } from '../../core/git/ssh';
import type { Logger } from '../../core/ports';
import { NodeFileSystem } from '../../node/nodeFileSystem';
import { NodeFileWriter } from '../../node/nodeFileWriter';
import { NodeProcessRunner } from '../../node/nodeProcessRunner';
import type { KnownHostsStore } from '../push/knownHostsStore';
import { readConfig } from '../config';
import { confirmHostKeyModal } from '../platform/confirmHostKey';

/** The fingerprint a test (or a caller that already compared it) accepts without the dialog. */
export interface HostKeyAnswer {
  readonly acceptHostKey?: string;
}

/**
 * SSH settings for DE4's git over SSH, after the server's host key is trusted: a key seen before
 * passes, a changed one is refused, a new one is shown with its fingerprint and used only if the
 * user accepts it. ssh then runs with StrictHostKeyChecking=yes, so nothing is ever trusted silently.
 * The keys live in `deMigrate.ssh.knownHostsFile` when set (read as ssh reads it, hashed lines too),
 * otherwise in the extension's own known-hosts file shared with the DE5 push.
 */
export async function trustedDe4Ssh(
  server: De4ServerConfig,
  store: KnownHostsStore,
  log: Logger,
  signal: AbortSignal | undefined,
  answer: HostKeyAnswer = {},
): Promise<SshSettings> {
  const ssh = readConfig().ssh;
  const file = ssh.knownHostsFile ?? store.file;
  const own = ssh.knownHostsFile === undefined;
  const text = own ? await store.read() : await fsp.readFile(file, 'utf8').catch(() => '');
  const { host, port } = server.ssh;
  await checkHostKey(
    host,
    port,
    { text, file },
    {
      confirmHostKey: async (h, p, fp, type) =>
        answer.acceptHostKey !== undefined
          ? answer.acceptHostKey === fp
          : await confirmHostKeyModal(
              vscode.l10n.t('First connection to the git server of {0} ({1}:{2}). Trust it?', server.label, h, p),
              fp,
              type,
              vscode.l10n.t('your DE4 administrator'),
            ),
      rememberHostKeys: (lines) =>
        own ? store.append(lines) : new KnownHostsAppender(file, { fs: new NodeFileSystem(), writer: new NodeFileWriter() }).append(lines),
    },
    { process: new NodeProcessRunner(), log, ...(signal ? { signal } : {}) },
  );
  return { ...ssh, knownHostsFile: file, strictHostKeyChecking: 'yes' };
}
