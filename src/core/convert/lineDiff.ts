/** A run of whole lines: `equal` in both texts, or `change` (old lines replaced by new lines). */
export interface DiffRun {
  readonly kind: 'equal' | 'change';
  /** Index of the first line unit in the old and the new text. */
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
}

/**
 * Splits a text into line units that keep their line break (`\r\n`, `\n` or `\r`, as LineIndex does),
 * so joining the units gives the text back exactly and a change of line ending is a change of the line.
 */
export function splitLineUnits(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) {
      i++;
    } else if (c !== 10 && c !== 13) {
      continue;
    }
    out.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) {
    out.push(text.slice(start));
  }
  return out;
}

/**
 * Above this many differences in the middle part, the middle is reported as one change: Myers' trace
 * needs memory proportional to differences × length, and a preview of such a rewrite gains nothing.
 */
const MAX_DIFFERENCES = 1000;

/** Line diff (Myers' O(ND) algorithm after trimming the common head and tail); runs cover both texts in order. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffRun[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) {
    head++;
  }
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    tail++;
  }
  const ops = middleOps(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  // ops: per step, 'e' (equal), 'd' (delete from a) or 'i' (insert from b); fold them into runs.
  const runs: DiffRun[] = [];
  const push = (kind: DiffRun['kind'], oldStart: number, oldCount: number, newStart: number, newCount: number): void => {
    if (oldCount === 0 && newCount === 0) {
      return;
    }
    const last = runs[runs.length - 1];
    if (last && last.kind === kind) {
      runs[runs.length - 1] = { ...last, oldCount: last.oldCount + oldCount, newCount: last.newCount + newCount };
    } else {
      runs.push({ kind, oldStart, oldCount, newStart, newCount });
    }
  };
  push('equal', 0, head, 0, head);
  let i = head;
  let j = head;
  for (const op of ops) {
    if (op === 'e') {
      push('equal', i++, 1, j++, 1);
    } else if (op === 'd') {
      push('change', i++, 1, j, 0);
    } else {
      push('change', i, 0, j++, 1);
    }
  }
  push('equal', i, tail, j, tail);
  return runs;
}

function middleOps(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) {
    return [...(Array(n).fill('d') as string[]), ...(Array(m).fill('i') as string[])];
  }
  const max = Math.min(n + m, MAX_DIFFERENCES);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))) {
        x = v[offset + k + 1] ?? 0;
      } else {
        x = (v[offset + k - 1] ?? 0) + 1;
      }
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        return backtrack(trace, offset, n, m);
      }
    }
  }
  // Too different: replace the whole middle.
  return [...(Array(n).fill('d') as string[]), ...(Array(m).fill('i') as string[])];
}

function backtrack(trace: readonly Int32Array[], offset: number, n: number, m: number): string[] {
  const ops: string[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d] ?? new Int32Array(0);
    const k = x - y;
    const prevK = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : (v[offset + prevK] ?? 0);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('e');
      x--;
      y--;
    }
    if (d > 0) {
      ops.push(x === prevX ? 'i' : 'd');
      x = prevX;
      y = prevY;
    }
  }
  return ops.reverse();
}
