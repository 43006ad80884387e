import { applyEdits, modify, parse, type JSONPath } from 'jsonc-parser';
import { eolOf, LineIndex } from '../../model/text';
import type { FileEdit } from '../../model/types';

const APP_JSON = 'app.json';

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

/**
 * Edits that remove `paths` from app.json (jsonc-parser keeps the rest of the formatting), then the
 * `scripts.dokku` and `scripts` objects left empty, and the whole file when nothing is left.
 */
export function removeFromAppJson(text: string, paths: readonly JSONPath[]): FileEdit[] {
  const options = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: eolOf(text) } };
  let out = text;
  for (const path of paths) {
    out = applyEdits(out, modify(out, [...path], undefined, options));
  }
  for (const parent of [['scripts', 'dokku'], ['scripts']]) {
    const value = parse(out) as unknown;
    let cur: unknown = value;
    for (const key of parent) {
      cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[key] : undefined;
    }
    if (isEmptyObject(cur)) {
      out = applyEdits(out, modify(out, parent, undefined, options));
    }
  }
  if (isEmptyObject(parse(out))) {
    return [{ kind: 'delete', file: APP_JSON }];
  }
  return out === text ? [] : [changedRegionEdit(text, out)];
}

/** One replace edit covering only the changed middle of the text, never splitting a CRLF. */
function changedRegionEdit(before: string, after: string): FileEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) {
    start++;
  }
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) {
    end++;
  }
  if (start > 0 && before[start - 1] === '\r' && before[start] === '\n') {
    start--;
  }
  if (end > 0 && before[before.length - end] === '\n' && before[before.length - end - 1] === '\r') {
    end--;
  }
  const index = new LineIndex(before);
  return {
    kind: 'replace',
    file: APP_JSON,
    range: index.rangeOf(start, before.length - end),
    newText: after.slice(start, after.length - end),
  };
}
