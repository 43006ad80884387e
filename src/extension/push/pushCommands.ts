import * as path from 'node:path';
import * as vscode from 'vscode';
import { DE4_METADATA_FILE, parseDe4Metadata, type De4AppMetadataFile } from '../../core/de4/appMetadata';
import { DeCliAdmin, deCliVersion, ManualDe5Admin } from '../../core/de5/deCliAdmin';
import { pushApp, type PushAppResult } from '../../core/de5/pushApp';
import { DE5_RECORD_FILE, parsePushRecord, serializePushRecord, suggestDe5AppName, type De5PushRecord } from '../../core/de5/pushRecord';
import { de5AppUrl, de5RemoteUrl, isDe5AppName, type De5ServerConfig } from '../../core/de5/serverConfig';
import { CoreError, errorMessage } from '../../core/errors';
import { headOf } from '../../core/git/de4Repo';
import { NodeFileWriter } from '../../node/nodeFileWriter';
import { NodeNetProbe } from '../../node/nodeNetProbe';
import { NodeProcessRunner } from '../../node/nodeProcessRunner';
import { withSshControlDir } from '../../node/sshControlDir';
import { pickApp } from '../commands/pickApp';
import { registerCommand, type CommandEnv } from '../commands/runCommand';
import { readConfig } from '../config';
import type { DiagnosticsController } from '../diagnostics/diagnosticsController';
import { signalFromToken } from '../platform/cancellation';
import { loadNetwork } from '../platform/loadNetwork';
import type { De4PushSource } from './de4PushSource';
import { KnownHostsStore } from './knownHostsStore';
import { VsCodePushUi, type PushAnswers } from './pushUi';

export const PUSH_COMMANDS = {
  push: 'deMigrate.pushToDe5',
  forgetHostKeys: 'deMigrate.forgetDe5HostKeys',
} as const;

/** Arguments tests pass instead of answering dialogs. */
export interface PushArgs extends PushAnswers {
  readonly root?: vscode.Uri;
  readonly host?: string;
  readonly app?: string;
  /** Push although error findings remain (asked otherwise). */
  readonly overrideErrors?: boolean;
}

export interface PushDeps {
  readonly context: vscode.ExtensionContext;
  readonly diagnostics: DiagnosticsController;
  readonly knownHosts: KnownHostsStore;
  /** Environment values from the DE4 server the app came from, when signed in. */
  readonly de4: De4PushSource | undefined;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
  } catch {
    return undefined;
  }
}

async function chooseServer(host: string | undefined, record: De5PushRecord | undefined): Promise<De5ServerConfig | undefined> {
  const servers = readConfig().de5Servers;
  const wanted = host ?? record?.host;
  if (wanted !== undefined) {
    const found = servers.find((s) => s.host === wanted.toLowerCase());
    if (found) {
      return found;
    }
  }
  if (servers.length === 0) {
    throw new CoreError('invalid-input', vscode.l10n.t('No DE5 server is configured.'), {
      hint: vscode.l10n.t('Set deMigrate.de5.host (or deMigrate.de5.servers) in the settings.'),
    });
  }
  if (servers.length === 1) {
    return servers[0];
  }
  const picked = await vscode.window.showQuickPick(
    servers.map((s) => ({ label: s.label, description: s.host, server: s })),
    { placeHolder: vscode.l10n.t('Push to which DE5 server?') },
  );
  return picked?.server;
}

async function chooseAppName(
  given: string | undefined,
  record: De5PushRecord | undefined,
  meta: De4AppMetadataFile | undefined,
  root: string,
): Promise<string | undefined> {
  if (given !== undefined) {
    return given;
  }
  if (record) {
    return record.app;
  }
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Name of the app on DE5'),
    prompt: vscode.l10n.t('It becomes part of the URL and cannot be changed later.'),
    value: meta?.source.app ?? suggestDe5AppName(path.basename(root)),
    validateInput: (v) => (isDe5AppName(v) ? undefined : vscode.l10n.t('Lowercase letters, digits and dashes, at most 63')),
  });
}

