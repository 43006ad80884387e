import * as vscode from 'vscode';
import { DE4_METADATA_FILE, parseDe4Metadata, type De4AppMetadataFile } from '../../core/de4/appMetadata';
import { DE5_RECORD_FILE, parsePushRecord, type De5PushRecord } from '../../core/de5/pushRecord';
import { errorMessage } from '../../core/errors';
import { parseMigrationState, type AppMigrationState } from '../../shared/migrationState';
import type { Logger } from '../../core/ports';
import { DIAGNOSTIC_SOURCE } from '../diagnostics/convert';
import { Disposable } from '../lifecycle';
import { normaliseDe4Url } from '../../core/de4/serverConfig';

/** A workspace folder that holds a DE4 app's code, found by its `.de-migrate/de4-app.json`. */
export interface LinkedApp {
  readonly root: vscode.Uri;
  readonly meta: De4AppMetadataFile;
  /** The last push to DE5 from this folder (`.de-migrate/de5-app.json`), if any. */
  readonly pushed?: De5PushRecord['lastPush'];
}

/** Where a DE4 app stands in this workspace, from the diagnostics of its linked folder. */
export type MigrationStatus =
  | { readonly kind: 'absent' }
  | {
      readonly kind: 'linked';
      readonly root: vscode.Uri;
      readonly errors: number;
      readonly warnings: number;
      readonly pushed?: De5PushRecord['lastPush'];
    };

export function linkKey(serverUrl: string, app: string): string {
  return `${normaliseDe4Url(serverUrl) ?? serverUrl}\n${app}`;
}

const GLOB = `**/${DE4_METADATA_FILE}`;
/** A fleet migration's state, at the root of a workspace folder (src/core/migrate/stateStore.ts). */
const STATE_FILE = '.de-migrate/state.json';
const MAX_LINKS = 2000;

/**
 * Which DE4 apps have code in the workspace (cloned, linked or restored) and how far their migration
 * is: the tree shows it per app. Rescans when a metadata file changes and recounts problems when
 * diagnostics change, each debounced so a burst costs one pass.
 */
export class De4WorkspaceLinks extends Disposable {
  private readonly _onDidChange = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;
  private links = new Map<string, LinkedApp>();
  /** Fleet migration state by app name, from the workspace folders' state files. */
  private migrations = new Map<string, AppMigrationState>();
  private counts = new Map<string, { errors: number; warnings: number }>();
  private scanTimer: ReturnType<typeof setTimeout> | undefined;
  private countTimer: ReturnType<typeof setTimeout> | undefined;
  private scanning: Promise<void> | undefined;

