import { trailingCommentStart } from '../parsers/lineTokens';
/**
 * `.env` text for an app's environment variables (e.g. to fill in before recreating them on DE5).
 *
 * Format: one `NAME=value` per line. A value holding whitespace, `#`, a quote, `$`, a backslash or
 * a line break is written in double quotes with the escapes `\\`, `\"`, `\n`, `\r` and `\$`
 * (`\$` keeps readers that expand `$VAR`/`${VAR}` from expanding it). python-dotenv reads all of
 * these the same way except `\$`, which it keeps as two characters; it also expands `${NAME}`, which
 * is why a `$` is escaped rather than left bare.
 */

export interface DotenvVariable {
  readonly name: string;
  /** `undefined` when the value is not known (DE4 lists it but this tool did not read it). */
  readonly value: string | undefined;
}

const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NEEDS_QUOTES = /[\s#"'$\\]/;

export function isValidEnvName(name: string): boolean {
  return VALID_NAME.test(name);
}

/** The value as it goes after `=`: bare when that is unambiguous, else double-quoted and escaped. */
export function dotenvValue(value: string): string {
  if (!NEEDS_QUOTES.test(value)) {
    return value;
  }
  const escaped = value.replace(/[\\"$\n\r]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      default:
        return `\\${c}`;
    }
  });
  return `"${escaped}"`;
}

/** A name for a comment line: as is when printable, else JSON-quoted so it stays on one line. */
function commentSafe(text: string): string {
  const isPrintable = [...text].every((c) => c >= ' ' && c !== '\u007f');
  return isPrintable ? text : JSON.stringify(text);
}

export function formatDotenv(vars: readonly DotenvVariable[], opts: { header?: string } = {}): string {
  const lines: string[] = [];
  if (opts.header !== undefined) {
    lines.push(...opts.header.split(/\r\n|\r|\n/).map((l) => (l === '' ? '#' : `# ${l}`)));
  }
  for (const v of vars) {
    if (!isValidEnvName(v.name)) {
      // Kept visible, never dropped: the user decides what the variable should be called.
      const value = v.value === undefined ? '(no value)' : dotenvValue(v.value);
      lines.push(`# Not a valid variable name, so not set: ${commentSafe(v.name)}=${value}`);
      continue;
    }
    if (v.value === undefined) {
      lines.push(`# ${v.name}: value not known; fill it in.`, `${v.name}=`);
      continue;
    }
    lines.push(`${v.name}=${dotenvValue(v.value)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * Reads `.env` text (what formatDotenv writes, and the common hand-written forms): `NAME=value`,
 * optional `export `, single quotes taken literally, double quotes with the escapes above, `#`
 * comments. Lines that are not assignments are ignored; the last assignment of a name wins.
 */
export function parseDotenv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(raw);
    if (!m?.[1]) {
      continue;
    }
    const rest = m[2] ?? '';
    let value: string;
    if (rest.startsWith('"')) {
      const end = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
      value = (end?.[1] ?? rest.slice(1)).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
    } else if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      value = end === -1 ? rest.slice(1) : rest.slice(1, end);
    } else {
      value = rest.slice(0, trailingCommentStart(rest)).trim();
    }
    out.set(m[1], value);
  }
  return out;
}
