import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';

export interface GitConfigEntry {
  /** Section name, lower-cased (`remote`). */
  readonly section: string;
  /** Subsection as written (`origin`), case-sensitive; the old `[remote.origin]` form is lower-cased. */
  readonly subsection?: string;
  /** Key, lower-cased (`url`). */
  readonly key: string;
  /** Value with quotes and escapes resolved; `true` for a bare key, as git reads it. */
  readonly value: string;
  /** The value exactly as written (quotes, escapes, continuations), without comment or outer blanks. */
  readonly rawValue: string;
  readonly keyRange: Range;
  /** Range of `rawValue`; empty at the key's end for a bare key. */
  readonly valueRange: Range;
}

export interface GitConfig {
  readonly entries: readonly GitConfigEntry[];
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', n: '\n', t: '\t', b: '\b' };
const KEY = /^[A-Za-z][A-Za-z0-9-]*/;

interface Section {
  readonly name: string;
  readonly subsection?: string;
}

/**
 * Reads a git config file (`.git/config`) the way git does: `[section "sub"]` headers, `key = value`
 * lines, `;`/`#` comments, quoted values, escapes and backslash continuations. Lines git would reject
 * become issues on that line; the rest of the file is still read.
 */
export function parseGitConfig(text: string): ParseResult<GitConfig> {
  const index = new LineIndex(text);
  const entries: GitConfigEntry[] = [];
  const issues: ParseIssue[] = [];
  // `null` after a header git would reject: its keys are skipped without more issues.
  let section: Section | null | undefined;
  let line = 0;
  while (line < index.lineCount) {
    const raw = index.lineText(line);
    let col = raw.length - raw.trimStart().length;
    const bad = (message: string): void => {
      issues.push({ range: index.lineRange(line), message });
    };
    if (raw[col] === '[') {
      const header = readHeader(raw, col);
      if (!header) {
        bad('Invalid section header in git config; it should look like `[section "name"]`.');
        section = null;
        line++;
        continue;
      }
      section = header.section;
      col = header.end;
      while (raw[col] === ' ' || raw[col] === '\t') {
        col++;
      }
    }
    if (col >= raw.length || raw[col] === '#' || raw[col] === ';') {
      line++;
      continue;
    }
    const key = KEY.exec(raw.slice(col))?.[0];
    if (!key) {
      bad('Invalid line in git config: expected `key = value`.');
      line++;
      continue;
    }
    if (!section) {
      if (section === undefined) {
        bad(`Key \`${key}\` in git config comes before any \`[section]\` header.`);
      }
      line++;
      continue;
    }
    const keyRange: Range = { start: { line, character: col }, end: { line, character: col + key.length } };
    col += key.length;
    while (raw[col] === ' ' || raw[col] === '\t') {
      col++;
    }
    const base = { section: section.name, key: key.toLowerCase(), keyRange };
    const sub = section.subsection !== undefined ? { subsection: section.subsection } : {};
    if (col >= raw.length || raw[col] === '#' || raw[col] === ';') {
      entries.push({ ...base, ...sub, value: 'true', rawValue: '', valueRange: { start: keyRange.end, end: keyRange.end } });
      line++;
      continue;
    }
    if (raw[col] !== '=') {
      bad(`Invalid line in git config: expected \`=\` after \`${key}\`.`);
      line++;
      continue;
    }
    const v = readValue(index, line, col + 1);
    if (v.error) {
      issues.push({ range: index.lineRange(v.endLine), message: v.error });
    } else {
      entries.push({ ...base, ...sub, value: v.value, rawValue: text.slice(v.start, v.end), valueRange: index.rangeOf(v.start, v.end) });
    }
    line = v.endLine + 1;
  }
  return parsed({ entries }, issues);
}

function readHeader(raw: string, open: number): { section: Section; end: number } | undefined {
  const close = raw.indexOf(']', open);
  const m = /^\[([A-Za-z0-9.-]+)(?:[ \t]+"((?:[^"\\]|\\.)*)")?\]/.exec(raw.slice(open));
  if (!m || !m[1] || close < 0) {
    return undefined;
  }
  const name = m[1];
  if (m[2] !== undefined) {
    if (name.includes('.')) {
      return undefined;
    }
    return { section: { name: name.toLowerCase(), subsection: m[2].replace(/\\(.)/g, '$1') }, end: open + m[0].length };
  }
  const dot = name.indexOf('.');
  const section: Section =
    dot < 0 ? { name: name.toLowerCase() } : { name: name.slice(0, dot).toLowerCase(), subsection: name.slice(dot + 1).toLowerCase() };
  return { section, end: open + m[0].length };
}

interface ValueRead {
  readonly value: string;
  /** Offsets of the raw value in the whole text. */
  readonly start: number;
  readonly end: number;
  readonly endLine: number;
  readonly error?: string;
}

/** Reads a value from just after `=`, following backslash continuations onto later lines. */
function readValue(index: LineIndex, startLine: number, startCol: number): ValueRead {
  let line = startLine;
  let raw = index.lineText(line);
  let lineStart = index.offsetAt({ line, character: 0 });
  let i = startCol;
  while (raw[i] === ' ' || raw[i] === '\t') {
    i++;
  }
  const start = lineStart + i;
  let value = '';
  let inQuote = false;
  // Value length and raw end offset as of the last non-blank character outside quotes.
  let keptLength = 0;
  let end = start;
  for (;;) {
    if (i >= raw.length) {
      if (inQuote) {
        return { value, start, end, endLine: line, error: 'Unterminated quoted value in git config.' };
      }
      break;
    }
    const c = raw[i] ?? '';
    if (c === '\\') {
      if (i + 1 >= raw.length) {
        if (line + 1 >= index.lineCount) {
          break;
        }
        line++;
        raw = index.lineText(line);
        lineStart = index.offsetAt({ line, character: 0 });
        i = 0;
        continue;
      }
      const e = ESCAPES[raw[i + 1] ?? ''];
      if (e === undefined) {
        return { value, start, end, endLine: line, error: `Invalid escape \`\\${raw[i + 1] ?? ''}\` in git config value.` };
      }
      value += e;
      i += 2;
      keptLength = value.length;
      end = lineStart + i;
      continue;
    }
    if (c === '"') {
      inQuote = !inQuote;
      i++;
      keptLength = value.length;
      end = lineStart + i;
      continue;
    }
    if (!inQuote && (c === '#' || c === ';')) {
      break;
    }
    value += c;
    i++;
    if (inQuote || (c !== ' ' && c !== '\t')) {
      keptLength = value.length;
      end = lineStart + i;
    }
  }
  return { value: value.slice(0, keptLength), start, end, endLine: line };
}

/** Each `url`/`pushurl` of each `[remote "name"]`, in file order. */
export function remoteUrls(config: GitConfig): { remote: string; entry: GitConfigEntry }[] {
  return config.entries
    .filter((e) => e.section === 'remote' && e.subsection !== undefined && (e.key === 'url' || e.key === 'pushurl'))
    .map((entry) => ({ remote: entry.subsection ?? '', entry }));
}
