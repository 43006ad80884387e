import * as path from 'node:path';
import * as vscode from 'vscode';
import { trustedDe4Ssh, type HostKeyAnswer } from './de4HostKey';
import { buildDe4Metadata, DE4_METADATA_FILE, parseDe4Metadata } from '../../core/de4/appMetadata';
import { CoreError, errorMessage } from '../../core/errors';
import { cloneDe4App, compareWithDeployed, writeDe4Metadata, type DeployedComparison } from '../../core/git/de4Repo';
import { registerCommand, type CommandEnv } from '../commands/runCommand';
import { withCancellableProgress } from '../platform/cancellation';
import {
  appTargetOf,
  objectArg,
  offerFolder,
  pickFolder,
  repoPorts,
  requireTrust,
  sshTarget,
  type AfterPlacement,
  type AppTarget,
  type De4ActionDeps,
} from './de4ActionSupport';

export const DE4_LINK_COMMANDS = {
  linkFolder: 'deMigrate.de4.linkFolder',
  cloneApp: 'deMigrate.de4.cloneApp',
  openLinked: 'deMigrate.de4.openLinkedFolder',
} as const;

interface LinkArgs {
  readonly folder?: vscode.Uri;
  /** Replace another app's link in that folder without asking (tests). */
  readonly replace?: boolean;
}

interface CloneArgs extends HostKeyAnswer {
  /** The folder to create (tests); otherwise a parent is picked and a name asked for. */
  readonly dest?: vscode.Uri;
  readonly after?: AfterPlacement;
}

/** What Link Local Folder… and Clone into Workspace return to their caller (tests read it). */
export interface LinkResult {
  readonly folder: string;
  readonly comparison: DeployedComparison;
}

const short = (sha: string): string => sha.slice(0, 7);

/** One sentence on how the checkout relates to what DE4 runs; `warn` when migrating it would be wrong. */
export function describeComparison(c: DeployedComparison): { text: string; warn: boolean } {
  switch (c.kind) {
    case 'same':
      return { text: vscode.l10n.t('Its HEAD is the commit DE4 deployed ({0}).', short(c.head)), warn: false };
    case 'ahead':
      return {
        text: vscode.l10n.t(
          'Its HEAD ({0}) is {1} commits ahead of the deployed commit ({2}): these changes were never deployed.',
          short(c.head),
          c.commits,
          short(c.deployed),
        ),
        warn: false,
      };
    case 'behind':
      return {
        text: vscode.l10n.t(
          'Its HEAD ({0}) is {1} commits behind the commit DE4 runs ({2}): pull first, or you would migrate stale code.',
          short(c.head),
          c.commits,
          short(c.deployed),
        ),
        warn: true,
      };
    case 'diverged':
      return {
        text: vscode.l10n.t(
          'Its HEAD ({0}) and the commit DE4 runs ({1}) have diverged: merge them first, or you would migrate code that is not deployed.',
          short(c.head),
          short(c.deployed),
        ),
        warn: true,
      };
    case 'unknown-deployed':
      return {
        text: vscode.l10n.t(
          'Its HEAD ({0}) is not the commit DE4 runs ({1}), which this repository does not have: fetch it, or you may migrate stale code.',
          short(c.head),
          short(c.deployed),
        ),
        warn: true,
      };
    case 'no-deploy-info':
      return { text: vscode.l10n.t('DE4 reports no deployed commit, so the checkout could not be compared.'), warn: false };
    case 'not-git':
      return { text: vscode.l10n.t('It is not a git repository, so it could not be compared with the deployed commit.'), warn: true };
  }
}

async function chooseFolder(t: AppTarget): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const browse = { label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, uri: undefined };
  const picked = await vscode.window.showQuickPick(
    [...folders.map((f) => ({ label: f.name, description: f.uri.fsPath, uri: f.uri })), browse],
    {
      title: vscode.l10n.t('Link {0} to a local folder', t.app),
      placeHolder: vscode.l10n.t('The folder that holds your checkout of {0}', t.app),
    },
  );
  if (!picked) {
    return undefined;
  }
  return picked.uri ?? (await pickFolder(vscode.l10n.t('Checkout of {0}', t.app), vscode.l10n.t('Link')));
}

