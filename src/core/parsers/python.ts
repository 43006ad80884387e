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
const OPS3 = ['**=', '//=', '>>=', '<<=', '...'];
const OPS2 = ['==', '!=', '<=', '>=', ':=', '->', '**', '//', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='];
const RESYNC = new Set(['def', 'class', 'import', 'from']);
const COMPOUND = new Set(['if', 'elif', 'else', 'for', 'while', 'try', 'except', 'finally', 'with', 'def', 'class', 'async']);

function isIdentStart(c: string): boolean {
  return /[A-Za-z_]/.test(c) || c.charCodeAt(0) > 127;
}

function isIdentPart(c: string): boolean {
  return /\w/.test(c) || c.charCodeAt(0) > 127;
}

/** Scans a string literal whose opening quote is at `q`; returns the end offset and whether it closed. */
function scanString(text: string, q: number): { end: number; isClosed: boolean; bodyStart: number; bodyEnd: number } {
  const quote = text[q] ?? '"';
  const triple = text.startsWith(quote.repeat(3), q);
  const close = triple ? quote.repeat(3) : quote;
  let i = q + close.length;
  const bodyStart = i;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      // A backslash always protects the next character, even in raw strings (r"\"" is one string).
      i += text.startsWith('\r\n', i + 1) ? 3 : 2;
      continue;
    }
    if (!triple && (c === '\n' || c === '\r')) {
      return { end: i, isClosed: false, bodyStart, bodyEnd: i };
    }
    if (text.startsWith(close, i)) {
      return { end: i + close.length, isClosed: true, bodyStart, bodyEnd: i };
    }
    i++;
  }
  return { end: text.length, isClosed: false, bodyStart, bodyEnd: text.length };
}

/** Tokens of a Python source, without comments, whitespace or line breaks. */
export function tokenizePython(text: string): PyToken[] {
  const tokens: PyToken[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\f' || c === '\n' || c === '\r' || c === '\\') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') {
        i++;
      }
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      const s = scanString(text, i);
      tokens.push(stringToken(text, start, '', s, depth));
      i = s.end;
      continue;
    }
    if (isIdentStart(c)) {
      while (i < text.length && isIdentPart(text[i] ?? '')) {
        i++;
      }
      const word = text.slice(start, i);
      const next = text[i];
      if ((next === '"' || next === "'") && STRING_PREFIX.test(word)) {
        const s = scanString(text, i);
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
    if (/\d/.test(c) || (c === '.' && /\d/.test(text[i + 1] ?? ''))) {
      i++;
      while (i < text.length) {
        const d = text[i] ?? '';
        if (/[\w.]/.test(d)) {
          i++;
        } else if ((d === '+' || d === '-') && /[eE]/.test(text[i - 1] ?? '') && !/^0[xX]/.test(text.slice(start, i))) {
          i++;
        } else {
          break;
        }
      }
      tokens.push({ kind: 'number', text: text.slice(start, i), start, end: i, depth });
      continue;
    }
    const op = OPS3.find((o) => text.startsWith(o, i)) ?? OPS2.find((o) => text.startsWith(o, i)) ?? c;
    i += op.length;
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
 * Groups tokens into logical lines: a line break ends a line unless it is inside brackets, escaped
 * by a backslash, or inside a (triple-quoted) string. Tokens never contain the breaks themselves, so
 * a break between two tokens is found from the text in between.
 */
function logicalLines(text: string, tokens: readonly PyToken[]): PyToken[][] {
  const lines: PyToken[][] = [];
  let current: PyToken[] = [];
  let prevEnd = 0;
  for (const t of tokens) {
    if (
      current.length > 0 &&
      t.depth === 0 &&
      t.text !== ')' &&
      t.text !== ']' &&
      t.text !== '}' &&
      breaksBetween(text, prevEnd, t.start)
    ) {
      lines.push(current);
      current = [];
    }
    current.push(t);
    prevEnd = t.end;
  }
  if (current.length > 0) {
    lines.push(current);
  }
  return lines;
}

/** Whether the gap between two tokens holds a line break that is not escaped by a backslash. */
function breaksBetween(text: string, from: number, to: number): boolean {
  let inComment = false;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '#') {
      inComment = true;
    } else if (c === '\n' || c === '\r') {
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
function simpleStatements(line: readonly PyToken[]): PyToken[][] {
  const out: PyToken[][] = [];
  let current: PyToken[] = [];
  for (const t of line) {
    if (t.kind === 'op' && t.text === ';' && t.depth === 0) {
      if (current.length > 0) {
        out.push(current);
      }
      current = [];
      continue;
    }
    current.push(t);
  }
  if (current.length > 0) {
    out.push(current);
  }
  return out.flatMap(splitHeader);
}

function splitHeader(stmt: PyToken[]): PyToken[][] {
  const first = stmt[0];
  if (!first || first.kind !== 'name' || !COMPOUND.has(first.text)) {
    return [stmt];
  }
  // `lambda x: …` at depth 0 in a header is rare enough to ignore.
  const colon = stmt.findIndex((t) => t.kind === 'op' && t.text === ':' && t.depth === 0);
  if (colon < 0 || colon === stmt.length - 1) {
    return [stmt];
  }
  return [stmt.slice(0, colon + 1), ...splitHeader(stmt.slice(colon + 1))];
}

function isDefHeader(stmt: readonly PyToken[]): boolean {
  const a = stmt[0]?.text;
  return a === 'def' || a === 'class' || (a === 'async' && stmt[1]?.text === 'def');
}

/** Logical lines split into simple statements, each knowing its indentation and block scope. */
export function pythonStatements(text: string, tokens: readonly PyToken[], index: LineIndex): PyStatement[] {
  const out: PyStatement[] = [];
  const blocks: { indent: number; isDef: boolean }[] = [];
  for (const line of logicalLines(text, tokens)) {
    const first = line[0];
    if (!first) {
      continue;
    }
    const pos = index.positionAt(first.start);
    const lineText = index.lineText(pos.line);
    const indent = lineText.slice(0, lineText.length - lineText.trimStart().length);
    const startsLine = indent.length === pos.character;
    const width = startsLine ? indent.length : pos.character;
    while (blocks.length > 0 && (blocks[blocks.length - 1]?.indent ?? 0) >= width) {
      blocks.pop();
    }
    let insideDef = blocks.some((b) => b.isDef);
    const parts = simpleStatements(line);
    parts.forEach((part, k) => {
      const head = part[0];
      const last = part[part.length - 1];
      if (!head || !last) {
        return;
      }
      out.push({
        tokens: part,
        start: head.start,
        end: last.end,
        indent,
        startsLine: startsLine && k === 0,
        isModuleLevel: !insideDef,
      });
      // A one-line `def f(): return x` puts what follows on the line inside the function.
      if (isDefHeader(part)) {
        insideDef = true;
      }
    });
    const lastPart = parts[parts.length - 1];
    const lastTok = lastPart?.[lastPart.length - 1];
    if (lastPart && lastTok?.text === ':' && lastTok.depth === 0 && COMPOUND.has(lastPart[0]?.text ?? '')) {
      blocks.push({ indent: width, isDef: insideDef || isDefHeader(lastPart) });
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
