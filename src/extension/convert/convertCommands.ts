import * as path from 'node:path';
import * as vscode from 'vscode';
import { CoreError } from '../../core/errors';
import { backupApp, discardBackup, restoreApp, type Backup, type BackupPorts } from '../../core/backup/backupApp';
import { planConversion, type ConversionPlan } from '../../core/convert/planConversion';
import { loadSnapshot } from '../../core/discovery/loadSnapshot';
import type { GitRunner } from '../../core/ports';
import { ALL_RULES } from '../../core/rules';
import { NodeFileWriter } from '../../node/nodeFileWriter';
import { readConfig } from '../config';
import { toWorkspaceEdit } from '../diagnostics/convert';
import type { DiagnosticsController } from '../diagnostics/diagnosticsController';
import { WorkspaceFileSystem } from '../platform/workspaceFileSystem';
import { withCancellableProgress } from '../platform/cancellation';
import { loadNetwork } from '../platform/loadNetwork';
import { openDocumentTexts } from '../platform/openDocuments';
import { pickApp } from '../commands/pickApp';
import { registerCommand, type CommandEnv } from '../commands/runCommand';

export const CONVERT_COMMANDS = {
  convertApp: 'deMigrate.convertApp',
  restoreOriginal: 'deMigrate.restoreOriginal',
} as const;

/** Arguments tests and other commands may pass instead of an explorer Uri. */
interface ConvertArgs {
  readonly root?: vscode.Uri;
  /**
   * 'ask' (default): a summary with Convert or Review Each Change; 'apply': no questions;
   * 'review': straight to VS Code's refactor preview, where each change is ticked to apply it.
   */
  readonly mode?: 'ask' | 'apply' | 'review';
  /** Unsafe fixes to take without asking: 'none', 'all', or their titles. */
  readonly unsafe?: 'none' | 'all' | readonly string[];
}

interface RestoreArgs {
  readonly root?: vscode.Uri;
  /** Ask before overwriting the converted files (default true). */
  readonly confirm?: boolean;
}

/** Git runs only in trusted workspaces: a repository's config can run programs. */
function gitRunner(): GitRunner {
  if (vscode.workspace.isTrusted) {
    return new (loadNetwork().SimpleGitRunner)();
  }
  return { run: () => Promise.reject(new Error('git is not run in Restricted Mode')) };
}

function backupPorts(env: CommandEnv, signal?: AbortSignal): BackupPorts {
  return { fs: new WorkspaceFileSystem(), writer: new NodeFileWriter(), git: gitRunner(), log: env.log, ...(signal ? { signal } : {}) };
}

function isUri(v: unknown): v is vscode.Uri {
  return v instanceof vscode.Uri;
}

function argsOf<T extends { root?: vscode.Uri }>(arg: unknown): T {
  if (isUri(arg)) {
    return { root: arg } as T;
  }
  return (typeof arg === 'object' && arg !== null ? arg : {}) as T;
}

/** Lets the user tick the unsafe fixes to include; none are ticked by default. */
async function chooseUnsafe(all: ConversionPlan, given: ConvertArgs['unsafe']): Promise<ReadonlySet<string> | undefined> {
  const titles = [...new Set(all.applied.filter((a) => a.safety === 'unsafe').map((a) => `${a.rule}: ${a.title}`))];
  if (given === 'none' || titles.length === 0) {
    return new Set();
  }
  if (given === 'all') {
    return new Set(titles);
  }
  if (given) {
    return new Set(titles.filter((t) => given.some((g) => t.endsWith(`: ${g}`) || t === g)));
  }
  const picked = await vscode.window.showQuickPick(
    titles.map((t) => ({ label: t.slice(t.indexOf(': ') + 2), description: t.slice(0, t.indexOf(': ')), key: t })),
    {
      canPickMany: true,
      title: vscode.l10n.t('Convert to DE5: also apply these unsafe changes?'),
      placeHolder: vscode.l10n.t('Safe conversions are always applied. Tick unsafe ones to include them, or press Enter for none.'),
    },
  );
  return picked ? new Set(picked.map((p) => p.key)) : undefined;
}

