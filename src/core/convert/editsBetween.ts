import { LineIndex } from '../model/text';
import type { FileEdit, ProjectSnapshot } from '../model/types';
import { diffLines, splitLineUnits } from './lineDiff';

/**
 * Replace edits that turn `oldText` into `newText`, one per changed run of lines, so a preview shows the
 * real change rather than a rewritten file. Applying them with applyTextEdits gives `newText` exactly.
 */
export function replaceEditsBetween(file: string, oldText: string, newText: string): FileEdit[] {
  if (oldText === newText) {
    return [];
  }
  const a = splitLineUnits(oldText);
  const b = splitLineUnits(newText);
  const index = new LineIndex(oldText);
  const offsets = [0];
  for (const unit of a) {
    offsets.push((offsets[offsets.length - 1] ?? 0) + unit.length);
  }
  const edits: FileEdit[] = [];
  for (const run of diffLines(a, b)) {
    if (run.kind !== 'change') {
      continue;
    }
    const start = offsets[run.oldStart] ?? oldText.length;
    const end = offsets[run.oldStart + run.oldCount] ?? oldText.length;
    edits.push({
      kind: 'replace',
      file,
      range: index.rangeOf(start, end),
      newText: b.slice(run.newStart, run.newStart + run.newCount).join(''),
    });
  }
  return edits;
}

/**
 * The edits that turn the `before` snapshot into `after`, in file order: `delete` for removed files,
 * `create` for new ones, and minimal `replace` edits for changed text. A changed file whose text was
 * not read (binary, too large) cannot be expressed and is left out; rules never edit such files.
 */
export function editsBetween(before: ProjectSnapshot, after: ProjectSnapshot): FileEdit[] {
  const paths = new Set<string>([...before.files.keys(), ...before.sizes.keys(), ...after.files.keys(), ...after.sizes.keys()]);
  const edits: FileEdit[] = [];
  for (const file of [...paths].sort()) {
    const existed = before.files.has(file) || before.sizes.has(file);
    const exists = after.files.has(file) || after.sizes.has(file);
    const old = before.files.get(file);
    const now = after.files.get(file);
    if (existed && !exists) {
      edits.push({ kind: 'delete', file });
    } else if (!existed && exists) {
      edits.push({ kind: 'create', file, content: now?.text ?? '' });
    } else if (old && now && !old.skipped && !now.skipped && old.text !== now.text) {
      edits.push(...replaceEditsBetween(file, old.text, now.text));
    } else if (!old && now && !now.skipped) {
      // Listed by size only (never read), now written whole.
      edits.push({ kind: 'create', file, content: now.text, overwrite: true });
    }
  }
  return edits;
}