  constructor(private readonly log: Logger) {
    super();
    const rescan = (): void => this.schedule('scan');
    for (const glob of [GLOB, `**/${DE5_RECORD_FILE}`, `**/${STATE_FILE}`]) {
      const watcher = this.register(vscode.workspace.createFileSystemWatcher(glob));
      this.register(watcher.onDidCreate(rescan));
      this.register(watcher.onDidChange(rescan));
      this.register(watcher.onDidDelete(rescan));
    }
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(rescan));
    this.register(vscode.languages.onDidChangeDiagnostics(() => this.schedule('count')));
    this.register({
      dispose: () => {
        clearTimeout(this.scanTimer);
        clearTimeout(this.countTimer);
      },
    });
    this.schedule('scan');
  }

  /** The folder linked to this app, if any. */
  linked(serverUrl: string, app: string): LinkedApp | undefined {
    return this.links.get(linkKey(serverUrl, app));
  }

  /** The app's step in a fleet migration of this workspace, if it is part of one. */
  migrationOf(app: string): AppMigrationState | undefined {
    return this.migrations.get(app);
  }

  status(serverUrl: string, app: string): MigrationStatus {
    const link = this.linked(serverUrl, app);
    if (!link) {
      return { kind: 'absent' };
    }
    const c = this.counts.get(link.root.toString()) ?? { errors: 0, warnings: 0 };
    return { kind: 'linked', root: link.root, ...c, ...(link.pushed ? { pushed: link.pushed } : {}) };
  }

  /** Scans now (after a write this extension made itself), resolving when the new state is in. */
  async rescan(): Promise<void> {
    clearTimeout(this.scanTimer);
    await this.scan();
  }

  private schedule(what: 'scan' | 'count'): void {
    if (this.disposed) {
      return;
    }
    if (what === 'scan') {
      clearTimeout(this.scanTimer);
      this.scanTimer = setTimeout(() => void this.scan(), 200);
    } else {
      clearTimeout(this.countTimer);
      this.countTimer = setTimeout(() => this.recount(), 300);
    }
  }

  private scan(): Promise<void> {
    // One scan at a time; a change during a scan schedules another.
    this.scanning ??= this.doScan().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private async doScan(): Promise<void> {
    const found = new Map<string, LinkedApp>();
    try {
      const files = await vscode.workspace.findFiles(GLOB, '**/node_modules/**', MAX_LINKS);
      for (const file of files) {
        const root = vscode.Uri.joinPath(file, '..', '..');
        try {
          const meta = parseDe4Metadata(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
          const key = linkKey(meta.source.server, meta.source.app);
          const prior = found.get(key);
          // Two folders for one app: the shorter path (usually the checkout itself) wins, stably.
          if (!prior || root.fsPath.length < prior.root.fsPath.length) {
            const pushed = await this.lastPush(root);
            found.set(key, { root, meta, ...(pushed ? { pushed } : {}) });
          }
        } catch (err) {
          this.log.debug(`[de4] ignoring ${file.fsPath}: ${errorMessage(err)}`);
        }
      }
    } catch (err) {
      this.log.warn(`[de4] could not look for linked DE4 apps: ${errorMessage(err)}`);
    }
    const migrations = await this.readMigrations();
    if (this.disposed) {
      return;
    }
    const migrationsChanged = JSON.stringify([...migrations]) !== JSON.stringify([...this.migrations]);
    this.migrations = migrations;
    const keys = (m: Map<string, LinkedApp>): string => JSON.stringify([...m].map(([k, l]) => [k, l.root.toString(), l.pushed ?? null]));
    const linksChanged = migrationsChanged || keys(found) !== keys(this.links);
    this.links = found;
    this.recount(linksChanged);
  }

  private async readMigrations(): Promise<Map<string, AppMigrationState>> {
    const out = new Map<string, AppMigrationState>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const file = vscode.Uri.joinPath(folder.uri, ...STATE_FILE.split('/'));
      try {
        const state = parseMigrationState(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
        for (const [name, app] of Object.entries(state.apps)) {
          out.set(name, app);
        }
      } catch (err) {
        this.log.debug(`[de4] no migration state in ${file.fsPath}: ${errorMessage(err)}`);
      }
    }
    return out;
  }

  private async lastPush(root: vscode.Uri): Promise<De5PushRecord['lastPush']> {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, ...DE5_RECORD_FILE.split('/'))));
      return parsePushRecord(text).lastPush;
    } catch {
      return undefined;
    }
  }

  private recount(force = false): void {
    const roots = [...this.links.values()].map((l) => l.root);
    const counts = new Map<string, { errors: number; warnings: number }>();
    for (const root of roots) {
      counts.set(root.toString(), { errors: 0, warnings: 0 });
    }
    if (roots.length > 0) {
      for (const [uri, diags] of vscode.languages.getDiagnostics()) {
        const root = roots.find((r) => uri.toString().startsWith(`${r.toString()}/`));
        const c = root && counts.get(root.toString());
        if (!c) {
          continue;
        }
        for (const d of diags) {
          if (d.source !== DIAGNOSTIC_SOURCE) {
            continue;
          }
          if (d.severity === vscode.DiagnosticSeverity.Error) {
            c.errors++;
          } else if (d.severity === vscode.DiagnosticSeverity.Warning) {
            c.warnings++;
          }
        }
      }
    }
    const changed = force || JSON.stringify([...counts]) !== JSON.stringify([...this.counts]);
    this.counts = counts;
    if (changed && !this.disposed) {
      this._onDidChange.fire();
    }
  }
}
