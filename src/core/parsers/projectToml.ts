import { parse as parseToml } from '@iarna/toml';
import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';

/** A path into the TOML document: table and key names, with indices for arrays of tables. */
export type TomlPath = readonly (string | number)[];

/** Where a table header or a key is written. */
export interface TomlLocation {
  readonly path: TomlPath;
  readonly kind: 'table' | 'array-table' | 'key';
  /** The header line, or `key = value` (trimmed). */
  readonly range: Range;
}

/** The two spellings of build-time env vars; the second is deprecated but still read by pack. */
export type BuildEnvTable = 'io.buildpacks.build.env' | 'io.buildpacks.env.build';

export interface BuildEnvEntry {
  readonly table: BuildEnvTable;
  readonly index: number;
  /** As written; may be missing or not a string (the schema rule reports that). */
  readonly name?: unknown;
  readonly value?: unknown;
  readonly range: Range;
}

export interface ProjectToml {
  /** The parsed document, undefined when the TOML does not parse. */
  readonly data?: Readonly<Record<string, unknown>>;
  readonly locations: readonly TomlLocation[];
  /** `[_] schema-version` as written (any type), when present. */
  readonly schemaVersion?: unknown;
  readonly buildEnv: readonly BuildEnvEntry[];
}

/**
 * project.toml (Cloud Native Buildpacks project descriptor). @iarna/toml validates and loads it; a
 * light line scanner records where each table and key is written, since the loader gives no positions.
 * Schema checks live in the `project-toml-schema` rule, not here.
 */
export function parseProjectToml(text: string): ParseResult<ProjectToml> {
  const index = new LineIndex(text);
  const locations = scanLocations(index);
  let data: Record<string, unknown>;
  try {
    // @iarna/toml rejects the CR of a CRLF after a comment; TOML allows CRLF, and lines stay the same.
    data = parseToml(text.replace(/\r\n/g, '\n'));
  } catch (err) {
    return parsed({ locations, buildEnv: [] }, [tomlIssue(err, index)]);
  }
  const located = (path: TomlPath): Range => locateToml(locations, path) ?? index.lineRange(0);
  const buildEnv: BuildEnvEntry[] = [];
  for (const table of ['io.buildpacks.build.env', 'io.buildpacks.env.build'] as const) {
    const path = table.split('.');
    const entries = valueAt(data, path);
    if (!Array.isArray(entries)) {
      continue;
    }
    entries.forEach((e: unknown, i) => {
      const entry = typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : {};
      buildEnv.push({
        table,
        index: i,
        ...('name' in entry ? { name: entry['name'] } : {}),
        ...('value' in entry ? { value: entry['value'] } : {}),
        range: located([...path, i]),
      });
    });
  }
  const underscore = data['_'];
  const schemaVersion =
    typeof underscore === 'object' && underscore !== null && 'schema-version' in underscore
      ? (underscore as Record<string, unknown>)['schema-version']
      : undefined;
  return parsed({ data, locations, ...(schemaVersion === undefined ? {} : { schemaVersion }), buildEnv }, []);
}

/** Range of the deepest written table or key on `path` (e.g. a key inside an inline table → its key). */
export function locateToml(locations: readonly TomlLocation[], path: TomlPath): Range | undefined {
  let best: TomlLocation | undefined;
  for (const loc of locations) {
    if (loc.path.length <= path.length && loc.path.every((seg, i) => seg === path[i])) {
      if (!best || loc.path.length > best.path.length) {
        best = loc;
      }
    }
  }
  return best?.range;
}

/** The value at a path of plain keys, or undefined. */
export function valueAt(data: unknown, path: TomlPath): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null) {
      return undefined;
    }
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function tomlIssue(err: unknown, index: LineIndex): ParseIssue {
  const e = err as { line?: unknown; col?: unknown; message?: unknown };
  const line = typeof e.line === 'number' ? Math.min(Math.max(0, e.line), index.lineCount - 1) : 0;
  const col = typeof e.col === 'number' ? Math.min(Math.max(0, e.col), index.lineLength(line)) : 0;
  const first = typeof e.message === 'string' ? (e.message.split('\n')[0] ?? '') : '';
  const reason = first.replace(/\s+at row \d+, col \d+, pos \d+:?$/, '').replace(/\.$/, '') || 'syntax error';
  const end = index.lineLength(line);
  return {
    range: { start: { line, character: col }, end: { line, character: end > col ? end : col } },
    message: `project.toml is not valid TOML: ${reason}.`,
  };
}

