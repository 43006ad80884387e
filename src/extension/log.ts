import * as vscode from 'vscode';
import type { Logger } from '../core/ports';

/** The one output channel; every component logs through a tagged view of it. */
export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('DE Migrate', { log: true });
}

export function taggedLogger(channel: vscode.LogOutputChannel, tag: string): Logger {
  const p = `[${tag}] `;
  return {
    trace: (m) => channel.trace(p + m),
    debug: (m) => channel.debug(p + m),
    info: (m) => channel.info(p + m),
    warn: (m) => channel.warn(p + m),
    error: (m) => channel.error(p + m),
  };
}
