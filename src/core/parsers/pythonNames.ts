import type { PythonModule, PyStatement, PyToken } from './python';
import { boundNames, importOf } from './pythonImports';

export interface ModuleNames {
  /** Names bound at module level: assignments, imports, `def`, `class`, loop and `as` targets, `global`. */
  readonly names: ReadonlySet<string>;
  /** `from x import *` at module level: any name may come from it. */
  readonly hasStarImport: boolean;
}

const AS_HEADERS = new Set(['with', 'except', 'async']);

/** Top-level `=` positions of an assignment statement (not `==`, `<=`, or keyword arguments in calls). */
export function assignmentSplits(stmt: PyStatement): number[] {
  const out: number[] = [];
  stmt.tokens.forEach((t, i) => {
    if (t.kind === 'op' && t.text === '=' && t.depth === 0) {
      out.push(i);
    }
  });
  return out;
}

/** Plain names a target list binds: `a`, `a, b`, `(a, *b)`, `x: int`; not `a.b` or `a[0]`. */
export function targetNames(target: readonly PyToken[]): string[] {
  const colon = target.findIndex((t) => t.text === ':' && t.depth === 0);
  const toks = colon >= 0 ? target.slice(0, colon) : target;
  const out: string[] = [];
  toks.forEach((t, i) => {
    const prev = toks[i - 1]?.text;
    const next = toks[i + 1]?.text;
    if (t.kind === 'name' && prev !== '.' && next !== '.' && next !== '[' && next !== '(') {
      out.push(t.text);
    }
  });
  return out;
}

function namesOfStatement(stmt: PyStatement): { names: string[]; isStar: boolean } {
  const toks = stmt.tokens;
  const head = toks[0]?.text ?? '';
  const imp = importOf(stmt);
  if (imp) {
    return { names: boundNames(imp), isStar: imp.isStar };
  }
  const names: string[] = [];
  if (head === 'def' || head === 'class') {
    names.push(toks[1]?.text ?? '');
  } else if (head === 'async' && toks[1]?.text === 'def') {
    names.push(toks[2]?.text ?? '');
  } else if (head === 'for' || (head === 'async' && toks[1]?.text === 'for')) {
    const from = head === 'for' ? 1 : 2;
    const inAt = toks.findIndex((t, i) => i >= from && t.text === 'in' && t.depth === 0);
    names.push(...targetNames(toks.slice(from, inAt < 0 ? toks.length : inAt)));
  } else if (AS_HEADERS.has(head)) {
    toks.forEach((t, i) => {
      const n = toks[i + 1];
      if (t.text === 'as' && n?.kind === 'name') {
        names.push(n.text);
      }
    });
  } else {
    const splits = assignmentSplits(stmt);
    let from = 0;
    for (const at of splits) {
      names.push(...targetNames(toks.slice(from, at)));
      from = at + 1;
    }
  }
  toks.forEach((t, i) => {
    const n = toks[i + 1];
    if (t.kind === 'name' && n?.text === ':=') {
      names.push(t.text);
    }
  });
  return { names, isStar: false };
}

/** What a module defines when imported (what `gunicorn module:variable` can find). */
export function moduleNames(mod: PythonModule): ModuleNames {
  const names = new Set<string>();
  let hasStarImport = false;
  for (const stmt of mod.statements) {
    if (stmt.tokens[0]?.text === 'global') {
      for (const t of stmt.tokens.slice(1)) {
        if (t.kind === 'name') {
          names.add(t.text);
        }
      }
      continue;
    }
    if (!stmt.isModuleLevel) {
      continue;
    }
    const r = namesOfStatement(stmt);
    r.names.forEach((n) => names.add(n));
    hasStarImport ||= r.isStar;
  }
  return { names, hasStarImport };
}
