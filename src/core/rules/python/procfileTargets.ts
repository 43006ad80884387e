import * as path from 'node:path';
import type { AppContext } from '../../model/appContext';
import { gunicornTarget, parseProcfile, type ProcfileEntry, type WsgiTarget } from '../../parsers/procfile';

export interface ResolvedTarget {
  readonly entry: ProcfileEntry;
  readonly target: WsgiTarget;
  /** `module:create_app()`: the variable is a factory function, not the WSGI app itself. */
  readonly isFactory: boolean;
  /** Files that would provide the module (`app.py`, `app/__init__.py`), relative to the app root. */
  readonly candidates: readonly string[];
  /** The candidate the app holds, readable or not. */
  readonly file?: string;
  /**
   * False when `cd`, `--chdir`, `--pythonpath`, a gunicorn config file or shell variables decide where
   * the module is looked up in a way we cannot follow, so a missing file proves nothing.
   */
  readonly isCertain: boolean;
}

interface SearchDirs {
  readonly dirs: readonly string[];
  readonly isCertain: boolean;
}

/** `/app/x` (where DE4 puts the app) → `x`; other absolute or parent paths → undefined. */
function appRelative(dir: string): string | undefined {
  if (/[$~"'`*?]/.test(dir)) {
    return undefined;
  }
  let d = dir;
  if (d === '/app' || d.startsWith('/app/')) {
    d = d.slice(4);
  } else if (d.startsWith('/')) {
    return undefined;
  }
  const n = path.posix.normalize(d.replace(/^\/+/, '') || '.');
  return n === '..' || n.startsWith('../') ? undefined : n === '.' ? '' : n.replace(/\/$/, '');
}

/** Where gunicorn will look for the module: the working directory plus `--pythonpath` entries. */
function searchDirs(app: AppContext, command: string): SearchDirs {
  const g = /(^|[\s/])gunicorn(\s|$)/.exec(command);
  const before = g ? command.slice(0, g.index) : '';
  const after = g ? command.slice(g.index) : command;
  let isCertain = true;
  let base = '';
  for (const m of before.matchAll(/(?:^|&&|;)\s*cd\s+([^\s;&|]+)/g)) {
    const d = appRelative(m[1] ?? '');
    isCertain &&= d !== undefined;
    base = d ?? base;
  }
  const opt = (name: string): string[] => [...after.matchAll(new RegExp(`(?:^|\\s)${name}(?:=|\\s+)(\\S+)`, 'g'))].map((m) => m[1] ?? '');
  for (const c of opt('--chdir')) {
    const d = appRelative(c.startsWith('/') ? c : path.posix.join(base, c));
    isCertain &&= d !== undefined;
    base = d ?? base;
  }
  const dirs = [base];
  for (const p of opt('--pythonpath').flatMap((v) => v.split(','))) {
    const d = appRelative(p.startsWith('/') ? p : path.posix.join(base, p));
    isCertain &&= d !== undefined;
    if (d !== undefined) {
      dirs.push(d);
    }
  }
  // A config file (given, or gunicorn.conf.py in the working directory) may change all of this.
  const configured =
    /(?:^|\s)(?:-c|--config)(?:=|\s+|(?=\S))/.test(after) || app.has(base === '' ? 'gunicorn.conf.py' : `${base}/gunicorn.conf.py`);
  return { dirs, isCertain: isCertain && !configured };
}

/** Every gunicorn `module:variable` the Procfile serves, with where its module is (or would be). */
export function procfileTargets(app: AppContext): ResolvedTarget[] {
  const procfile = app.parse('Procfile', parseProcfile)?.value;
  if (!procfile) {
    return [];
  }
  const out: ResolvedTarget[] = [];
  for (const entry of procfile.entries) {
    const target = gunicornTarget(entry);
    if (!target) {
      continue;
    }
    const where = searchDirs(app, entry.command);
    const rel = target.module.replace(/\./g, '/');
    const candidates = where.dirs.flatMap((d) => {
      const p = d === '' ? rel : `${d}/${rel}`;
      return [`${p}.py`, `${p}/__init__.py`];
    });
    const file = candidates.find((c) => app.has(c));
    out.push({ entry, target, isFactory: target.isFactory === true, candidates, ...(file ? { file } : {}), isCertain: where.isCertain });
  }
  return out;
}
