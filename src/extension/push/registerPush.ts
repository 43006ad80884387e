import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { registerCommand, type CommandEnv } from '../commands/runCommand';
import type { De4AppsApi } from '../de4/registerDe4Apps';
import { AppNode } from '../de4/nodes/appNode';
import type { DiagnosticsController } from '../diagnostics/diagnosticsController';
import { De4PushSource } from './de4PushSource';
import type { KnownHostsStore } from './knownHostsStore';
import { PUSH_COMMANDS, registerPushCommands } from './pushCommands';

const PUSH_LINKED = 'deMigrate.de4.pushLinked';

/** Push to DE5: the palette and Explorer command, and the DE4 tree's push of an app's linked folder. */
export function registerPush(
  context: vscode.ExtensionContext,
  env: CommandEnv,
  diagnostics: DiagnosticsController,
  de4: De4AppsApi,
  knownHosts: KnownHostsStore,
  log: Logger,
): void {
  context.subscriptions.push(
    ...registerPushCommands(env, { context, diagnostics, knownHosts, de4: new De4PushSource(de4.model, log) }),
    registerCommand(env, PUSH_LINKED, async (arg?: unknown) => {
      const server = arg instanceof AppNode ? de4.model.server(arg.serverId) : undefined;
      const link = arg instanceof AppNode && server ? de4.links.linked(server.url, arg.app.name) : undefined;
      if (link) {
        await vscode.commands.executeCommand(PUSH_COMMANDS.push, { root: link.root });
      }
    }),
  );
}
