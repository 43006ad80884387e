import { comparePositions } from '../model/text';
import type { FileEdit, Finding, Fix, Range } from '../model/types';

export interface CombinedFixes {
  readonly edits: readonly FileEdit[];
  /** Fixes left out because they touch what an earlier fix already changes; a second run picks them up. */
  readonly skipped: readonly Fix[];
}

function overlaps(a: Range, b: Range): boolean {
  // Touching ranges are fine unless both are insertions at the same point (order would be ambiguous).
  const aEmpty = comparePositions(a.start, a.end) === 0;
  const bEmpty = comparePositions(b.start, b.end) === 0;
  if (aEmpty && bEmpty) {
    return comparePositions(a.start, b.start) === 0;
  }
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}

/**
 * Merges several fixes into one edit list for a single WorkspaceEdit (one undo). A fix is taken whole
 * or not at all: if any of its edits collides with an edit already taken, it is skipped.
 */
export function combineFixes(fixes: readonly Fix[]): CombinedFixes {
  const taken: FileEdit[] = [];
  const skipped: Fix[] = [];
  const seenFixes = new Set<string>();
  for (const fix of fixes) {
    const key = JSON.stringify(fix.edits);
    if (seenFixes.has(key)) {
      continue; // the same fix offered by two findings (e.g. one fix for several legacy lines)
    }
    const collides = fix.edits.some((e) =>
      taken.some((t) => {
        if (t.file !== e.file) {
          return false;
        }
        if (t.kind !== 'replace' || e.kind !== 'replace') {
          return true;
        }
        return overlaps(t.range, e.range);
      }),
    );
    if (collides) {
      skipped.push(fix);
      continue;
    }
    seenFixes.add(key);
    taken.push(...fix.edits);
  }
  return { edits: taken, skipped };
}

/** What fix-all applies: every safe fix of these findings, combined; `offered` counts them before combining. */
export function combineSafeFixes(findings: readonly Finding[]): CombinedFixes & { readonly offered: number } {
  const safe = findings.flatMap((f) => f.fixes.filter((x) => x.safety === 'safe'));
  return { ...combineFixes(safe), offered: safe.length };
}
