import { applyTextEdits } from '../../../../../src/core/model/text';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions, type Fix, type RuleFinding } from '../../../../../src/core/model/types';
import type { Rule } from '../../../../../src/core/rules/rule';
import { appOf, type snapshotOf } from '../../../../support/snapshotBuilder';

/** Runs one rule over an in-memory app. */
export function run(
  rule: Rule,
  files: Record<string, string>,
  extra: Parameters<typeof snapshotOf>[1] = {},
  options: CheckOptions = DEFAULT_CHECK_OPTIONS,
): readonly RuleFinding[] {
  return rule.check(appOf(files, extra), options);
}

/** The text of `file` after applying the fix's replace edits to it. */
export function applied(text: string, fix: Fix | undefined, file: string): string {
  const edits = (fix?.edits ?? []).flatMap((e) => (e.kind === 'replace' && e.file === file ? [e] : []));
  return applyTextEdits(text, edits);
}
