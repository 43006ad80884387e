import { LineIndex } from '../model/text';
import { parsed, type ParseResult } from '../model/parseResult';

/**
 * A small Python scanner, not a parser: it knows enough of the lexical grammar (comments, every
 * string form, brackets, line continuations, indentation) that rules can match real code and never
 * text inside strings or comments. It never fails: odd input only yields odd tokens.
 */
export type PyTokenKind = 'name' | 'number' | 'string' | 'op';

export interface PyToken {
  readonly kind: PyTokenKind;
  readonly text: string;
  /** Offsets into the source text. */
  readonly start: number;
  readonly end: number;
  /** Bracket depth before the token (an opening bracket has the outer depth). */
  readonly depth: number;
}

export interface PyStringToken extends PyToken {
  readonly kind: 'string';
  /** Lower-cased prefix letters, e.g. `r`, `f`, `rb`. */
  readonly prefix: string;
  /** Raw text between the quotes, escapes not processed. */
  readonly body: string;
  readonly isClosed: boolean;
}

/** One simple statement (`;`-separated, or the body after a one-line compound header). */
export interface PyStatement {
  readonly tokens: readonly PyToken[];
  readonly start: number;
  readonly end: number;
  /** Leading whitespace of the physical line where the statement's logical line starts. */
  readonly indent: string;
  /** The statement is the first thing on its physical line (so a line can be inserted after it). */
  readonly startsLine: boolean;
  /** Not inside a `def` or `class` body: it runs when the module is imported. */
  readonly isModuleLevel: boolean;
}

export interface PythonModule {
  readonly text: string;
  readonly index: LineIndex;
  readonly tokens: readonly PyToken[];
  readonly statements: readonly PyStatement[];
}

