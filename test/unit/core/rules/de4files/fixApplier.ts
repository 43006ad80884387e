import { applyTextEdits } from '../../../../../src/core/model/text';
import type { CheckOptions, Fix } from '../../../../../src/core/model/types';
import type { Rule } from '../../../../../src/core/rules/rule';
import { appOf } from '../../../../support/snapshotBuilder';

/** Applies a fix's file edits to a map of file texts, the way the editor applies a WorkspaceEdit. */
export function applyFix(files: Record<string, string>, fix: Fix | undefined): Record<string, string> {
  const out = { ...files };
  for (const e of fix?.edits ?? []) {
    if (e.kind === 'delete') {
      delete out[e.file];
    } else if (e.kind === 'create') {
      if (e.overwrite || out[e.file] === undefined) {
        out[e.file] = e.content;
      }
    }
  }
  const byFile = new Map<string, { range: Extract<Fix['edits'][number], { kind: 'replace' }>['range']; newText: string }[]>();
  for (const e of fix?.edits ?? []) {
    if (e.kind === 'replace') {
      byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    }
  }
  for (const [file, edits] of byFile) {
    const text = out[file];
    if (text === undefined) {
      throw new Error(`fix edits missing file ${file}`);
    }
    out[file] = applyTextEdits(text, edits);
  }
  return out;
}

/** Every fix title the rule offers on an app. */
export function fixTitles(rule: Rule, files: Record<string, string>, options: CheckOptions): string[] {
  return rule.check(appOf(files), options).flatMap((f) => (f.fixes ?? []).map((x) => x.title));
}
