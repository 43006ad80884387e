import * as path from 'node:path';
import { CoreError, errorMessage, throwIfAborted } from '../errors';
import type { FileSystem, FileWriter } from '../ports';
import { encodeLike } from './encodeLike';
import type { ConversionPlan } from './planConversion';

export interface WrittenFile {
  readonly file: string;
  readonly action: 'created' | 'updated' | 'deleted';
}

type Ports = { readonly fs: FileSystem; readonly writer: FileWriter; readonly signal?: AbortSignal };

/**
 * Writes a planned conversion to disk: each new or changed file atomically in its final form (the
 * original's BOM or UTF-16 kept), then the deletions, so an interrupted run never loses a file the
 * conversion had not yet rewritten elsewhere. When a write fails (or the signal stops it) the files
 * already written are put back as they were, so a retry plans from the original and not from a half
 * conversion; the error says when even that failed (the backup then has the original).
 */
export async function writeConversion(plan: ConversionPlan, ports: Ports): Promise<WrittenFile[]> {
  const root = plan.original.root;
  const abs = (f: string): string => path.join(root, ...f.split('/'));
  const changed = [...new Set(plan.edits.filter((e) => e.kind !== 'delete').map((e) => e.file))].sort();
  const deleted = [...new Set(plan.edits.filter((e) => e.kind === 'delete').map((e) => e.file))].sort();
  const done: WrittenFile[] = [];
  // The bytes each updated or deleted file had, for putting it back.
  const before = new Map<string, Uint8Array>();
  try {
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
      if (original) {
        before.set(file, original);
      }
      done.push({ file, action: existed ? 'updated' : 'created' });
    }
    for (const file of deleted) {
      throwIfAborted(ports.signal);
      const original = (await ports.fs.stat(abs(file))) ? await ports.fs.readFile(abs(file)) : undefined;
      await ports.writer.deleteFile(abs(file));
      if (original) {
        before.set(file, original);
      }
      done.push({ file, action: 'deleted' });
    }
  } catch (err) {
    const failed = await putBack(done, before, abs, ports.writer);
    if (failed.length === 0) {
      throw err;
    }
    throw new CoreError(
      'io-failed',
      `${errorMessage(err)}; putting back the files already written failed too (${failed.join('; ')}), so the app is half converted.`,
      { hint: 'Restore the backup before converting again.', cause: err },
    );
  }
  return done;
}

/**
 * Undoes `done`: created files are deleted first (which frees space), then the others, newest first,
 * get their old bytes back. Never throws; returns what could not be put back.
 */
async function putBack(
  done: readonly WrittenFile[],
  before: ReadonlyMap<string, Uint8Array>,
  abs: (file: string) => string,
  writer: FileWriter,
): Promise<string[]> {
  const failed: string[] = [];
  const ordered = [...done].reverse().sort((a, b) => Number(b.action === 'created') - Number(a.action === 'created'));
  for (const w of ordered) {
    const bytes = before.get(w.file);
    try {
      if (w.action === 'created') {
        await writer.deleteFile(abs(w.file));
      } else if (bytes) {
        await writer.writeFileAtomic(abs(w.file), bytes);
      }
    } catch (err) {
      failed.push(`${w.file}: ${errorMessage(err)}`);
    }
  }
  return failed;
}