const STRING_PREFIX = /^(?:[rR][bBfFtT]?|[bBfFtT][rR]?|[uU])$/;
const OPS2 = new Set(['==', '!=', '<=', '>=', ':=', '->', '**', '//', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=']);
const RESYNC = new Set(['def', 'class', 'import', 'from']);
const COMPOUND = new Set(['if', 'elif', 'else', 'for', 'while', 'try', 'except', 'finally', 'with', 'def', 'class', 'async']);

/**
 * Sticky patterns, run at the current offset: far faster than testing one character at a time.
 * Created per scan because a sticky pattern carries its position (`lastIndex`).
 */
function patterns() {
  return {
    comment: /#[^\r\n]*/y,
    name: /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/y,
    number: /(?:0[xXoObB]\w*|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?[\d_]+)?[\w.]*)/y,
    // Where a string body may end or escape: its quote, a backslash, and (single-quoted) a line break.
    stops: {
      '"': /["\\\r\n]/g,
      "'": /['\\\r\n]/g,
      '"""': /["\\]/g,
      "'''": /['\\]/g,
    },
  };
}

type Patterns = ReturnType<typeof patterns>;

function isAsciiNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** End of an identifier starting at `i`; non-ASCII letters are left to the `name` pattern. */
function asciiNameEnd(text: string, i: number, p: Patterns): number {
  let j = i + 1;
  for (;;) {
    const c = text.charCodeAt(j);
    if (isAsciiNameStart(c) || (c >= 48 && c <= 57)) {
      j++;
    } else if (c > 127) {
      return matchAt(p.name, text, i);
    } else {
      return j;
    }
  }
}

/** Length of the operator at `i`: `...`, `**=`, `//=`, `<<=`, `>>=`, two-character operators, or 1. */
function opLength(text: string, i: number, c: number): number {
  const n = text.charCodeAt(i + 1);
  if (c === 46 /* . */) {
    return n === 46 && text.charCodeAt(i + 2) === 46 ? 3 : 1;
  }
  if (n === c && (c === 42 || c === 47 || c === 60 || c === 62) /* ** // << >> */) {
    return text.charCodeAt(i + 2) === 61 ? 3 : 2;
  }
  if (n === 61 /* = */ && OPS2.has(text.slice(i, i + 2))) {
    return 2;
  }
  return c === 45 && n === 62 /* -> */ ? 2 : 1;
}

function matchAt(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : at;
}

/** Scans a string literal whose opening quote is at `q`; returns the end offset and whether it closed. */
function scanString(text: string, q: number, p: Patterns): { end: number; isClosed: boolean; bodyStart: number; bodyEnd: number } {
  const quote = text[q] === "'" ? "'" : '"';
  const close = text.startsWith(quote.repeat(3), q) ? (quote === "'" ? "'''" : '"""') : quote;
  const bodyStart = q + close.length;
  const stops = p.stops[close];
  stops.lastIndex = bodyStart;
  while (stops.test(text)) {
    const k = stops.lastIndex - 1;
    const c = text[k];
    if (c === '\\') {
      // A backslash protects the next character, even in raw strings (r"\"" is one string).
      stops.lastIndex = k + (text.startsWith('\r\n', k + 1) ? 3 : 2);
    } else if (c === '\n' || c === '\r') {
      return { end: k, isClosed: false, bodyStart, bodyEnd: k };
    } else if (text.startsWith(close, k)) {
      return { end: k + close.length, isClosed: true, bodyStart, bodyEnd: k };
    }
  }
  return { end: text.length, isClosed: false, bodyStart, bodyEnd: text.length };
}

/** Tokens of a Python source, without comments, whitespace or line breaks. */
export function tokenizePython(text: string): PyToken[] {
  const p = patterns();
  const tokens: PyToken[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const start = i;
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 92) {
      i++;
      continue;
    }
    if (c === 35 /* # */) {
      i = matchAt(p.comment, text, i);
      continue;
    }
    if (c === 34 || c === 39 /* quotes */) {
      const s = scanString(text, i, p);
      tokens.push(stringToken(text, start, '', s, depth));
      i = s.end;
      continue;
    }
    const nameEnd = isAsciiNameStart(c) ? asciiNameEnd(text, i, p) : c > 127 ? matchAt(p.name, text, i) : i;
    if (nameEnd > i) {
      i = nameEnd;
      const word = text.slice(start, i);
      const next = text.charCodeAt(i);
      if ((next === 34 || next === 39) && word.length <= 2 && STRING_PREFIX.test(word)) {
        const s = scanString(text, i, p);
        tokens.push(stringToken(text, start, word.toLowerCase(), s, depth));
        i = s.end;
        continue;
      }
      // Recovery from an unclosed bracket: these keywords cannot occur inside an expression, so one
      // that starts a line at column 0 starts a new statement.
      if (depth > 0 && RESYNC.has(word) && (start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r')) {
        depth = 0;
      }
      tokens.push({ kind: 'name', text: word, start, end: i, depth });
      continue;
    }
    const numberEnd = (c >= 48 && c <= 57) || c === 46 ? matchAt(p.number, text, i) : i;
    if (numberEnd > i) {
      i = numberEnd;
      tokens.push({ kind: 'number', text: text.slice(start, i), start, end: i, depth });
      continue;
    }
    const length = opLength(text, i, c);
    const op = length === 1 ? text.charAt(i) : text.slice(i, i + length);
    i += length;
    if (op === ')' || op === ']' || op === '}') {
      depth = Math.max(0, depth - 1);
    }
    tokens.push({ kind: 'op', text: op, start, end: i, depth });
    if (op === '(' || op === '[' || op === '{') {
      depth++;
    }
  }
  return tokens;
}

function stringToken(
  text: string,
  start: number,
  prefix: string,
  s: { end: number; isClosed: boolean; bodyStart: number; bodyEnd: number },
  depth: number,
): PyStringToken {
  return {
    kind: 'string',
    text: text.slice(start, s.end),
    start,
    end: s.end,
    depth,
    prefix,
    body: text.slice(s.bodyStart, s.bodyEnd),
    isClosed: s.isClosed,
  };
}

/**
 * Token index ranges `[from, to)` of logical lines: a line break ends a line unless it is inside
 * brackets, escaped by a backslash, or inside a (triple-quoted) string. Tokens never contain the
 * breaks themselves, so a break between two tokens is found from the text in between.
 */
function logicalLines(text: string, tokens: readonly PyToken[]): [number, number][] {
  const lines: [number, number][] = [];
  let from = 0;
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k];
    const prev = tokens[k - 1];
    if (t && prev && t.depth === 0 && t.text !== ')' && t.text !== ']' && t.text !== '}' && breaksBetween(text, prev.end, t.start)) {
      lines.push([from, k]);
      from = k;
    }
  }
  if (from < tokens.length) {
    lines.push([from, tokens.length]);
  }
  return lines;
}

/** Whether the gap between two tokens holds a line break that is not escaped by a backslash. */
function breaksBetween(text: string, from: number, to: number): boolean {
  let inComment = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */) {
      inComment = true;
    } else if (c === 10 || c === 13) {
      let j = i - 1;
      while (j >= from && (text[j] === ' ' || text[j] === '\t' || text[j] === '\f')) {
        j--;
      }
      if (inComment || text[j] !== '\\') {
        return true;
      }
      inComment = false;
    }
  }
  return false;
}

/** Splits a logical line at top-level `;` and after a one-line compound header's `:`. */
function simpleStatements(tokens: readonly PyToken[], from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let start = from;
  for (let k = from; k <= to; k++) {
    const t = tokens[k];
    if (k < to && !(t?.text === ';' && t.depth === 0)) {
      continue;
    }
    // Each compound header on the line (`try: import x`, `if a: b`) ends at its first top-level `:`.
    let s = start;
    while (s < k && COMPOUND.has(tokens[s]?.text ?? '') && tokens[s]?.kind === 'name') {
      let colon = s;
      while (colon < k && !(tokens[colon]?.text === ':' && tokens[colon]?.depth === 0)) {
        colon++;
      }
      if (colon >= k - 1) {
        break;
      }
      out.push([s, colon + 1]);
      s = colon + 1;
    }
    if (s < k) {
      out.push([s, k]);
    }
    start = k + 1;
  }
  return out;
}

function isDefHeader(tokens: readonly PyToken[], at: number): boolean {
  const a = tokens[at]?.text;
  return a === 'def' || a === 'class' || (a === 'async' && tokens[at + 1]?.text === 'def');
}

/** Logical lines split into simple statements, each knowing its indentation and block scope. */
export function pythonStatements(text: string, tokens: readonly PyToken[], index: LineIndex): PyStatement[] {
  const out: PyStatement[] = [];
  const blocks: { indent: number; isDef: boolean }[] = [];
  for (const [from, to] of logicalLines(text, tokens)) {
    const first = tokens[from];
    if (!first) {
      continue;
    }
    const column = index.positionAt(first.start).character;
    const lineStart = first.start - column;
    let w = 0;
    while (w < column && (text[lineStart + w] === ' ' || text[lineStart + w] === '\t' || text[lineStart + w] === '\f')) {
      w++;
    }
    const startsLine = w === column;
    const indent = text.slice(lineStart, lineStart + w);
    const width = column;
    while (blocks.length > 0 && (blocks[blocks.length - 1]?.indent ?? 0) >= width) {
      blocks.pop();
    }
    let insideDef = blocks.some((b) => b.isDef);
    const parts = simpleStatements(tokens, from, to);
    for (let k = 0; k < parts.length; k++) {
      const [a, b] = parts[k] ?? [0, 0];
      const head = tokens[a];
      const last = tokens[b - 1];
      if (!head || !last) {
        continue;
      }
      out.push({
        tokens: tokens.slice(a, b),
        start: head.start,
        end: last.end,
        indent,
        startsLine: startsLine && k === 0,
        isModuleLevel: !insideDef,
      });
      // A one-line `def f(): return x` puts what follows on the line inside the function.
      if (isDefHeader(tokens, a)) {
        insideDef = true;
      }
    }
    const [la = 0, lb = 0] = parts[parts.length - 1] ?? [];
    const lastTok = tokens[lb - 1];
    if (lb > la && lastTok?.text === ':' && lastTok.depth === 0 && COMPOUND.has(tokens[la]?.text ?? '')) {
      blocks.push({ indent: width, isDef: insideDef || isDefHeader(tokens, la) });
    }
  }
  return out;
}

/** Scans a Python source. Never reports issues: we are not a Python linter. */
export function parsePython(text: string): ParseResult<PythonModule> {
  const index = new LineIndex(text);
  const tokens = tokenizePython(text);
  return parsed({ text, index, tokens, statements: pythonStatements(text, tokens, index) });
}
