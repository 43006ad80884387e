import type { Range } from './types';

/** A problem a parser found in a file: reported as a `parse-error` finding, never thrown. */
export interface ParseIssue {
  readonly range: Range;
  readonly message: string;
}

export interface ParseResult<T> {
  readonly value: T;
  readonly issues: readonly ParseIssue[];
}

export function parsed<T>(value: T, issues: readonly ParseIssue[] = []): ParseResult<T> {
  return { value, issues };
}