/** Convert App to DE5 and Restore DE4 Original: the whole-app conversion as one undoable edit. */
export function registerConvertCommands(env: CommandEnv, diagnostics: DiagnosticsController): vscode.Disposable[] {
  return [
    registerCommand(env, CONVERT_COMMANDS.convertApp, async (arg?: unknown) => {
      // Restricted Mode is diagnostics only: a conversion saves files and keeps a backup on its own.
      if (!vscode.workspace.isTrusted) {
        throw new CoreError('invalid-input', vscode.l10n.t('Converting saves files, so it needs a trusted workspace.'), {
          hint: vscode.l10n.t('Trust this workspace first (Manage Workspace Trust); the Problems view lists what it would change.'),
        });
      }
      const args = argsOf<ConvertArgs>(arg);
      const root = await pickApp(diagnostics, args.root);
      if (!root) {
        return;
      }
      const config = readConfig().engine;
      const plan = await withCancellableProgress(vscode.l10n.t('DE Migrate: planning the DE5 conversion'), async (signal) => {
        const overlay = openDocumentTexts(root);
        const snapshot = await loadSnapshot(new WorkspaceFileSystem(), root, { overlay, signal, log: env.log });
        const withUnsafe = planConversion(snapshot, ALL_RULES, config, { includeUnsafe: true, signal });
        const unsafe = await chooseUnsafe(withUnsafe, args.unsafe);
        if (!unsafe) {
          return undefined;
        }
        const accept = (rule: string, title: string): boolean => unsafe.has(`${rule}: ${title}`);
        return planConversion(snapshot, ALL_RULES, config, { includeUnsafe: unsafe.size > 0, acceptUnsafe: accept, signal });
      });
      if (!plan) {
        return;
      }
      const name = path.basename(root);
      if (plan.edits.length === 0) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('{0} needs no further DE5 conversion. {1} manual step(s) remain in Problems.', name, plan.remaining.length),
        );
        return;
      }
      const review = await confirmConversion(name, plan, args.mode ?? 'ask');
      if (review === undefined) {
        return;
      }
      const backup = await keepOriginal(env, root, plan);
      const edit = toWorkspaceEdit(root, plan.edits, new vscode.WorkspaceEdit(), {
        label: vscode.l10n.t('Convert {0} to DE5', name),
        description:
          backup.kind === 'git-tag'
            ? vscode.l10n.t('original kept as git tag {0}', backup.name)
            : vscode.l10n.t('original kept in {0}', backup.path),
        // VS Code's refactor preview opens for edits that need confirmation, each unticked until the user ticks it.
        needsConfirmation: review,
      });
      const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
      if (!applied) {
        env.log.info(
          `[convert] ${name}: the conversion was not applied (preview discarded); removing the unused backup ${describe(backup)}`,
        );
        await discardBackup(root, backup, backupPorts(env));
        return;
      }
      await saveChanged(root, plan);
      env.log.info(
        `[convert] ${name}: ${plan.applied.length} fix(es) in ${plan.rounds} round(s); ${plan.remaining.length} finding(s) remain`,
      );
      const problems = vscode.l10n.t('Show Problems');
      const restore = vscode.l10n.t('Restore DE4 Original');
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t(
            'Converted {0} to the DE5 layout ({1} change(s)); {2} manual step(s) remain. Undo (Ctrl+Z) reverts it all.',
            name,
            plan.applied.length,
            plan.remaining.length,
          ),
          problems,
          restore,
        )
        .then((picked) =>
          picked === problems
            ? vscode.commands.executeCommand('workbench.actions.view.problems')
            : picked === restore
              ? vscode.commands.executeCommand(CONVERT_COMMANDS.restoreOriginal, vscode.Uri.file(root))
              : undefined,
        );
    }),
    registerCommand(env, CONVERT_COMMANDS.restoreOriginal, async (arg?: unknown) => {
      const args = argsOf<RestoreArgs>(arg);
      const root = await pickApp(diagnostics, args.root);
      if (!root) {
        return;
      }
      if (args.confirm ?? true) {
        const ok = vscode.l10n.t('Restore');
        const answer = await vscode.window.showWarningMessage(
          vscode.l10n.t(
            'Restore the DE4 original of {0}? Converted files are overwritten and files the conversion created are deleted.',
            path.basename(root),
          ),
          { modal: true },
          ok,
        );
        if (answer !== ok) {
          return;
        }
      }
      const result = await withCancellableProgress(vscode.l10n.t('DE Migrate: restoring the DE4 original'), (signal) =>
        restoreApp(root, undefined, backupPorts(env, signal)),
      );
      env.log.info(`[convert] restored ${root} from ${describe(result.from)}; removed ${result.deleted.length} created file(s)`);
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Restored the DE4 original of {0} from {1}.', path.basename(root), describe(result.from)),
      );
    }),
  ];
}

