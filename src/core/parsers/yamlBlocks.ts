import { load, YAMLException } from 'js-yaml';
import type { ParseIssue } from '../model/parseResult';
import type { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { isSpace, trailingCommentStart } from './lineTokens';

/**
 * Loads a YAML document with js-yaml. A syntax error becomes an issue at the line and column js-yaml
 * reports (clamped to the text); the value is then undefined.
 */
export function loadYaml(text: string, index: LineIndex, file: string): { value: unknown; issues: ParseIssue[] } {
  try {
    return { value: load(text), issues: [] };
  } catch (err) {
    if (!(err instanceof YAMLException)) {
      // Not a syntax error (e.g. nesting too deep for the loader): still a finding, never a throw.
      const message = err instanceof Error ? err.message : String(err);
      return { value: undefined, issues: [{ range: index.lineRange(0), message: `${file} could not be read as YAML: ${message}.` }] };
    }
    const mark = err.mark as { line?: number; column?: number } | undefined;
    const line = Math.min(Math.max(0, mark?.line ?? 0), index.lineCount - 1);
    const character = Math.min(Math.max(0, mark?.column ?? 0), index.lineLength(line));
    const range: Range =
      character < index.lineLength(line)
        ? { start: { line, character }, end: { line, character: index.lineLength(line) } }
        : { start: { line, character }, end: { line, character } };
    return { value: undefined, issues: [{ range, message: `${file} is not valid YAML: ${err.reason || 'syntax error'}.` }] };
  }
}

/** A block-sequence item `- value` found by scanning lines (js-yaml gives no node positions). */
export interface YamlItem {
  /** The scalar as written after `- `, without a trailing comment. */
  readonly raw: string;
  readonly line: number;
  /** Column of the `-`. */
  readonly indent: number;
  /** Range of the scalar as written (quotes included). */
  readonly range: Range;
}

/** A top-level `key:` line and the block-sequence items written under it. */
export interface YamlKeyBlock {
  readonly keyLine: number;
  readonly keyRange: Range;
  readonly items: readonly YamlItem[];
}

/**
 * Finds the top-level `key:` line and every `- item` line of its block (items may sit at column 0,
 * as YAML allows). Items of nested sequences are included with their own indent.
 */
export function topLevelBlock(index: LineIndex, key: string): YamlKeyBlock | undefined {
  const keyRe = new RegExp(`^(${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})\\s*:`);
  for (let line = 0; line < index.lineCount; line++) {
    const m = keyRe.exec(index.lineText(line));
    if (!m || !m[1]) {
      continue;
    }
    const items: YamlItem[] = [];
    for (let l = line + 1; l < index.lineCount; l++) {
      const raw = index.lineText(l);
      if (raw.trim() === '' || raw.trim().startsWith('#')) {
        continue;
      }
      const item = blockItem(raw);
      if (!item) {
        if (/^\S/.test(raw)) {
          break;
        }
        continue;
      }
      const { indent, start, value } = item;
      items.push({
        raw: value,
        line: l,
        indent,
        range: { start: { line: l, character: start }, end: { line: l, character: start + value.length } },
      });
    }
    return { keyLine: line, keyRange: { start: { line, character: 0 }, end: { line, character: m[1].length } }, items };
  }
  return undefined;
}

/**
 * `- value  # comment` → the dash's column, where the value starts, and the value without trailing
 * blanks or comment. Matches what `/^(\s*)-(\s+)(.*?)\s*(?:\s#.*)?$/` captures, computed directly
 * because that lazy pattern is quadratic on a long run of blanks inside the value.
 */
function blockItem(raw: string): { indent: number; start: number; value: string } | undefined {
  let indent = 0;
  while (isSpace(raw[indent])) {
    indent++;
  }
  let start = indent + 1;
  while (isSpace(raw[start])) {
    start++;
  }
  if (raw[indent] !== '-' || start === indent + 1) {
    return undefined;
  }
  const rest = raw.slice(start);
  // The value ends where only blanks follow, or at the first blank-preceded `#` comment; it cannot
  // hold a line terminator (`.` does not match one).
  let end = rest.length;
  while (end > 0 && isSpace(rest[end - 1])) {
    end--;
  }
  end = Math.min(end, trailingCommentStart(rest));
  const terminator = rest.slice(0, end).search(/[\n\r\u2028\u2029]/);
  return terminator < 0 ? { indent, start, value: rest.slice(0, end) } : undefined;
}

/** The plain value of a scanned scalar: quotes removed, for matching against js-yaml's value. */
export function unquote(raw: string): string {
  if (raw.length >= 2 && ((raw.startsWith('"') && raw.endsWith('"')) || (raw.startsWith("'") && raw.endsWith("'")))) {
    return raw.slice(1, -1);
  }
  return raw;
}

/**
 * Ranges for the string items of a loaded sequence: each is matched, in order, with the next
 * scanned item of the same text at `indent` (or any indent when undefined); an item written in flow
 * style (`[a, b]`) falls back to `fallback`.
 */
export function locateItems(values: readonly string[], items: readonly YamlItem[], fallback: Range, indent?: number): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const v of values) {
    let found: Range | undefined;
    for (let i = next; i < items.length; i++) {
      const item = items[i];
      if (item && (indent === undefined || item.indent === indent) && unquote(item.raw) === v) {
        found = item.range;
        next = i + 1;
        break;
      }
    }
    out.push(found ?? fallback);
  }
  return out;
}
