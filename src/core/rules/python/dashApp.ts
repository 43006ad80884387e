import type { AppContext } from '../../model/appContext';
import type { PythonModule, PyStatement } from '../../parsers/python';
import { importOf } from '../../parsers/pythonImports';
import { assignmentSplits, moduleNames, targetNames, type ModuleNames } from '../../parsers/pythonNames';
import { attributeUses, moduleNameOf, pythonSources, type PythonSource } from './pythonSources';

/** Classes whose instances are Dash apps with a `.server` Flask attribute. */
const DASH_CLASSES = new Set(['Dash', 'DashProxy', 'JupyterDash']);

export interface DashAppCreation {
  /** Variable the app is assigned to (`app`). */
  readonly variable: string;
  readonly statement: PyStatement;
  /** End offset of the callee (`app = dash.Dash` ends here), for a compact finding range. */
  readonly calleeEnd: number;
}

/** Module-level `app = Dash(...)` / `app = dash.Dash(...)` statements, in source order. */
export function dashAppsOf(module: PythonModule): DashAppCreation[] {
  const out: DashAppCreation[] = [];
  for (const stmt of module.statements) {
    const splits = assignmentSplits(stmt);
    const first = splits[0];
    const last = splits[splits.length - 1];
    if (!stmt.isModuleLevel || first === undefined || last === undefined) {
      continue;
    }
    const targets = targetNames(stmt.tokens.slice(0, first));
    const value = stmt.tokens.slice(last + 1);
    let i = 0;
    while (value[i]?.kind === 'name' && value[i + 1]?.text === '.') {
      i += 2;
    }
    const callee = value[i];
    if (targets.length === 1 && targets[0] && callee?.kind === 'name' && DASH_CLASSES.has(callee.text) && value[i + 1]?.text === '(') {
      out.push({ variable: targets[0], statement: stmt, calleeEnd: callee.end });
    }
  }
  return out;
}

/** `if __name__ == "__main__":` plus an `.run_server(`/`.run(` call: the script the author runs locally. */
export function isEntryScript(module: PythonModule): boolean {
  const t = module.tokens;
  const guarded = t.some(
    (tok, i) =>
      tok.text === '__name__' &&
      t[i + 1]?.text === '==' &&
      t[i + 2]?.kind === 'string' &&
      /^["']__main__["']$/.test(t[i + 2]?.text.replace(/^[a-zA-Z]+/, '') ?? ''),
  );
  const runs = [...attributeUses(t, 'run_server'), ...attributeUses(t, 'run')].some((i) => t[i + 1]?.text === '(');
  return guarded && runs;
}

export interface MainModule {
  readonly source: PythonSource;
  /** Importable module path (`src.app`), if the file path is one. */
  readonly moduleName?: string;
  /** The Dash app the module creates, when it creates one itself. */
  readonly dashApp?: DashAppCreation;
  readonly names: ModuleNames;
}

function rank(path: string): [number, number, string] {
  const depth = path.split('/').length - 1;
  return [path === 'app.py' ? 0 : path === 'index.py' ? 1 : 2, depth, path];
}

function best<T extends { source: PythonSource }>(items: T[]): T | undefined {
  return [...items].sort((a, b) => {
    const [ra, da, pa] = rank(a.source.file.path);
    const [rb, db, pb] = rank(b.source.file.path);
    return ra - rb || da - db || (pa < pb ? -1 : pa > pb ? 1 : 0);
  })[0];
}

/**
 * The module gunicorn should serve when the app has no Procfile: the script that runs a Dash app
 * locally (`if __name__ == "__main__": app.run_server()`) when it creates or imports the app, else
 * the module that creates it; `app.py`, then `index.py`, then the shallowest path wins a tie.
 */
export function findMainModule(app: AppContext): MainModule | undefined {
  const all = pythonSources(app).map((source) => ({ source, dashApp: dashAppsOf(source.module)[0] }));
  const creators = all.filter((c) => c.dashApp);
  const creatorModules = new Set(creators.map((c) => moduleNameOf(c.source.file.path)).filter((m): m is string => !!m));
  const importsCreator = (m: PythonModule): boolean =>
    m.statements.some((s) => {
      const imp = importOf(s);
      const name = imp?.kind === 'from' ? imp.module?.name : undefined;
      return !!name && (creatorModules.has(name) || (name.startsWith('.') && [...creatorModules].some((c) => c.endsWith(name))));
    });
  const entries = all.filter((c) => isEntryScript(c.source.module) && (c.dashApp || importsCreator(c.source.module)));
  const chosen = best(entries) ?? best(creators);
  if (!chosen) {
    return undefined;
  }
  const moduleName = moduleNameOf(chosen.source.file.path);
  return {
    source: chosen.source,
    ...(moduleName ? { moduleName } : {}),
    ...(chosen.dashApp ? { dashApp: chosen.dashApp } : {}),
    names: moduleNames(chosen.source.module),
  };
}
