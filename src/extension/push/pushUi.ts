import * as vscode from 'vscode';
import { confirmHostKeyModal } from '../platform/confirmHostKey';
import type { PushUi } from '../../core/de5/pushApp';
import type { GitProgress } from '../../core/ports';

/** Answers a test (or a caller) gives instead of dialogs; anything left out is asked. */
export interface PushAnswers {
  readonly acceptHostKey?: boolean;
  readonly branch?: string;
  readonly force?: boolean;
  /** Environment variable values by name; a name mapped to null is skipped without asking. */
  readonly values?: Readonly<Record<string, string | null>>;
}

export interface PushUiDeps {
  readonly progress: vscode.Progress<{ message?: string; increment?: number }>;
  readonly answers: PushAnswers;
  readonly appendKnownHosts: (lines: string) => Promise<void>;
  /** A value from secret storage or the DE4 server, before asking. */
  readonly storedValue: (name: string) => Promise<string | undefined>;
  readonly rememberValue: (name: string, value: string) => Promise<void>;
  readonly app: string;
}

/** The push's questions as VS Code dialogs; progress goes to the notification that runs it. */
export class VsCodePushUi implements PushUi {
  readonly checklistLines: string[] = [];
  private lastPercent = 0;
  private stage = '';

  constructor(private readonly d: PushUiDeps) {}

  step(text: string): void {
    this.d.progress.report({ message: text });
  }

  progress(p: GitProgress): void {
    // git reports each stage from 0 to 100; the bar follows the upload (`writing`), the text all stages.
    if (p.stage !== this.stage) {
      this.stage = p.stage;
      this.lastPercent = 0;
    }
    const increment = p.stage === 'writing' ? Math.max(0, p.percent - this.lastPercent) : 0;
    this.lastPercent = p.percent;
    this.d.progress.report({ message: vscode.l10n.t('{0}: {1}% ({2}/{3})', p.stage, p.percent, p.processed, p.total), increment });
  }

  async confirmHostKey(host: string, port: number, fingerprint: string, keyType: string): Promise<boolean> {
    if (this.d.answers.acceptHostKey !== undefined) {
      return this.d.answers.acceptHostKey;
    }
    return confirmHostKeyModal(
      vscode.l10n.t('First connection to {0} (port {1}). Trust this server?', host, port),
      fingerprint,
      keyType,
      vscode.l10n.t('your DE5 administrator'),
      vscode.l10n.t('Trust and Push'),
    );
  }

  rememberHostKeys(lines: string): Promise<void> {
    return this.d.appendKnownHosts(lines);
  }

  async chooseBranch(suggested: string): Promise<string | undefined> {
    if (this.d.answers.branch !== undefined) {
      return this.d.answers.branch;
    }
    const picked = await vscode.window.showQuickPick(
      [
        { label: suggested, description: vscode.l10n.t("DE5's default in Plotly's examples") },
        { label: 'master', description: vscode.l10n.t('the branch DE4 deployed from') },
      ],
      { title: vscode.l10n.t('The DE5 repository of {0} is empty: which branch should the push create?', this.d.app) },
    );
    return picked?.label;
  }

  async valueFor(name: string): Promise<string | undefined> {
    const given = this.d.answers.values?.[name];
    if (given !== undefined) {
      if (given !== null) {
        await this.d.rememberValue(name, given);
      }
      return given ?? undefined;
    }
    const stored = await this.d.storedValue(name);
    if (stored !== undefined) {
      return stored;
    }
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Environment variable {0} of {1} on DE5', name, this.d.app),
      prompt: vscode.l10n.t('Its value (kept in VS Code secret storage). Leave empty to skip it and set it later in the App Manager.'),
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined || value === '') {
      return undefined;
    }
    await this.d.rememberValue(name, value);
    return value;
  }

  async confirmForce(branch: string): Promise<boolean> {
    if (this.d.answers.force !== undefined) {
      return this.d.answers.force;
    }
    const overwrite = vscode.l10n.t('Overwrite {0} on DE5', branch);
    const picked = await vscode.window.showWarningMessage(
      vscode.l10n.t('DE5 has commits on {0} that this checkout does not have. Overwrite them?', branch),
      {
        modal: true,
        detail: vscode.l10n.t('Those commits will be gone from DE5. Usually the better answer is Cancel, pull them, and push again.'),
      },
      overwrite,
    );
    return picked === overwrite;
  }

  checklist(lines: readonly string[]): void {
    this.checklistLines.push(...lines);
  }
}
