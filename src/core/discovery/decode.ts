import type { SourceFile } from '../model/types';

/**
 * Config files larger than this are not read: the rules take about 5 s per MB of requirements, and the
 * editor waits for them. Real ones are a few KB (the largest of the shared corpus is under 3 KB).
 */
export const MAX_TEXT_BYTES = 1024 * 1024;

/** Python sources (and .git/config, the DE4 metadata) may be larger: their rules take about 1.5 s per MB at worst. */
export const MAX_PYTHON_BYTES = 2 * 1024 * 1024;

/**
 * Decodes a file for the rules: UTF-8 with the BOM removed (the editor hides it too), and UTF-16 when a
 * BOM says so (PowerShell's `pip freeze >` writes it; pip and VS Code both read it). Other binary files
 * (NUL bytes) and invalid UTF-8 are marked skipped rather than guessed at, and so is a file over `limit`.
 */
export function decodeSource(path: string, bytes: Uint8Array, limit = MAX_TEXT_BYTES): SourceFile {
  const size = bytes.byteLength;
  if (size > limit) {
    return { path, text: '', size, skipped: 'too-large' };
  }
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    try {
      return { path, text: new TextDecoder(utf16, { fatal: true, ignoreBOM: false }).decode(bytes), size };
    } catch {
      return { path, text: '', size, skipped: 'encoding' };
    }
  }
  const probe = bytes.subarray(0, Math.min(bytes.length, 8000));
  if (probe.includes(0)) {
    return { path, text: '', size, skipped: 'binary' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { path, text: '', size, skipped: 'encoding' };
  }
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
  }
  return { path, text, size };
}
