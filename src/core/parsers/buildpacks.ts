import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { contentLines, trimmedRange } from './lineTokens';

export interface BuildpackEntry {
  /** Git URL without the `#ref` part. */
  readonly url: string;
  /** Tag or branch after `#`, e.g. `v1.2.3` or `heroku-18`. */
  readonly ref?: string;
  readonly line: number;
  readonly range: Range;
}

export interface Buildpacks {
  readonly entries: readonly BuildpackEntry[];
}

const URL_LINE = /^((?:https?|git|ssh|file):\/\/[^\s#]+|git@[^\s#]+)(?:#(\S+))?$/;

/** `.buildpacks` (heroku-buildpack-multi style): one buildpack git URL per line, optional `#ref`. */
export function parseBuildpacks(text: string): ParseResult<Buildpacks> {
  const index = new LineIndex(text);
  const entries: BuildpackEntry[] = [];
  const issues: ParseIssue[] = [];
  for (const { line, raw, trimmed } of contentLines(index)) {
    const range = trimmedRange(raw, line);
    const m = URL_LINE.exec(trimmed);
    if (!m || !m[1]) {
      issues.push({ range, message: '.buildpacks lines must be a buildpack git URL, optionally with `#<tag>`.' });
      continue;
    }
    entries.push({ url: m[1], ...(m[2] ? { ref: m[2] } : {}), line, range });
  }
  return parsed({ entries }, issues);
}
