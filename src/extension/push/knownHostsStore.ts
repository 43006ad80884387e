import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { KnownHostsAppender } from '../../core/git/knownHostsFile';
import { NodeFileSystem } from '../../node/nodeFileSystem';
import { NodeFileWriter } from '../../node/nodeFileWriter';

/**
 * The known-hosts file this extension manages for DE4 git servers and DE5 pushes, in its global storage: hosts are added
 * only after the user compared and accepted a fingerprint, and ssh then checks them strictly.
 */
export class KnownHostsStore {
  readonly file: string;
  private readonly appender: KnownHostsAppender;

  constructor(
    storage: vscode.Uri,
    private readonly log: Logger,
  ) {
    this.file = path.join(storage.fsPath, 'known_hosts');
    this.appender = new KnownHostsAppender(this.file, { fs: new NodeFileSystem(), writer: new NodeFileWriter() });
  }

  async read(): Promise<string> {
    try {
      return await fsp.readFile(this.file, 'utf8');
    } catch {
      return '';
    }
  }

  /** Adds lines atomically and one caller at a time, leaving out lines already there. */
  async append(lines: string): Promise<void> {
    await this.appender.append(lines);
    this.log.info(`[ssh] trusted host key(s) saved in ${this.file}`);
  }

  /** Lets the user drop trusted hosts (a DE5 server reinstalled with a new key). */
  async forgetInteractively(): Promise<void> {
    const lines = (await this.read()).split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    if (lines.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No host key is trusted yet.'));
      return;
    }
    const picked = await vscode.window.showQuickPick(
      lines.map((line) => {
        const [host, type] = line.split(/\s+/);
        return { label: host ?? line, description: type, line };
      }),
      { canPickMany: true, title: vscode.l10n.t('Forget which trusted host keys?') },
    );
    if (!picked || picked.length === 0) {
      return;
    }
    const drop = new Set(picked.map((p) => p.line));
    const kept = lines.filter((l) => !drop.has(l));
    await new NodeFileWriter().writeFileAtomic(this.file, new TextEncoder().encode(kept.map((l) => `${l}\n`).join('')), { mode: 0o600 });
    this.log.info(`[push] forgot ${drop.size} trusted host key line(s)`);
  }
}
