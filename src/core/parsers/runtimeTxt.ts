import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { trimmedRange } from './lineTokens';

export interface PythonRuntime {
  /** The version as written, e.g. `3.9.0` (or `3.9` when the patch is missing). */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  /** Undefined when the line has no patch (DE4 requires one). */
  readonly patch?: number;
  /** `3.9`: what DE5 needs, since DE5 picks the patch itself. */
  readonly minorVersion: string;
  readonly line: number;
  /** Range of the whole `python-X.Y.Z` text. */
  readonly range: Range;
  /** Range of `X.Y.Z` only. */
  readonly versionRange: Range;
}

export interface RuntimeTxt {
  /** The declared Python, when the file names one (even in a form DE4 rejects, which is an issue). */
  readonly python?: PythonRuntime;
}

const PYTHON = /^(python)-(\d+)\.(\d+)(?:\.(\d+))?$/i;

/**
 * runtime.txt holds one `python-X.Y.Z` line (lowercase, patch required on DE4). Whitespace around it
 * and blank lines are tolerated because real files have them and the buildpack strips them.
 */
export function parseRuntimeTxt(text: string): ParseResult<RuntimeTxt> {
  const index = new LineIndex(text);
  const issues: ParseIssue[] = [];
  let python: PythonRuntime | undefined;
  let seenEntry = false;
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    const value = raw.trim();
    if (value === '') {
      continue;
    }
    const range = trimmedRange(raw, line);
    if (seenEntry) {
      issues.push({ range, message: 'runtime.txt must hold a single `python-X.Y.Z` line; this extra line breaks the DE4 build.' });
      continue;
    }
    seenEntry = true;
    const m = PYTHON.exec(value);
    if (!m) {
      issues.push({ range, message: `\`${value}\` is not a Python runtime; runtime.txt must look like \`python-3.9.0\`.` });
      continue;
    }
    const [, prefix, major = '0', minor = '0', patch] = m;
    const versionStart = range.start.character + 'python-'.length;
    python = {
      version: `${major}.${minor}${patch === undefined ? '' : `.${patch}`}`,
      major: Number.parseInt(major, 10),
      minor: Number.parseInt(minor, 10),
      ...(patch === undefined ? {} : { patch: Number.parseInt(patch, 10) }),
      minorVersion: `${major}.${minor}`,
      line,
      range,
      versionRange: { start: { line, character: versionStart }, end: range.end },
    };
    if (prefix !== 'python') {
      issues.push({ range, message: `runtime.txt is case-sensitive: write \`python-${python.version}\`.` });
    }
    if (patch === undefined) {
      issues.push({ range, message: `runtime.txt needs a patch version on DE4, e.g. \`python-${major}.${minor}.0\`.` });
    }
  }
  return parsed(python ? { python } : {}, issues);
}
