import { LineIndex } from '../../model/text';
import type { Range } from '../../model/types';
import { trimmedRange } from '../../parsers/lineTokens';

/** The first non-blank line of a file, trimmed; the file start when it is blank or unreadable. */
export function fileHead(text: string | undefined): Range {
  const index = new LineIndex(text ?? '');
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    if (raw.trim() !== '') {
      return trimmedRange(raw, line);
    }
  }
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** `a, b and c` for messages. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
