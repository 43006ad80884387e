import assert from 'node:assert/strict';
import { checkApp } from '../../../../../src/core/engine/checkApp';
import { DEFAULT_ENGINE_CONFIG } from '../../../../../src/core/engine/config';
import { applyTextEdits } from '../../../../../src/core/model/text';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions, type Fix, type RuleFinding } from '../../../../../src/core/model/types';
import { ALL_RULES } from '../../../../../src/core/rules';
import type { Rule } from '../../../../../src/core/rules/rule';
import { appOf, snapshotOf } from '../../../../support/snapshotBuilder';

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

/** The app's files after applying every edit of a fix (test-only stand-in for the planner). */
export function applyFix(files: Record<string, string>, fix: Fix | undefined): Record<string, string> {
  const out: Record<string, string> = { ...files };
  const edits = fix?.edits ?? [];
  for (const e of edits) {
    if (e.kind === 'create') {
      assert.ok(e.overwrite === true || !(e.file in files), `create of existing ${e.file} without overwrite`);
      out[e.file] = e.content;
    } else if (e.kind === 'delete') {
      delete out[e.file];
    }
  }
  const replaced = new Set(edits.flatMap((e) => (e.kind === 'replace' ? [e.file] : [])));
  for (const file of replaced) {
    out[file] = applied(files[file] ?? '', fix, file);
  }
  return out;
}

/** Titles of every fix the whole engine offers for an app, to check a conversion is not offered twice. */
export function offeredFixTitles(files: Record<string, string>, extra: Parameters<typeof snapshotOf>[1] = {}): string[] {
  const report = checkApp(snapshotOf(files, extra), ALL_RULES, DEFAULT_ENGINE_CONFIG);
  return report.findings.flatMap((f) => f.fixes.map((x) => `${f.rule}: ${x.title}`));
}
