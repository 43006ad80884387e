import type { PyStatement, PyToken } from './python';

export interface PyImportItem {
  /** Dotted module (`import a.b`) or imported name (`from m import x`). */
  readonly name: string;
  readonly alias?: string;
  /** Offsets of the item, alias included. */
  readonly start: number;
  readonly end: number;
  /** Offsets of the dotted name alone. */
  readonly nameStart: number;
  readonly nameEnd: number;
}

export interface PyImport {
  readonly kind: 'import' | 'from';
  readonly statement: PyStatement;
  /** `from` imports: the module, leading dots included (`..pkg`), with its offsets. */
  readonly module?: { readonly name: string; readonly start: number; readonly end: number };
  readonly items: readonly PyImportItem[];
  readonly isStar: boolean;
}

interface Cursor {
  readonly tokens: readonly PyToken[];
  i: number;
}

function readDotted(c: Cursor): { name: string; start: number; end: number } | undefined {
  const first = c.tokens[c.i];
  if (!first || first.kind !== 'name') {
    return undefined;
  }
  let name = first.text;
  let end = first.end;
  c.i++;
  while (c.tokens[c.i]?.text === '.' && c.tokens[c.i + 1]?.kind === 'name') {
    const part = c.tokens[c.i + 1];
    name += `.${part?.text ?? ''}`;
    end = part?.end ?? end;
    c.i += 2;
  }
  return { name, start: first.start, end };
}

function readItem(c: Cursor): PyImportItem | undefined {
  const d = readDotted(c);
  if (!d) {
    return undefined;
  }
  const as = c.tokens[c.i];
  const alias = c.tokens[c.i + 1];
  if (as?.text === 'as' && alias?.kind === 'name') {
    c.i += 2;
    return { name: d.name, alias: alias.text, start: d.start, end: alias.end, nameStart: d.start, nameEnd: d.end };
  }
  return { name: d.name, start: d.start, end: d.end, nameStart: d.start, nameEnd: d.end };
}

function readItems(c: Cursor): PyImportItem[] {
  const items: PyImportItem[] = [];
  while (c.i < c.tokens.length) {
    const t = c.tokens[c.i];
    if (t?.text === '(' || t?.text === ')' || t?.text === ',') {
      c.i++;
      continue;
    }
    const item = readItem(c);
    if (!item) {
      break;
    }
    items.push(item);
  }
  return items;
}

/** The import a statement makes, or undefined when it is not an import statement. */
export function importOf(statement: PyStatement): PyImport | undefined {
  const tokens = statement.tokens;
  const head = tokens[0]?.text;
  if (head === 'import') {
    const c: Cursor = { tokens, i: 1 };
    return { kind: 'import', statement, items: readItems(c), isStar: false };
  }
  if (head !== 'from') {
    return undefined;
  }
  const c: Cursor = { tokens, i: 1 };
  let dots = '';
  let start = tokens[1]?.start ?? statement.end;
  while (tokens[c.i]?.text === '.' || tokens[c.i]?.text === '...') {
    dots += tokens[c.i]?.text ?? '';
    c.i++;
  }
  const dotted = tokens[c.i]?.text === 'import' ? undefined : readDotted(c);
  const end = dotted?.end ?? tokens[c.i - 1]?.end ?? start;
  if (dots === '' && dotted) {
    start = dotted.start;
  }
  if (tokens[c.i]?.text !== 'import' || (dots === '' && !dotted)) {
    return undefined;
  }
  c.i++;
  const module = { name: dots + (dotted?.name ?? ''), start, end };
  if (tokens[c.i]?.text === '*') {
    return { kind: 'from', statement, module, items: [], isStar: true };
  }
  return { kind: 'from', statement, module, items: readItems(c), isStar: false };
}

/** Names an import binds in the importing module (`import a.b` binds `a`). */
export function boundNames(imp: PyImport): string[] {
  return imp.items.map((it) => it.alias ?? (imp.kind === 'import' ? (it.name.split('.')[0] ?? it.name) : it.name));
}
