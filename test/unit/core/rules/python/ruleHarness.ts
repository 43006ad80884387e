import * as assert from 'node:assert/strict';
import { applyTextEdits, LineIndex } from '../../../../../src/core/model/text';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions, type Fix, type Range, type RuleFinding } from '../../../../../src/core/model/types';
import type { Rule } from '../../../../../src/core/rules/rule';
import { appOf, type snapshotOf } from '../../../../support/snapshotBuilder';

/** Runs one rule over an in-memory app. */
export function run(
  rule: Rule,
  files: Record<string, string>,
  extra?: Parameters<typeof snapshotOf>[1],
  options?: Partial<CheckOptions>,
): RuleFinding[] {
  return [...rule.check(appOf(files, extra), { ...DEFAULT_CHECK_OPTIONS, ...options })];
}

/** The files after applying one fix, the way the CLI and the editor would. */
export function applyFix(files: Record<string, string>, fix: Fix | undefined): Record<string, string> {
  assert.ok(fix, 'expected a fix');
  const out = { ...files };
  for (const e of fix.edits) {
    if (e.kind === 'create') {
      out[e.file] = e.content;
    } else if (e.kind === 'delete') {
      delete out[e.file];
    } else {
      out[e.file] = applyTextEdits(out[e.file] ?? '', [e]);
    }
  }
  return out;
}

/** The text a finding's range covers. */
export function textAt(text: string, range: Range): string {
  const index = new LineIndex(text);
  return text.slice(index.offsetAt(range.start), index.offsetAt(range.end));
}
