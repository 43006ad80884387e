import type { Finding, SourceFile } from '../model/types';

const IGNORE = /#\s*de-migrate:\s*ignore\[([^\]]*)\]/;

/** Text every suppression comment contains: a file without it suppresses nothing. */
export const SUPPRESSION_MARK = 'de-migrate:';

/** Rule ids suppressed on a line by `# de-migrate: ignore[rule-a, rule-b]` (`*` means every rule). */
export function suppressedOn(lineText: string | undefined): ReadonlySet<string> {
  if (!lineText) {
    return new Set();
  }
  const m = IGNORE.exec(lineText);
  if (!m || m[1] === undefined) {
    return new Set();
  }
  return new Set(
    m[1]
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
}

/** A finding is suppressed by a comment on its own first line or on the line above it. */
export function isSuppressed(finding: Finding, file: SourceFile | undefined, lines: (f: SourceFile) => readonly string[]): boolean {
  if (!file || file.skipped) {
    return false;
  }
  const all = lines(file);
  const line = finding.range.start.line;
  for (const l of [line, line - 1]) {
    const ids = suppressedOn(all[l]);
    if (ids.has(finding.rule) || ids.has('*')) {
      return true;
    }
  }
  return false;
}