async function confirmErrors(app: string, errors: number, given: boolean | undefined): Promise<boolean> {
  if (errors === 0 || given !== undefined) {
    return given ?? false;
  }
  const anyway = vscode.l10n.t('Push Anyway');
  const picked = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} still has {1} error(s). Push it anyway?', app, errors),
    { modal: true, detail: vscode.l10n.t('DE5 is likely to fail building or running it. The Problems panel lists the errors.') },
    anyway,
  );
  return picked === anyway;
}

async function push(env: CommandEnv, deps: PushDeps, arg: unknown): Promise<PushAppResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    throw new CoreError('invalid-input', vscode.l10n.t('Pushing runs git and ssh, so it needs a trusted workspace.'), {
      hint: vscode.l10n.t('Trust this workspace first (Manage Workspace Trust).'),
    });
  }
  const args: PushArgs = arg instanceof vscode.Uri ? { root: arg } : typeof arg === 'object' && arg !== null ? arg : {};
  const root = await pickApp(deps.diagnostics, args.root);
  if (!root) {
    return undefined;
  }
  const recordText = await readText(path.join(root, ...DE5_RECORD_FILE.split('/')));
  const record = recordText === undefined ? undefined : parsePushRecord(recordText);
  const metaText = await readText(path.join(root, ...DE4_METADATA_FILE.split('/')));
  const meta =
    metaText === undefined
      ? undefined
      : (() => {
          try {
            return parseDe4Metadata(metaText);
          } catch (err) {
            env.log.warn(`[push] ignoring ${DE4_METADATA_FILE}: ${errorMessage(err)}`);
            return undefined;
          }
        })();
  const server = await chooseServer(args.host, record);
  const app = server && (await chooseAppName(args.app, record?.host === server.host ? record : undefined, meta, root));
  if (!server || !app) {
    return undefined;
  }
  const errors =
    deps.diagnostics
      .reports()
      .find((r) => r.root === root)
      ?.findings.filter((f) => f.severity === 'error').length ?? 0;
  const overrideErrors = await confirmErrors(app, errors, args.overrideErrors);
  if (errors > 0 && !overrideErrors) {
    return undefined;
  }
  const git = new (loadNetwork().SimpleGitRunner)();
  if ((await headOf(root, { git })) === undefined) {
    throw new CoreError('invalid-input', vscode.l10n.t('{0} is not a git repository with a commit, so there is nothing to push.', root), {
      hint: vscode.l10n.t('Commit the converted app first (git init, git add, git commit).'),
    });
  }
  const config = readConfig();
  const runner = new NodeProcessRunner();
  const sameRecord = record?.host === server.host && record.app === app ? record : undefined;
  const remoteUrl = sameRecord?.remoteUrl ?? de5RemoteUrl(server, app);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pushing {0} to {1}', app, server.label), cancellable: true },
    async (progress, token) => {
      const bridge = signalFromToken(token);
      try {
        const signal = bridge.signal;
        progress.report({ message: vscode.l10n.t('Looking for the de CLI…') });
        const version = await deCliVersion(runner, config.de5CliPath, signal);
        const password =
          version && server.username !== undefined ? await de5Password(deps.context.secrets, server.host, server.username) : undefined;
        const admin = version
          ? new DeCliAdmin({
              runner,
              command: config.de5CliPath,
              host: server.host,
              ...(server.username && password ? { username: server.username, password } : {}),
              log: env.log,
            })
          : new ManualDe5Admin();
        env.log.info(`[push] ${app} → ${remoteUrl} (${version ? `de CLI ${version}` : 'no de CLI: a checklist instead'})`);
        const secretKey = (name: string): string => `deMigrate.de5.env/${server.host}/${app}/${name}`;
        const ui = new VsCodePushUi({
          progress,
          answers: args,
          app,
          appendKnownHosts: (lines) => deps.knownHosts.append(lines),
          storedValue: async (name) =>
            (await deps.context.secrets.get(secretKey(name))) ?? (meta ? await deps.de4?.valueOf(meta, name, signal) : undefined),
          rememberValue: (name, value) => Promise.resolve(deps.context.secrets.store(secretKey(name), value)),
        });
        const result = await withSshControlDir(async (controlDir) =>
          pushApp(
            {
              appDir: root,
              app,
              remoteUrl,
              branch: sameRecord?.branch ?? server.branch,
              ssh: {
                ...config.ssh,
                strictHostKeyChecking: 'yes',
                knownHostsFile: deps.knownHosts.file,
                ...(controlDir ? { controlDir } : {}),
              },
              knownHostsText: await deps.knownHosts.read(),
              errorCount: errors,
              overrideErrors,
              metadata: meta,
              admin,
              appUrl: server.verifySeconds > 0 ? de5AppUrl(server, app) : undefined,
              verifyTimeoutMs: server.verifySeconds * 1000,
            },
            ui,
            { git, net: new NodeNetProbe(), process: runner, http: new (loadNetwork().AxiosHttpClient)({}), log: env.log, signal },
          ),
        );
        await writeRecord(root, {
          schemaVersion: 1,
          host: server.host,
          app,
          ...(sameRecord?.remoteUrl ? { remoteUrl: sameRecord.remoteUrl } : {}),
          ...(sameRecord?.branch ? { branch: sameRecord.branch } : {}),
          lastPush: {
            sha: result.sha,
            branch: result.branch,
            time: new Date().toISOString(),
            ...(result.verified ? { verified: result.verified.ok } : {}),
          },
        });
        if (ui.checklistLines.length > 0) {
          void showChecklist(app, ui.checklistLines);
        }
        report(app, server, result);
        return result;
      } finally {
        bridge.dispose();
      }
    },
  );
}

