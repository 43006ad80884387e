import { diffLines, splitLineUnits, type DiffRun } from './lineDiff';

const NO_NEWLINE = '\\ No newline at end of file';

/** A line unit as printed: its `\n` (or lone `\r`) dropped, a `\r` before `\n` kept as git shows it. */
function shown(unit: string): string {
  return unit.endsWith('\n') ? unit.slice(0, -1) : unit.endsWith('\r') ? unit.slice(0, -1) : unit;
}

function endsLine(unit: string): boolean {
  return unit.endsWith('\n') || unit.endsWith('\r');
}

/** `start,count` of a hunk side; an empty side names the line before it, as diff and git do. */
function hunkRange(start: number, count: number): string {
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/**
 * A unified diff of one file (`diff -u` / `git diff` format) with `context` lines around each change.
 * `undefined` text means the file does not exist on that side (shown as /dev/null). Empty when equal.
 */
export function unifiedDiff(file: string, oldText: string | undefined, newText: string | undefined, context = 3): string {
  if (oldText === newText) {
    return '';
  }
  const a = splitLineUnits(oldText ?? '');
  const b = splitLineUnits(newText ?? '');
  const runs = diffLines(a, b);
  const out: string[] = [
    oldText === undefined ? '--- /dev/null' : `--- a/${file}`,
    newText === undefined ? '+++ /dev/null' : `+++ b/${file}`,
  ];
  const changes = runs.filter((r) => r.kind === 'change');
  // Group changes whose context would touch or overlap into one hunk.
  const groups: DiffRun[][] = [];
  for (const c of changes) {
    const group = groups[groups.length - 1];
    const prev = group?.[group.length - 1];
    if (group && prev && c.oldStart - (prev.oldStart + prev.oldCount) <= 2 * context) {
      group.push(c);
    } else {
      groups.push([c]);
    }
  }
  for (const group of groups) {
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) {
      continue;
    }
    const lead = Math.min(context, first.oldStart);
    const trail = Math.min(context, a.length - (last.oldStart + last.oldCount));
    const oldStart = first.oldStart - lead;
    const newStart = first.newStart - lead;
    const oldEnd = last.oldStart + last.oldCount + trail;
    const newEnd = last.newStart + last.newCount + trail;
    const body: string[] = [];
    const line = (prefix: string, unit: string): void => {
      body.push(prefix + shown(unit));
      if (!endsLine(unit)) {
        body.push(NO_NEWLINE);
      }
    };
    let i = oldStart;
    for (const c of group) {
      for (; i < c.oldStart; i++) {
        line(' ', a[i] ?? '');
      }
      for (let k = 0; k < c.oldCount; k++) {
        line('-', a[c.oldStart + k] ?? '');
      }
      for (let k = 0; k < c.newCount; k++) {
        line('+', b[c.newStart + k] ?? '');
      }
      i = c.oldStart + c.oldCount;
    }
    for (; i < oldEnd; i++) {
      line(' ', a[i] ?? '');
    }
    out.push(`@@ -${hunkRange(oldStart, oldEnd - oldStart)} +${hunkRange(newStart, newEnd - newStart)} @@`, ...body);
  }
  return out.join('\n') + '\n';
}
