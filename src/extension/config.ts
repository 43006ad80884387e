import * as vscode from 'vscode';
import { normaliseEngineSettings, type EngineConfig } from '../core/engine/config';

export const CONFIG_SECTION = 'deMigrate';

export interface ExtensionConfig {
  readonly engine: EngineConfig;
  readonly exclude: readonly string[];
}

/** The only reader of settings: a frozen, normalised snapshot the rest of the extension passes around. */
export function readConfig(): ExtensionConfig {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const exclude = c.get<unknown>('exclude');
  return Object.freeze({
    engine: normaliseEngineSettings({
      de5Host: c.get('de5.host'),
      rules: c.get('rules'),
      largeFileMB: c.get('largeFileMB'),
      profile: c.get('de5.profile'),
    }),
    exclude: Object.freeze(Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string') : []),
  });
}

/** Settings whose change means every app must be checked again. */
export const RECHECK_KEYS: readonly string[] = ['de5.host', 'de5.profile', 'rules', 'largeFileMB', 'exclude'].map(
  (k) => `${CONFIG_SECTION}.${k}`,
);
