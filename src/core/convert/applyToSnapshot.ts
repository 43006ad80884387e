import { applyTextEdits } from '../model/text';
import type { FileEdit, ProjectSnapshot, SourceFile } from '../model/types';

/** UTF-8 size of a text, which is how the converted file is written. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/**
 * Applies file edits to an in-memory copy of a snapshot, the way a WorkspaceEdit applies them: replace
 * edits of a file together, `create` without `overwrite` leaves an existing file alone, `delete` of a
 * missing file is a no-op. `sizes` follows the files. Throws when an edit cannot apply (it replaces
 * text of a file that is missing or was not read, or its edits overlap): that is a bug in a rule's fix.
 */
export function applyToSnapshot(snapshot: ProjectSnapshot, edits: readonly FileEdit[]): ProjectSnapshot {
  const files = new Map(snapshot.files);
  const sizes = new Map(snapshot.sizes);
  const exists = (file: string): boolean => files.has(file) || sizes.has(file);
  const setText = (file: string, text: string): void => {
    const f: SourceFile = { path: file, text, size: byteLength(text) };
    files.set(file, f);
    sizes.set(file, f.size);
  };
  // Consecutive replace edits of one file apply together, so their ranges all refer to the same text.
  let i = 0;
  while (i < edits.length) {
    const e = edits[i];
    i++;
    if (!e) {
      continue;
    }
    switch (e.kind) {
      case 'replace': {
        const group = [e];
        while (i < edits.length) {
          const next = edits[i];
          if (next?.kind !== 'replace' || next.file !== e.file) {
            break;
          }
          group.push(next);
          i++;
        }
        const current = files.get(e.file);
        if (!current || current.skipped) {
          throw new Error(`A fix edits ${e.file}, which ${current ? 'was not read' : 'does not exist'}.`);
        }
        setText(e.file, applyTextEdits(current.text, group));
        break;
      }
      case 'create':
        if (!exists(e.file) || e.overwrite) {
          setText(e.file, e.content);
        }
        break;
      case 'delete':
        files.delete(e.file);
        sizes.delete(e.file);
        break;
    }
  }
  return { root: snapshot.root, files: sorted(files), sizes: sorted(sizes) };
}

function sorted<V>(m: Map<string, V>): Map<string, V> {
  return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
