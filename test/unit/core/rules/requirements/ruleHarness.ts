import assert from 'node:assert/strict';
import { AppContext } from '../../../../../src/core/model/appContext';
import { applyTextEdits } from '../../../../../src/core/model/text';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions, type Fix, type RuleFinding } from '../../../../../src/core/model/types';
import type { Rule } from '../../../../../src/core/rules/rule';
import { snapshotOf } from '../../../../support/snapshotBuilder';

export interface Run {
  readonly app: AppContext;
  readonly findings: readonly RuleFinding[];
}

export function run(rule: Rule, files: Record<string, string>, options: Partial<CheckOptions> = {}): Run {
  const app = new AppContext(snapshotOf(files));
  return { app, findings: rule.check(app, { ...DEFAULT_CHECK_OPTIONS, ...options }) };
}

/** The text of `file` after applying a fix's edits to it, as the editor or CLI would. */
export function applyFix(app: AppContext, fix: Fix | undefined, file = 'requirements.txt'): string {
  assert.ok(fix, 'expected a fix');
  const edits = fix.edits.flatMap((e) => (e.kind === 'replace' && e.file === file ? [e] : []));
  return applyTextEdits(app.snapshot.files.get(file)?.text ?? '', edits);
}

export function onlyFinding(r: Run): RuleFinding {
  assert.equal(r.findings.length, 1, r.findings.map((f) => f.message).join('\n'));
  return r.findings[0] as RuleFinding;
}
