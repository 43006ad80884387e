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

const WHITESPACE = /\s/;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/** Whether `c` is whitespace as a regular expression's `\s` sees it. */
export function isSpace(c: string | undefined): boolean {
  return c !== undefined && WHITESPACE.test(c);
}

/** Offset just after the last line terminator of `text` (`.` in a pattern cannot cross one), or 0. */
export function afterLastLineTerminator(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    if (LINE_TERMINATOR.test(text.charAt(i))) {
      return i + 1;
    }
  }
  return 0;
}

/**
 * Start of the first `<whitespace>#comment` that runs to the end of `text`, or `text.length`: where
 * `text.replace(/\s+#.*$/, '')` cuts, found without that pattern's quadratic backtracking on a long
 * run of blanks.
 */
export function trailingCommentStart(text: string): number {
  for (let k = Math.max(1, afterLastLineTerminator(text)); k < text.length; k++) {
    if (text[k] === '#' && isSpace(text[k - 1])) {
      let start = k - 1;
      while (start > 0 && isSpace(text[start - 1])) {
        start--;
      }
      return start;
    }
  }
  return text.length;
}
