import type { Severity } from '../model/types';
import { appRules } from './app';
import { parseErrorRule, unreadableFileRule } from './builtin/parseError';
import { de4FileRules } from './de4files';
import { pythonRules } from './python';
import { requirementsRules } from './requirements';
import { ruleDocsUrl, type Rule } from './rule';
import { sparingUnreadFiles } from './unreadFiles';

/** Every rule, in the order findings are produced; only `unreadable-file` speaks of files that were not read. */
export const ALL_RULES: readonly Rule[] = Object.freeze(
  [parseErrorRule, unreadableFileRule, ...requirementsRules, ...pythonRules, ...de4FileRules, ...appRules].map((r) =>
    r === unreadableFileRule ? r : sparingUnreadFiles(r),
  ),
);

export interface RuleInfo {
  readonly id: string;
  readonly title: string;
  readonly defaultSeverity: Severity;
  readonly docsUrl: string;
}

/** Rule metadata for docs, settings and SARIF. */
export function ruleCatalog(rules: readonly Rule[] = ALL_RULES): RuleInfo[] {
  return rules.map((r) => ({ id: r.id, title: r.title, defaultSeverity: r.defaultSeverity, docsUrl: ruleDocsUrl(r.id) }));
}
