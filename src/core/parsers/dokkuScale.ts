import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { contentLines, trimmedRange } from './lineTokens';

export interface DokkuScaleEntry {
  /** Process type, e.g. `web`, `worker-default`. */
  readonly process: string;
  readonly count: number;
  readonly line: number;
  /** The whole `process=count` text. */
  readonly range: Range;
  readonly processRange: Range;
}

export interface DokkuScale {
  readonly entries: readonly DokkuScaleEntry[];
}

const ENTRY = /^([A-Za-z0-9_-]+)\s*=\s*(\d+)$/;

/**
 * DOKKU_SCALE: `<process>=<count>` per line. Blank and `#` lines are skipped (Dokku's own reader
 * skips them; only very old versions choke on comments, which no longer matters once migrated).
 */
export function parseDokkuScale(text: string): ParseResult<DokkuScale> {
  const index = new LineIndex(text);
  const entries: DokkuScaleEntry[] = [];
  const issues: ParseIssue[] = [];
  const seen = new Set<string>();
  for (const { line, raw, trimmed } of contentLines(index)) {
    const range = trimmedRange(raw, line);
    const m = ENTRY.exec(trimmed);
    if (!m || !m[1] || !m[2]) {
      issues.push({ range, message: 'DOKKU_SCALE lines must look like `<process type>=<count>`, e.g. `web=1`.' });
      continue;
    }
    const process = m[1];
    const processRange: Range = { start: range.start, end: { line, character: range.start.character + process.length } };
    if (seen.has(process)) {
      issues.push({ range: processRange, message: `Process type \`${process}\` is scaled twice; only one count is used.` });
    }
    seen.add(process);
    entries.push({ process, count: Number.parseInt(m[2], 10), line, range, processRange });
  }
  return parsed({ entries }, issues);
}
