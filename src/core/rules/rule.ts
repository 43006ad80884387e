import type { AppContext } from '../model/appContext';
import type { CheckOptions, RuleFinding, Severity } from '../model/types';

/** Where each rule's documentation lives: the README section whose heading is the rule id. */
export const RULE_DOCS_BASE = 'https://github.com/de-migrate/de-migrate/blob/main/README.md';

export function ruleDocsUrl(id: string): string {
  return `${RULE_DOCS_BASE}#${id}`;
}

/**
 * A rule is a pure, deterministic function of one app. It never throws for bad input (the engine
 * still guards it), never reads the disk, and returns findings with ranges in the file they name.
 */
export interface Rule {
  /** Stable kebab-case id: deprecate, never rename. */
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** One line for docs and settings. */
  readonly title: string;
  check(app: AppContext, options: CheckOptions): readonly RuleFinding[];
}