/** What the conversion does, for the confirmation: files created, changed and deleted, and what remains. */
function summary(plan: ConversionPlan): string {
  const files = (kind: 'create' | 'replace' | 'delete'): string[] => [
    ...new Set(plan.edits.filter((e) => e.kind === kind && (kind !== 'create' || plan.created.includes(e.file))).map((e) => e.file)),
  ];
  const changed = [
    ...new Set([
      ...files('replace'),
      ...plan.edits.filter((e) => e.kind === 'create' && !plan.created.includes(e.file)).map((e) => e.file),
    ]),
  ];
  const lines = [
    files('create').length > 0 ? vscode.l10n.t('Creates: {0}', files('create').join(', ')) : '',
    changed.length > 0 ? vscode.l10n.t('Changes: {0}', changed.join(', ')) : '',
    files('delete').length > 0 ? vscode.l10n.t('Deletes: {0}', files('delete').join(', ')) : '',
    vscode.l10n.t('{0} manual step(s) remain afterwards (shown in Problems).', plan.remaining.length),
    vscode.l10n.t(
      'The DE4 original is kept first (git tag de4-original, or .de-migrate/backup outside git). Undo reverts the whole conversion.',
    ),
  ];
  return lines.filter((l) => l !== '').join('\n');
}

/** Asks how to apply: undefined to stop, false to apply at once, true to review each change in the preview. */
async function confirmConversion(name: string, plan: ConversionPlan, mode: 'ask' | 'apply' | 'review'): Promise<boolean | undefined> {
  if (mode !== 'ask') {
    return mode === 'review';
  }
  const convert = vscode.l10n.t('Convert');
  const review = vscode.l10n.t('Review Each Change…');
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t('Convert {0} to the DE5 layout?', name),
    { modal: true, detail: summary(plan) },
    convert,
    review,
  );
  return answer === undefined ? undefined : answer === review;
}

function describe(b: Backup): string {
  return b.kind === 'git-tag' ? `git tag ${b.name}` : b.path;
}

/** Keeps the app as it is now before the first change: a git tag, or a backup folder outside git. */
async function keepOriginal(env: CommandEnv, root: string, plan: ConversionPlan): Promise<Backup> {
  const backup = await backupApp(root, plan.created, backupPorts(env));
  env.log.info(`[convert] kept the original of ${root} as ${describe(backup)}`);
  return backup;
}

/** Saves the documents the conversion changed, so the disk (and a later deploy) sees the DE5 layout. */
async function saveChanged(root: string, plan: ConversionPlan): Promise<void> {
  const changed = new Set(plan.edits.filter((e) => e.kind !== 'delete').map((e) => path.join(root, ...e.file.split('/'))));
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && changed.has(doc.uri.fsPath)) {
      await doc.save();
    }
  }
}
