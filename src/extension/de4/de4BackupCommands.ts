import * as vscode from 'vscode';
import { trustedDe4Ssh, type HostKeyAnswer } from './de4HostKey';
import { buildDe4Metadata } from '../../core/de4/appMetadata';
import { CoreError } from '../../core/errors';
import { backupDe4App, readBackupManifest, restoreDe4Backup, type BackupSource } from '../../core/git/de4Backup';
import { headOf } from '../../core/git/de4Repo';
import { registerCommand, type CommandEnv } from '../commands/runCommand';
import { withCancellableProgress } from '../platform/cancellation';
import { WorkspaceFileSystem } from '../platform/workspaceFileSystem';
import {
  appTargetOf,
  objectArg,
  offerFolder,
  pickFolder,
  repoPorts,
  requireTrust,
  scratchDir,
  sshTarget,
  type AfterPlacement,
  type De4ActionDeps,
} from './de4ActionSupport';

export const DE4_BACKUP_COMMANDS = {
  backupApp: 'deMigrate.de4.backupApp',
  restoreBackup: 'deMigrate.de4.restoreBackup',
} as const;

interface BackupArgs extends HostKeyAnswer {
  readonly outDir?: vscode.Uri;
  /** Include environment variable values (tests); otherwise the user is asked, values off by default. */
  readonly includeValues?: boolean;
}

interface RestoreArgs {
  readonly backupDir?: vscode.Uri;
  readonly dest?: vscode.Uri;
  readonly after?: AfterPlacement;
}

async function askIncludeValues(app: string): Promise<boolean | undefined> {
  const without = vscode.l10n.t('Back Up Without Values');
  const withValues = vscode.l10n.t('Include Values');
  const picked = await vscode.window.showWarningMessage(
    vscode.l10n.t('Include the values of the environment variables of {0}?', app),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Names are always saved. Values are often secrets (API tokens, passwords): include them only if this backup folder is kept private.',
      ),
    },
    without,
    withValues,
  );
  return picked === undefined ? undefined : picked === withValues;
}

async function backupApp(env: CommandEnv, deps: De4ActionDeps, arg: unknown): Promise<string | undefined> {
  requireTrust();
  const t = appTargetOf(deps.model, arg);
  const given = objectArg<BackupArgs>(arg);
  const outDir = given.outDir ?? (await pickFolder(vscode.l10n.t('Where to save the backup of {0}', t.app), vscode.l10n.t('Back Up Here')));
  if (!outDir) {
    return undefined;
  }
  const includeValues = given.includeValues ?? (await askIncludeValues(t.app));
  if (includeValues === undefined) {
    return undefined;
  }
  const link = deps.links.linked(t.server.url, t.app);
  const result = await withCancellableProgress(vscode.l10n.t('Backing up {0}…', t.app), async (signal) => {
    const detail = await deps.model.fetchDetail(t.server.id, t.app, signal);
    if (!detail) {
      throw new CoreError('not-found', vscode.l10n.t('{0} does not list {1} any more.', t.server.label, t.app));
    }
    const ports = repoPorts(deps.log, signal);
    // The linked checkout when there is one (reading code back from DE4 is undocumented), else DE4 over SSH.
    const source: BackupSource =
      link && (await headOf(link.root.fsPath, ports)) !== undefined
        ? { kind: 'folder', dir: link.root.fsPath }
        : {
            kind: 'de4',
            target: sshTarget(t.server),
            ssh: await trustedDe4Ssh(t.server, deps.knownHosts, deps.log, signal, given),
            scratchDir: scratchDir('backup'),
          };
    return backupDe4App(
      {
        source,
        metadata: buildDe4Metadata(t.server.url, detail, new Date()),
        outDir: outDir.fsPath,
        now: new Date(),
        ...(includeValues ? { envValues: detail.environmentVariables.map((v) => ({ name: v.name, value: v.value })) } : {}),
      },
      ports,
    );
  });
  env.log.info(`[de4] backup of ${t.app} written to ${result.dir}`);
  const reveal = vscode.l10n.t('Reveal in Explorer');
  void vscode.window
    .showInformationMessage(
      includeValues
        ? vscode.l10n.t('Backed up {0} (with environment variable values: keep it private).', t.app)
        : vscode.l10n.t('Backed up {0}.', t.app),
      reveal,
    )
    .then((picked) => picked === reveal && vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(result.dir)));
  return result.dir;
}

async function restoreBackup(env: CommandEnv, deps: De4ActionDeps, arg: unknown): Promise<string | undefined> {
  requireTrust();
  const given = objectArg<RestoreArgs>(arg);
  const backupDir = given.backupDir ?? (await pickFolder(vscode.l10n.t('Backup folder made by Back Up App…'), vscode.l10n.t('Restore')));
  if (!backupDir) {
    return undefined;
  }
  const manifest = await readBackupManifest(backupDir.fsPath, { fs: new WorkspaceFileSystem() });
  let dest = given.dest;
  if (!dest) {
    const parent = await pickFolder(
      vscode.l10n.t('Where to restore {0}', manifest.app),
      vscode.l10n.t('Restore Here'),
      vscode.workspace.workspaceFolders?.[0]?.uri,
    );
    const name = parent
      ? await vscode.window.showInputBox({
          title: vscode.l10n.t('Restore {0}', manifest.app),
          prompt: vscode.l10n.t('Name of the new folder'),
          value: manifest.app,
        })
      : undefined;
    dest = parent && name?.trim() ? vscode.Uri.joinPath(parent, name.trim()) : undefined;
  }
  if (!dest) {
    return undefined;
  }
  const target = dest;
  const result = await withCancellableProgress(vscode.l10n.t('Restoring {0}…', manifest.app), (signal) =>
    restoreDe4Backup(backupDir.fsPath, target.fsPath, repoPorts(deps.log, signal)),
  );
  env.log.info(`[de4] restored ${manifest.app} from ${backupDir.fsPath} into ${result.dir} (HEAD ${result.head ?? 'none'})`);
  await deps.links.rescan();
  await offerFolder(target, manifest.app, given.after);
  return result.dir;
}

/** Back Up App… on an app of the DE4 Apps view, and Restore App from Backup… from the palette. */
export function registerDe4BackupCommands(env: CommandEnv, deps: De4ActionDeps): vscode.Disposable[] {
  return [
    registerCommand(env, DE4_BACKUP_COMMANDS.backupApp, (arg?: unknown) => backupApp(env, deps, arg)),
    registerCommand(env, DE4_BACKUP_COMMANDS.restoreBackup, (arg?: unknown) => restoreBackup(env, deps, arg)),
  ];
}