/** The de CLI's password login: kept in secret storage, asked once (never in settings or logs). */
async function de5Password(secrets: vscode.SecretStorage, host: string, username: string): Promise<string | undefined> {
  const key = `deMigrate.de5.password/${host}/${username}`;
  const stored = await secrets.get(key);
  if (stored !== undefined) {
    return stored;
  }
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('DE5 password of {0} on {1}', username, host),
    prompt: vscode.l10n.t('For the de CLI. It is kept in VS Code secret storage. Leave empty to use de login instead.'),
    password: true,
    ignoreFocusOut: true,
  });
  if (!typed) {
    return undefined;
  }
  await secrets.store(key, typed);
  return typed;
}

async function writeRecord(root: string, record: De5PushRecord): Promise<void> {
  const file = path.join(root, ...DE5_RECORD_FILE.split('/'));
  const writer = new NodeFileWriter();
  await writer.mkdir(path.dirname(file));
  await writer.writeFileAtomic(file, new TextEncoder().encode(serializePushRecord(record)));
}

async function showChecklist(app: string, lines: readonly string[]): Promise<void> {
  const content = [
    `# Set up ${app} on DE5 by hand`,
    '',
    'The `de` CLI is not installed, so these steps were not done for you. Run them, or do the same in the DE5 App Manager:',
    '',
    ...lines.map((l) => `- [ ] \`${l}\``),
    '',
  ].join('\n');
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
}

function report(app: string, server: De5ServerConfig, r: PushAppResult): void {
  const open = vscode.l10n.t('Open App');
  const url = de5AppUrl(server, app);
  const what = r.upToDate
    ? vscode.l10n.t('{0} on DE5 is already at {1} ({2}).', app, r.sha.slice(0, 7), r.branch)
    : vscode.l10n.t('Pushed {0} to DE5 ({1}, {2}).', app, r.branch, r.sha.slice(0, 7));
  if (r.verified && !r.verified.ok) {
    void vscode.window
      .showWarningMessage(`${what} ${vscode.l10n.t('The app did not answer yet: {0}', r.verified.last)}`, open)
      .then((p) => p === open && vscode.env.openExternal(vscode.Uri.parse(url)));
    return;
  }
  const answered = r.verified?.ok ? ` ${vscode.l10n.t('The app answers.')}` : '';
  void vscode.window
    .showInformationMessage(`${what}${answered}`, open)
    .then((p) => p === open && vscode.env.openExternal(vscode.Uri.parse(url)));
}

/** Push App to Dash Enterprise 5 (palette, Explorer) and Forget Trusted DE5 Host Keys. */
export function registerPushCommands(env: CommandEnv, deps: PushDeps): vscode.Disposable[] {
  return [
    registerCommand(env, PUSH_COMMANDS.push, (arg?: unknown) => push(env, deps, arg)),
    registerCommand(env, PUSH_COMMANDS.forgetHostKeys, () => deps.knownHosts.forgetInteractively()),
  ];
}
