import * as vscode from 'vscode';
import { isPlatformVariable } from '../../core/de4/appMetadata';
import { formatDataGaps } from '../../core/de4/dataGaps';
import { formatDotenv } from '../../core/de4/dotenv';
import { CoreError } from '../../core/errors';
import { registerCommand, type CommandEnv } from '../commands/runCommand';
import { withCancellableProgress } from '../platform/cancellation';
import type { De4AppsModel } from '../../core/de4/appsModel';
import { DetailNode, type DetailTarget } from './nodes/detailNode';

export const DE4_VALUE_COMMANDS = {
  revealValue: 'deMigrate.de4.revealValue',
  hideValue: 'deMigrate.de4.hideValue',
  copyEnv: 'deMigrate.de4.copyEnv',
  copyGapSteps: 'deMigrate.de4.copyDataGapSteps',
} as const;

/** What tests (and menus) pass: a tree node, or the target plus answers to the prompts. */
interface ValueArgs extends Partial<DetailTarget> {
  /** Answer for the confirmation (tests); menus always ask. */
  readonly confirm?: boolean;
  /** Copy as .env: include values (true) or names only (false) without asking. */
  readonly withValues?: boolean;
}

function targetOf(arg: unknown): ValueArgs {
  if (arg instanceof DetailNode) {
    return arg.target ?? {};
  }
  return typeof arg === 'object' && arg !== null ? arg : {};
}

function requireApp(t: ValueArgs): { serverId: string; app: string } {
  if (t.serverId === undefined || t.app === undefined) {
    throw new CoreError('invalid-input', vscode.l10n.t('Run this from an app in the DE4 Apps view.'));
  }
  return { serverId: t.serverId, app: t.app };
}

async function confirmed(t: ValueArgs, message: string, detail: string, action: string): Promise<boolean> {
  if (t.confirm !== undefined) {
    return t.confirm;
  }
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

async function revealValue(model: De4AppsModel, arg: unknown): Promise<void> {
  const t = targetOf(arg);
  const { serverId, app } = requireApp(t);
  if (t.variable === undefined) {
    throw new CoreError('invalid-input', vscode.l10n.t('Run Reveal Value on an environment variable of an app.'));
  }
  const ok = await confirmed(
    t,
    vscode.l10n.t('Show the value of {0} of {1}?', t.variable, app),
    vscode.l10n.t('It may be a secret: it will be visible on screen (and in screen shares) until you hide it. It is never saved.'),
    vscode.l10n.t('Reveal'),
  );
  if (ok) {
    model.setRevealed(serverId, app, t.variable, true);
  }
}

async function copyEnv(model: De4AppsModel, arg: unknown): Promise<void> {
  const t = targetOf(arg);
  const { serverId, app } = requireApp(t);
  const detail = await withCancellableProgress(vscode.l10n.t('Reading {0} from DE4…', app), (signal) =>
    model.fetchDetail(serverId, app, signal),
  );
  if (!detail) {
    throw new CoreError('not-found', vscode.l10n.t('The server no longer lists {0}.', app));
  }
  let withValues = t.withValues;
  if (withValues === undefined) {
    const names = {
      label: vscode.l10n.t('Names only'),
      detail: vscode.l10n.t('NAME= lines to fill in for local runs or DE5'),
      values: false,
    };
    const values = {
      label: vscode.l10n.t('Names and values'),
      detail: vscode.l10n.t('Includes secrets: the clipboard is readable by other programs'),
      values: true,
    };
    const picked = await vscode.window.showQuickPick([names, values], { title: vscode.l10n.t('Copy {0} as .env', app) });
    if (!picked) {
      return;
    }
    withValues = picked.values;
    if (
      withValues &&
      !(await confirmed(t, vscode.l10n.t('Copy the values of {0} to the clipboard?', app), picked.detail, vscode.l10n.t('Copy')))
    ) {
      return;
    }
  }
  // DE4 creates its platform variables itself, and so does DE5 (reference §1.8): listed, not copied.
  const platform = detail.environmentVariables.filter((v) => isPlatformVariable(v.name, v.readonly));
  const user = detail.environmentVariables.filter((v) => !isPlatformVariable(v.name, v.readonly));
  const header = [
    `Environment variables of DE4 app ${app}.`,
    ...(platform.length > 0 ? [`Created by the platform, not copied: ${platform.map((v) => v.name).join(', ')}.`] : []),
  ].join('\n');
  const text = formatDotenv(
    user.map((v) => ({ name: v.name, value: withValues ? (v.value ?? '') : '' })),
    { header },
  );
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(
    withValues
      ? vscode.l10n.t('DE Migrate: copied {0} variables of {1} with their values', user.length, app)
      : vscode.l10n.t('DE Migrate: copied {0} variable names of {1}', user.length, app),
    5000,
  );
}

/** Reveal Value / Hide Value on a variable, Copy as .env on the group, Copy Steps on a data gap. */
export function registerDe4ValueCommands(env: CommandEnv, model: De4AppsModel): vscode.Disposable[] {
  return [
    registerCommand(env, DE4_VALUE_COMMANDS.revealValue, (arg?: unknown) => revealValue(model, arg)),
    registerCommand(env, DE4_VALUE_COMMANDS.hideValue, (arg?: unknown) => {
      const t = targetOf(arg);
      if (t.serverId !== undefined && t.app !== undefined && t.variable !== undefined) {
        model.setRevealed(t.serverId, t.app, t.variable, false);
      }
      return Promise.resolve();
    }),
    registerCommand(env, DE4_VALUE_COMMANDS.copyEnv, (arg?: unknown) => copyEnv(model, arg)),
    registerCommand(env, DE4_VALUE_COMMANDS.copyGapSteps, async (arg?: unknown) => {
      const gap = targetOf(arg).gap;
      if (gap) {
        await vscode.env.clipboard.writeText(formatDataGaps([gap]));
        vscode.window.setStatusBarMessage(vscode.l10n.t('DE Migrate: copied the steps for {0}', gap.title), 5000);
      }
    }),
  ];
}
