import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { exportReport, REPORT_EXTENSIONS } from '../../core/report/exportReport';
import { acceptWebviewMessage, type HostMessage, type WebviewRequest } from '../../shared/protocol';
import type { MigrationReport } from '../../shared/report';
import { webviewHtml } from '../../shared/webviewHtml';
import { Disposable } from '../lifecycle';

/** What the panel asks the rest of the extension to do; each returns when done, or throws. */
export interface ReportActions {
  /** A fresh report (after a fix, a retry, or a step finishing). */
  build(): Promise<MigrationReport>;
  /** The app folder of a report app (by name), for Open and Fix. */
  rootOf(app: string): string | undefined;
  fixApp(root: string): Promise<void>;
  retryStep(app: string): Promise<void>;
}

export const REPORT_VIEW_TYPE = 'deMigrate.report';

/**
 * The Migration Report webview (STYLE §5 "Webview"): one host per panel, the page from
 * src/shared/webviewHtml.ts (CSP `default-src 'none'` plus a script nonce), resources only from the
 * bundle and media/, messages validated on receipt, nothing posted before `ready`, every request
 * answered with a reply carrying its id.
 */
export class ReportPanel extends Disposable {
  private ready = false;
  private report: MigrationReport | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly actions: ReportActions,
    private readonly log: Logger,
    private readonly app: string | undefined,
  ) {
    super();
    this.register(panel);
    const { webview } = panel;
    const bundle = vscode.Uri.joinPath(extensionUri, 'dist', 'webview-ui');
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'main.css')).toString(),
      title: vscode.l10n.t('Migration Report'),
    });
    this.register(webview.onDidReceiveMessage((m: unknown) => void this.receive(m)));
    this.register(panel.onDidDispose(() => this.dispose()));
  }

  static open(extensionUri: vscode.Uri, actions: ReportActions, log: Logger, app?: string): ReportPanel {
    const panel = vscode.window.createWebviewPanel(
      REPORT_VIEW_TYPE,
      app ? vscode.l10n.t('Migration Report: {0}', app) : vscode.l10n.t('Migration Report'),
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview-ui'), vscode.Uri.joinPath(extensionUri, 'media')],
      },
    );
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'de-migrate.svg');
    return new ReportPanel(panel, extensionUri, actions, log, app);
  }

  /** Builds the report again and sends it (after the webview said it is ready). */
  async refresh(): Promise<void> {
    this.report = await this.actions.build();
    if (this.ready) {
      await this.post({ type: 'update', report: this.report });
    }
  }

  private post(message: HostMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const message = acceptWebviewMessage(raw, this.log);
    if (!message) {
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      this.report ??= await this.actions.build();
      await this.post(this.app ? { type: 'init', report: this.report, app: this.app } : { type: 'init', report: this.report });
      return;
    }
    try {
      await this.handle(message);
      await this.post({ type: 'reply', id: message.id, ok: true });
    } catch (err) {
      this.log.error(`[report] ${message.type} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      await this.post({ type: 'reply', id: message.id, ok: false, error: errorMessage(err) });
    }
  }

  private async handle(request: WebviewRequest): Promise<void> {
    switch (request.type) {
      case 'openFile': {
        const root = this.requireRoot(request.app);
        const file = path.join(root, ...request.file.split('/'));
        const line = Math.max(0, request.line - 1);
        await vscode.window.showTextDocument(vscode.Uri.file(file), {
          viewColumn: vscode.ViewColumn.Beside,
          selection: new vscode.Range(line, 0, line, 0),
        });
        return;
      }
      case 'fixApp':
        await this.actions.fixApp(this.requireRoot(request.app));
        await this.refresh();
        return;
      case 'retryStep':
        await this.actions.retryStep(request.app);
        await this.refresh();
        return;
      case 'export': {
        const report = this.report ?? (await this.actions.build());
        const base = vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({
          title: vscode.l10n.t('Export the migration report'),
          ...(base ? { defaultUri: vscode.Uri.joinPath(base, `migration-report${REPORT_EXTENSIONS[request.format]}`) } : {}),
        });
        if (target) {
          await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exportReport(report, request.format)));
          this.log.info(`[report] exported ${request.format} to ${target.fsPath}`);
        }
        return;
      }
    }
  }

  private requireRoot(app: string): string {
    const root = this.actions.rootOf(app);
    if (!root) {
      throw new Error(vscode.l10n.t('{0} has no folder in this workspace.', app));
    }
    return root;
  }
}