async function linkFolder(deps: De4ActionDeps, arg: unknown): Promise<LinkResult | undefined> {
  requireTrust();
  const t = appTargetOf(deps.model, arg);
  const given = objectArg<LinkArgs>(arg);
  const folder = given.folder ?? (await chooseFolder(t));
  if (!folder) {
    return undefined;
  }
  const metaUri = vscode.Uri.joinPath(folder, ...DE4_METADATA_FILE.split('/'));
  const existing = await vscode.workspace.fs.readFile(metaUri).then(
    (bytes) => {
      try {
        return parseDe4Metadata(new TextDecoder().decode(bytes));
      } catch {
        return undefined;
      }
    },
    () => undefined,
  );
  if (existing && existing.source.app !== t.app) {
    const replace = vscode.l10n.t('Replace');
    const ok =
      given.replace ??
      (await vscode.window.showWarningMessage(
        vscode.l10n.t('{0} is linked to {1}. Link it to {2} instead?', folder.fsPath, existing.source.app, t.app),
        { modal: true },
        replace,
      )) === replace;
    if (!ok) {
      return undefined;
    }
  }
  const result = await withCancellableProgress(vscode.l10n.t('Linking {0}…', t.app), async (signal) => {
    const detail = await deps.model.fetchDetail(t.server.id, t.app, signal);
    if (!detail) {
      throw new CoreError('not-found', vscode.l10n.t('{0} does not list {1} any more.', t.server.label, t.app));
    }
    const ports = repoPorts(deps.log, signal);
    await writeDe4Metadata(folder.fsPath, buildDe4Metadata(t.server.url, detail, new Date()), ports);
    return { folder: folder.fsPath, comparison: await compareWithDeployed(folder.fsPath, detail.analytics.gitRevision.sha1, ports) };
  });
  await deps.links.rescan();
  const { text, warn } = describeComparison(result.comparison);
  deps.log.info(`[de4] linked ${t.app} to ${folder.fsPath}: ${result.comparison.kind}`);
  const message = vscode.l10n.t('Linked {0} to {1}. {2}', t.app, path.basename(folder.fsPath), text);
  void (warn ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
  if (!vscode.workspace.getWorkspaceFolder(folder) && given.folder === undefined) {
    await offerFolder(folder, t.app);
  }
  return result;
}

async function askDestination(t: AppTarget): Promise<vscode.Uri | undefined> {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri;
  const parent = await pickFolder(vscode.l10n.t('Where to clone {0}', t.app), vscode.l10n.t('Clone Here'), base);
  if (!parent) {
    return undefined;
  }
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Clone {0}', t.app),
    prompt: vscode.l10n.t('Name of the new folder in {0}', parent.fsPath),
    value: t.app,
    validateInput: (v) =>
      /^[^\\/:*?"<>|]+$/.test(v.trim()) && v.trim() !== '.' && v.trim() !== '..' ? undefined : vscode.l10n.t('Enter a folder name'),
  });
  return name?.trim() ? vscode.Uri.joinPath(parent, name.trim()) : undefined;
}

async function cloneApp(env: CommandEnv, deps: De4ActionDeps, arg: unknown): Promise<LinkResult | undefined> {
  requireTrust();
  const t = appTargetOf(deps.model, arg);
  const given = objectArg<CloneArgs>(arg);
  const dest = given.dest ?? (await askDestination(t));
  if (!dest) {
    return undefined;
  }
  let result: LinkResult;
  try {
    result = await withCancellableProgress(vscode.l10n.t('Cloning {0} from {1}…', t.app, t.server.label), async (signal) => {
      const ssh = await trustedDe4Ssh(t.server, deps.knownHosts, deps.log, signal, given);
      const detail = await deps.model.fetchDetail(t.server.id, t.app, signal);
      const metadata = detail ? buildDe4Metadata(t.server.url, detail, new Date()) : undefined;
      const ports = repoPorts(deps.log, signal);
      const clone = await cloneDe4App(
        { target: sshTarget(t.server), ssh, app: t.app, dest: dest.fsPath, ...(metadata ? { metadata } : {}) },
        ports,
      );
      return { folder: clone.dir, comparison: await compareWithDeployed(clone.dir, detail?.analytics.gitRevision.sha1, ports) };
    });
  } catch (err) {
    if (err instanceof CoreError && err.code === 'remote-rejected') {
      // Reading code back is undocumented on DE4: a refusal is expected, so the next step is offered.
      env.log.warn(`[de4] clone of ${t.app} refused: ${errorMessage(err)}`);
      const link = vscode.l10n.t('Link Local Folder…');
      void vscode.window.showErrorMessage(`${err.message} ${err.hint ?? ''}`.trim(), link).then((picked) => {
        if (picked === link) {
          void vscode.commands.executeCommand(DE4_LINK_COMMANDS.linkFolder, { serverId: t.server.id, app: t.app });
        }
      });
      return undefined;
    }
    throw err;
  }
  await deps.links.rescan();
  const { text, warn } = describeComparison(result.comparison);
  env.log.info(`[de4] cloned ${t.app} into ${result.folder}: ${result.comparison.kind}`);
  if (warn) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Cloned {0}. {1}', t.app, text));
  }
  await offerFolder(dest, t.app, given.after);
  return result;
}

/** Link Local Folder…, Clone into Workspace, and Open Linked Folder on an app of the DE4 Apps view. */
export function registerDe4LinkCommands(env: CommandEnv, deps: De4ActionDeps): vscode.Disposable[] {
  return [
    registerCommand(env, DE4_LINK_COMMANDS.linkFolder, (arg?: unknown) => linkFolder(deps, arg)),
    registerCommand(env, DE4_LINK_COMMANDS.cloneApp, (arg?: unknown) => cloneApp(env, deps, arg)),
    registerCommand(env, DE4_LINK_COMMANDS.openLinked, async (arg?: unknown) => {
      const t = appTargetOf(deps.model, arg);
      const link = deps.links.linked(t.server.url, t.app);
      if (link) {
        await vscode.commands.executeCommand('revealInExplorer', link.root);
      }
    }),
  ];
}
