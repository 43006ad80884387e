import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { trimmedRange } from './lineTokens';

export type ChecksSettingName = 'WAIT' | 'TIMEOUT' | 'ATTEMPTS';

export interface ChecksSetting {
  readonly name: ChecksSettingName;
  /** Seconds for WAIT and TIMEOUT, a count for ATTEMPTS. */
  readonly value: number;
  readonly line: number;
  readonly range: Range;
}

export interface ChecksLine {
  /** Relative URL (`/app/_dash-layout`) or absolute URL the check requests. */
  readonly path: string;
  /** Text the response must contain, when given. */
  readonly expected?: string;
  readonly line: number;
  readonly range: Range;
  readonly pathRange: Range;
}

export interface ChecksComment {
  /** Text after the `#`, trimmed. */
  readonly text: string;
  readonly line: number;
  readonly range: Range;
}

export interface ChecksFile {
  readonly settings: readonly ChecksSetting[];
  readonly checks: readonly ChecksLine[];
  readonly comments: readonly ChecksComment[];
}

const SETTING = /^([A-Z_]+)=(.*)$/;
const SETTING_NAMES: readonly string[] = ['WAIT', 'TIMEOUT', 'ATTEMPTS'];

/**
 * Dokku CHECKS: `WAIT=`, `TIMEOUT=`, `ATTEMPTS=` settings and check lines `<path> [expected text]`;
 * blank and `#` lines are ignored, as Dokku does.
 */
export function parseChecksFile(text: string): ParseResult<ChecksFile> {
  const index = new LineIndex(text);
  const settings: ChecksSetting[] = [];
  const checks: ChecksLine[] = [];
  const comments: ChecksComment[] = [];
  const issues: ParseIssue[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    const trimmed = raw.trim();
    if (trimmed === '') {
      continue;
    }
    const range = trimmedRange(raw, line);
    if (trimmed.startsWith('#')) {
      comments.push({ text: trimmed.slice(1).trim(), line, range });
      continue;
    }
    const s = SETTING.exec(trimmed);
    if (s && s[1] !== undefined && s[2] !== undefined) {
      const name = s[1];
      const value = s[2].trim();
      if (!SETTING_NAMES.includes(name)) {
        issues.push({ range, message: `\`${name}\` is not a CHECKS setting; use WAIT, TIMEOUT or ATTEMPTS.` });
      } else if (!/^\d+$/.test(value)) {
        issues.push({ range, message: `\`${name}\` needs a whole number, e.g. \`${name}=5\`.` });
      } else {
        settings.push({ name: name as ChecksSettingName, value: Number.parseInt(value, 10), line, range });
      }
      continue;
    }
    const m = /^(\S+)(?:\s+(.*))?$/.exec(trimmed);
    const path = m?.[1] ?? trimmed;
    if (!path.startsWith('/') && !/^https?:\/\//.test(path)) {
      issues.push({
        range,
        message: 'CHECKS lines must be a setting (`WAIT=5`) or `<relative URL> [expected text]`, e.g. `/app/_dash-layout My App`.',
      });
      continue;
    }
    const expected = m?.[2]?.trim();
    const pathRange: Range = { start: range.start, end: { line, character: range.start.character + path.length } };
    checks.push({ path, ...(expected ? { expected } : {}), line, range, pathRange });
  }
  return parsed({ settings, checks, comments }, issues);
}