const BARE = /^[A-Za-z0-9_-]+/;

/** Splits a dotted key (`a."b.c".d`) into its names; returns the names and the length consumed. */
function readKey(s: string): { names: string[]; length: number } | undefined {
  const names: string[] = [];
  let i = 0;
  for (;;) {
    while (s[i] === ' ' || s[i] === '\t') {
      i++;
    }
    const rest = s.slice(i);
    const q = /^"((?:[^"\\]|\\.)*)"|^'([^']*)'/.exec(rest);
    const b = BARE.exec(rest);
    if (q) {
      names.push(q[1] !== undefined ? q[1].replace(/\\(.)/g, '$1') : (q[2] ?? ''));
      i += q[0].length;
    } else if (b) {
      names.push(b[0]);
      i += b[0].length;
    } else {
      return undefined;
    }
    let j = i;
    while (s[j] === ' ' || s[j] === '\t') {
      j++;
    }
    if (s[j] !== '.') {
      return { names, length: i };
    }
    i = j + 1;
  }
}

/** Records headers and keys line by line, skipping the inside of multi-line strings and arrays. */
function scanLocations(index: LineIndex): TomlLocation[] {
  const out: TomlLocation[] = [];
  const arrayCounts = new Map<string, number>();
  let table: (string | number)[] = [];
  let skipUntil: RegExp | undefined;
  let bracketDepth = 0;
  // A header names tables by key; earlier arrays of tables on its way resolve to their last element.
  const resolve = (names: string[]): (string | number)[] => {
    const path: (string | number)[] = [];
    for (const n of names) {
      path.push(n);
      const count = arrayCounts.get(JSON.stringify(path));
      if (count !== undefined) {
        path.push(count - 1);
      }
    }
    return path;
  };
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    if (skipUntil) {
      if (skipUntil.test(raw)) {
        skipUntil = undefined;
      }
      continue;
    }
    if (bracketDepth > 0) {
      bracketDepth += bracketBalance(raw);
      continue;
    }
    const lead = raw.length - raw.trimStart().length;
    const body = raw.slice(lead);
    const range: Range = { start: { line, character: lead }, end: { line, character: raw.trimEnd().length } };
    const header = /^(\[\[?)/.exec(body);
    if (header?.[1]) {
      const key = readKey(body.slice(header[1].length));
      if (!key) {
        continue;
      }
      if (header[1] === '[[') {
        const parent = resolve(key.names.slice(0, -1));
        const full = [...parent, key.names[key.names.length - 1] ?? ''];
        const id = JSON.stringify(full);
        const count = (arrayCounts.get(id) ?? 0) + 1;
        arrayCounts.set(id, count);
        table = [...full, count - 1];
        out.push({ path: table, kind: 'array-table', range });
      } else {
        table = resolve(key.names);
        out.push({ path: table, kind: 'table', range });
      }
      continue;
    }
    const key = readKey(body);
    if (!key || !/^\s*=/.test(body.slice(key.length))) {
      continue;
    }
    out.push({ path: [...table, ...key.names], kind: 'key', range });
    const value = body.slice(key.length).replace(/^\s*=\s*/, '');
    const ml = /^("""|''')/.exec(value);
    if (ml?.[1] && value.indexOf(ml[1], 3) < 0) {
      skipUntil = new RegExp(ml[1]);
    } else if (value.startsWith('[')) {
      bracketDepth = bracketBalance(value);
    }
  }
  return out;
}

/** Net `[` minus `]` of a line outside strings and comments (enough to follow multi-line arrays). */
function bracketBalance(s: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') {
        i++;
      } else if (c === quote) {
        quote = undefined;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#') {
      break;
    } else if (c === '[') {
      depth++;
    } else if (c === ']') {
      depth--;
    }
  }
  return depth;
}
