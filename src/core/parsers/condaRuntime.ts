import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { trimmedRange } from './lineTokens';

export interface CondaRuntime {
  /** `Miniconda3-4.5.12` as written. */
  readonly runtime?: {
    readonly text: string;
    /** 2 or 3: the Python major of the installer. */
    readonly pythonMajor: 2 | 3;
    readonly version: string;
    readonly line: number;
    readonly range: Range;
  };
}

/** conda-runtime.txt: one `Miniconda<2|3>-<version>` line, e.g. `Miniconda3-4.5.12`. */
export function parseCondaRuntime(text: string): ParseResult<CondaRuntime> {
  const index = new LineIndex(text);
  const issues: ParseIssue[] = [];
  let runtime: CondaRuntime['runtime'];
  let seenEntry = false;
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    const trimmed = raw.trim();
    if (trimmed === '') {
      continue;
    }
    const range = trimmedRange(raw, line);
    if (seenEntry) {
      issues.push({ range, message: 'conda-runtime.txt must hold a single `Miniconda3-<version>` line.' });
      continue;
    }
    seenEntry = true;
    const m = /^Miniconda([23])-(\d+(?:\.\d+)*)$/.exec(trimmed);
    if (!m || !m[2]) {
      issues.push({ range, message: `\`${trimmed}\` is not a conda runtime; write e.g. \`Miniconda3-4.5.12\`.` });
      continue;
    }
    runtime = { text: trimmed, pythonMajor: m[1] === '2' ? 2 : 3, version: m[2], line, range };
  }
  return parsed(runtime ? { runtime } : {}, issues);
}
