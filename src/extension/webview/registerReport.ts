import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { buildReport } from '../../core/report/buildReport';
import { collectApps } from '../../core/report/collectApps';
import { parseMigrationState, type MigrationStateFile } from '../../shared/migrationState';
import type { MigrationReport } from '../../shared/report';
import { registerCommand, type CommandEnv } from '../commands/runCommand';
import { readConfig } from '../config';
import { WorkspaceFileSystem } from '../platform/workspaceFileSystem';
import { ReportPanel, type ReportActions } from './reportPanel';

export const REPORT_COMMANDS = { open: 'deMigrate.openReport' } as const;

/** `.de-migrate/state.json` of a fleet migration in the first workspace folder, when there is one. */
async function readState(folder: vscode.Uri, log: Logger): Promise<MigrationStateFile | undefined> {
  const file = vscode.Uri.joinPath(folder, '.de-migrate', 'state.json');
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  } catch {
    return undefined;
  }
  try {
    return parseMigrationState(text);
  } catch (err) {
    log.warn(`[report] ${file.fsPath}: ${errorMessage(err)}`);
    return undefined;
  }
}

/**
 * Open Migration Report: every app of the workspace with its findings, conversion plan, DE5 setup
 * steps, data gaps and migration step. `retryStep` is supplied by the fleet migration.
 */
export function registerReport(
  context: vscode.ExtensionContext,
  env: CommandEnv,
  log: Logger,
  retryStep: (app: string) => Promise<void>,
): { open(app?: string): ReportPanel } {
  const roots = new Map<string, string>();
  const build = async (): Promise<MigrationReport> => {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const config = readConfig();
    const collected = await collectApps(new WorkspaceFileSystem(), folders, { config: config.engine, exclude: config.exclude, log });
    const base = folders[0];
    const first = vscode.workspace.workspaceFolders?.[0]?.uri;
    const state = first ? await readState(first, log) : undefined;
    const report = buildReport({
      generatedAt: new Date(),
      ...(base !== undefined ? { base, stateBase: base } : {}),
      checks: collected.checks,
      plans: collected.plans,
      metadata: collected.metadata,
      ...(state ? { state } : {}),
      ...(config.de5Servers[0] ? { de5: config.de5Servers[0].host } : {}),
    });
    roots.clear();
    for (const app of report.apps) {
      if (app.dir !== '' && base !== undefined) {
        roots.set(app.name, path.resolve(base, app.dir));
      }
    }
    return report;
  };
  const actions: ReportActions = {
    build,
    rootOf: (app) => roots.get(app),
    fixApp: async (root) => {
      await vscode.commands.executeCommand('deMigrate.fixAllInApp', vscode.Uri.file(root));
    },
    retryStep,
  };
  const open = (app?: string): ReportPanel => {
    const panel = ReportPanel.open(context.extensionUri, actions, log, app);
    context.subscriptions.push(panel);
    return panel;
  };
  context.subscriptions.push(
    registerCommand(env, REPORT_COMMANDS.open, (arg?: unknown) => {
      open(typeof arg === 'string' ? arg : undefined);
      return Promise.resolve();
    }),
  );
  return { open };
}
