import type { FileEdit, Position, Range } from './types';

/** Maps offsets in a text to editor positions and back; `\r\n`, `\n` and `\r` all end a line. */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) {
          i++;
        }
        starts.push(i + 1);
      } else if (c === 10) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= o) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    const lineStart = this.starts[lo] ?? 0;
    return { line: lo, character: Math.min(o - lineStart, this.lineLength(lo)) };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) {
      return this.text.length;
    }
    const start = this.starts[Math.max(0, pos.line)] ?? 0;
    return start + Math.min(Math.max(0, pos.character), this.lineLength(pos.line));
  }

  /** Length of a line without its line break. */
  lineLength(line: number): number {
    const start = this.starts[line];
    if (start === undefined) {
      return 0;
    }
    const next = this.starts[line + 1];
    let end = next === undefined ? this.text.length : next;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) {
      end--;
    }
    return end - start;
  }

  lineText(line: number): string {
    const start = this.starts[line];
    if (start === undefined) {
      return '';
    }
    return this.text.slice(start, start + this.lineLength(line));
  }

  /** Range covering a whole line's text (not its line break). */
  lineRange(line: number): Range {
    return { start: { line, character: 0 }, end: { line, character: this.lineLength(line) } };
  }

  /** Range covering a line including its line break, for deleting the line. */
  fullLineRange(line: number): Range {
    if (line + 1 < this.starts.length) {
      return { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
    }
    // Last line: take the preceding line break instead so no blank line is left behind.
    if (line > 0) {
      return { start: { line: line - 1, character: this.lineLength(line - 1) }, end: { line, character: this.lineLength(line) } };
    }
    return this.lineRange(line);
  }

  rangeOf(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  lines(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.starts.length; i++) {
      out.push(this.lineText(i));
    }
    return out;
  }
}

/** The file's dominant line ending, so inserted lines match the user's. */
export function eolOf(text: string): '\r\n' | '\n' {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: pos(startLine, startChar), end: pos(endLine, endChar) };
}

export const FILE_START: Range = range(0, 0, 0, 0);

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function replaceEdit(file: string, r: Range, newText: string): FileEdit {
  return { kind: 'replace', file, range: r, newText };
}

/**
 * Applies replace edits to a text (edits must not overlap). Used by the CLI, the tests and to preview
 * fixes; the editor applies the same edits through a WorkspaceEdit.
 */
export function applyTextEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const index = new LineIndex(text);
  const sorted = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const e of sorted) {
    if (e.end > lastStart) {
      throw new Error('overlapping edits');
    }
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}
