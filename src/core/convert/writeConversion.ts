import * as path from 'node:path';
import { throwIfAborted } from '../errors';
import type { FileSystem, FileWriter } from '../ports';
import { encodeLike } from './encodeLike';
import type { ConversionPlan } from './planConversion';

export interface WrittenFile {
  readonly file: string;
  readonly action: 'created' | 'updated' | 'deleted';
}

/**
 * Writes a planned conversion to disk: each new or changed file atomically in its final form (the
 * original's BOM or UTF-16 kept), then the deletions, so an interrupted run never loses a file the
 * conversion had not yet rewritten elsewhere.
 */
export async function writeConversion(
  plan: ConversionPlan,
  ports: { readonly fs: FileSystem; readonly writer: FileWriter; readonly signal?: AbortSignal },
): Promise<WrittenFile[]> {
  const root = plan.original.root;
  const abs = (f: string): string => path.join(root, ...f.split('/'));
  const changed = [...new Set(plan.edits.filter((e) => e.kind !== 'delete').map((e) => e.file))].sort();
  const deleted = [...new Set(plan.edits.filter((e) => e.kind === 'delete').map((e) => e.file))].sort();
  const done: WrittenFile[] = [];
  for (const file of changed) {
    throwIfAborted(ports.signal);
    const text = plan.converted.files.get(file)?.text;
    if (text === undefined) {
      continue;
    }
    const existed = plan.original.files.has(file) || plan.original.sizes.has(file);
    const original = existed ? await ports.fs.readFile(abs(file)) : undefined;
    await ports.writer.mkdir(path.dirname(abs(file)));
    await ports.writer.writeFileAtomic(abs(file), encodeLike(text, original));
    done.push({ file, action: existed ? 'updated' : 'created' });
  }
  for (const file of deleted) {
    throwIfAborted(ports.signal);
    await ports.writer.deleteFile(abs(file));
    done.push({ file, action: 'deleted' });
  }
  return done;
}
