import type { LineIndex } from '../model/text';
import type { Range } from '../model/types';

/** A whitespace-separated word of one line, with its exact range. */
export interface LineToken {
  readonly text: string;
  readonly line: number;
  readonly range: Range;
}

/**
 * The words of a line up to a `#` comment. A `#` starts a comment only at the line start or after
 * whitespace, as in shell-read config files, so `url#v1.0` stays one word.
 */
export function lineTokens(lineText: string, line: number): LineToken[] {
  const out: LineToken[] = [];
  for (const m of lineText.matchAll(/\S+/g)) {
    if (m[0].startsWith('#')) {
      break;
    }
    const start = m.index ?? 0;
    out.push({ text: m[0], line, range: { start: { line, character: start }, end: { line, character: start + m[0].length } } });
  }
  return out;
}

/** Range of a line's text without its leading and trailing whitespace. */
export function trimmedRange(lineText: string, line: number): Range {
  const start = lineText.length - lineText.trimStart().length;
  const end = lineText.trimEnd().length;
  return { start: { line, character: start }, end: { line, character: Math.max(start, end) } };
}

export function isBlankOrComment(lineText: string): boolean {
  const t = lineText.trim();
  return t === '' || t.startsWith('#');
}

/** A line of a line-based config file that is neither blank nor a `#` comment. */
export interface ContentLine {
  readonly line: number;
  /** The line's text without its line break. */
  readonly raw: string;
  readonly trimmed: string;
}

/** The lines that carry content, in order: what every line-based DE4 file format reads. */
export function contentLines(index: LineIndex): ContentLine[] {
  const out: ContentLine[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    const trimmed = raw.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) {
      out.push({ line, raw, trimmed });
    }
  }
  return out;
}
