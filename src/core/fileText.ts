import type { FileSystem } from './ports';

/** A file's text through the FileSystem port, or '' when it does not exist or cannot be read. */
export async function readTextOrEmpty(fs: FileSystem, file: string): Promise<string> {
  try {
    return new TextDecoder().decode(await fs.readFile(file));
  } catch {
    return '';
  }
}
