import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoverApps } from '../../core/discovery/discoverApps';
import { isReadConfigFile } from '../../core/discovery/appMarkers';
import { loadSnapshot } from '../../core/discovery/loadSnapshot';
import { checkApp, type AppReport } from '../../core/engine/checkApp';
import { isCancellation } from '../../core/errors';
import type { Finding } from '../../core/model/types';
import type { FileSystem, Logger } from '../../core/ports';
import { ALL_RULES } from '../../core/rules';
import type { ExtensionConfig } from '../config';
import { Disposable } from '../lifecycle';
import { signalFromToken } from '../platform/cancellation';
import { openDocumentTexts } from '../platform/openDocuments';
import { fileUri, toDiagnostic } from './convert';

/** Debounce for re-checking after typing (foundation issue: ≤ 200 ms). */
export const RECHECK_DELAY_MS = 150;

export interface DiagnosticEntry {
  readonly diagnostic: vscode.Diagnostic;
  readonly finding: Finding;
  readonly root: string;
}

interface AppState {
  report: AppReport;
  uris: Set<string>;
  generation: number;
}

export function isRelevantFile(fsPath: string): boolean {
  const base = path.basename(fsPath);
  return base.endsWith('.py') || isReadConfigFile(base) || fsPath.endsWith(`${path.sep}.git${path.sep}config`);
}

/**
 * Owns the DiagnosticCollection: finds the workspace's apps, checks each through the core, and keeps
 * the results current as documents change (debounced) and files change on disk (watcher).
 */
export class DiagnosticsController extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('de-migrate'));
  private readonly apps = new Map<string, AppState>();
  private readonly entries = new Map<string, DiagnosticEntry[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly scanCancel = this.register(new vscode.CancellationTokenSource());
  private readonly _onDidUpdate = this.register(new vscode.EventEmitter<string>());
  /** Fires with an app root after its diagnostics were replaced. */
  readonly onDidUpdate = this._onDidUpdate.event;

  constructor(
    private readonly fs: FileSystem,
    private readonly log: Logger,
    private config: ExtensionConfig,
  ) {
    super();
    this.register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
  }

  setConfig(config: ExtensionConfig): void {
    this.config = config;
  }

  /** Diagnostics and their findings for one file, for the code-action provider. */
  entriesFor(uri: vscode.Uri): readonly DiagnosticEntry[] {
    return this.entries.get(uri.toString()) ?? [];
  }

  /** All current findings of the app that holds this file. */
  appOf(uri: vscode.Uri): AppReport | undefined {
    const root = this.appRootFor(uri.fsPath);
    return root ? this.apps.get(root)?.report : undefined;
  }

  appRootFor(fsPath: string): string | undefined {
    let best: string | undefined;
    for (const root of this.apps.keys()) {
      if ((fsPath === root || fsPath.startsWith(root + path.sep)) && (!best || root.length > best.length)) {
        best = root;
      }
    }
    return best;
  }

  /** Resolves when no scan, re-check or debounce timer is pending (tests and the bench wait on it). */
  async whenIdle(): Promise<void> {
    for (let i = 0; i < 100 && (this.inFlight.size > 0 || this.timers.size > 0); i++) {
      await Promise.all([...this.inFlight]);
      if (this.timers.size > 0) {
        await new Promise((r) => setTimeout(r, RECHECK_DELAY_MS + 10));
      }
    }
  }

  /** Every app checked so far with its current findings. */
  reports(): AppReport[] {
    return [...this.apps.values()].map((a) => a.report);
  }

  /**
   * Finds every app in the workspace and checks it. Runs in the background with window progress;
   * a caller with its own progress passes its token (either token cancels the scan).
   */
  scanWorkspace(token?: vscode.CancellationToken): Promise<number> {
    return this.track(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('DE Migrate: checking apps') },
        async () => {
          const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
          const bridge = signalFromToken(this.scanCancel.token, token);
          try {
            const started = Date.now();
            const roots = await discoverApps(this.fs, folders, { exclude: this.config.exclude, signal: bridge.signal, log: this.log });
            for (const gone of [...this.apps.keys()].filter((r) => !roots.includes(r))) {
              this.forget(gone);
            }
            for (const root of roots) {
              await this.checkRoot(root, bridge.signal);
            }
            this.log.info(`checked ${roots.length} app(s) in ${Date.now() - started} ms`);
            return roots.length;
          } catch (err) {
            if (!isCancellation(err)) {
              this.log.error(`workspace scan failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
            }
            throw err;
          } finally {
            bridge.dispose();
          }
        },
      ),
    );
  }

  /** Re-checks the app holding this file soon; a marker file outside any known app triggers discovery. */
  schedule(fsPath: string): void {
    if (!isRelevantFile(fsPath)) {
      return;
    }
    const root = this.appRootFor(fsPath);
    const key = root ?? '<discover>';
    const t = this.timers.get(key);
    if (t) {
      clearTimeout(t);
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void (root
          ? this.track(this.checkRoot(root))
          : this.scanWorkspace().catch((err: unknown) => this.log.debug(`scan after file change stopped: ${String(err)}`)));
      }, RECHECK_DELAY_MS),
    );
  }

  private track<T>(p: Thenable<T>): Promise<T> {
    const promise = Promise.resolve(p);
    this.inFlight.add(promise);
    const done = (): void => {
      this.inFlight.delete(promise);
    };
    promise.then(done, done);
    return promise;
  }

  private async checkRoot(root: string, signal?: AbortSignal): Promise<void> {
    const state = this.apps.get(root);
    const generation = (state?.generation ?? 0) + 1;
    if (state) {
      state.generation = generation;
    }
    try {
      const snapshot = await loadSnapshot(this.fs, root, {
        overlay: openDocumentTexts(root),
        exclude: this.config.exclude,
        log: this.log,
        ...(signal ? { signal } : {}),
      });
      const report = checkApp(snapshot, ALL_RULES, this.config.engine);
      const current = this.apps.get(root);
      if (current && current.generation !== generation) {
        return; // a newer check of this app started meanwhile
      }
      this.publish(root, report, generation);
    } catch (err) {
      if (isCancellation(err)) {
        throw err;
      }
      this.log.error(`checking ${root} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  private publish(root: string, report: AppReport, generation: number): void {
    const previous = this.apps.get(root)?.uris ?? new Set<string>();
    const byUri = new Map<string, { uri: vscode.Uri; entries: DiagnosticEntry[] }>();
    for (const finding of report.findings) {
      const uri = fileUri(root, finding.file);
      const key = uri.toString();
      let slot = byUri.get(key);
      if (!slot) {
        slot = { uri, entries: [] };
        byUri.set(key, slot);
      }
      slot.entries.push({ diagnostic: toDiagnostic(finding), finding, root });
    }
    for (const key of previous) {
      if (!byUri.has(key)) {
        this.collection.delete(vscode.Uri.parse(key));
        this.entries.delete(key);
      }
    }
    for (const [key, slot] of byUri) {
      this.collection.set(
        slot.uri,
        slot.entries.map((e) => e.diagnostic),
      );
      this.entries.set(key, slot.entries);
    }
    this.apps.set(root, { report, uris: new Set(byUri.keys()), generation });
    this.log.debug(`${root}: ${report.findings.length} finding(s)`);
    this._onDidUpdate.fire(root);
  }

  private forget(root: string): void {
    for (const key of this.apps.get(root)?.uris ?? []) {
      this.collection.delete(vscode.Uri.parse(key));
      this.entries.delete(key);
    }
    this.apps.delete(root);
  }
}
