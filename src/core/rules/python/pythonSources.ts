import type { AppContext } from '../../model/appContext';
import type { SourceFile } from '../../model/types';
import { parsePython, type PythonModule, type PyToken } from '../../parsers/python';

export interface PythonSource {
  readonly file: SourceFile;
  readonly module: PythonModule;
}

/** Every readable Python file of the app, scanned once per check (memoised by AppContext). */
export function pythonSources(app: AppContext): PythonSource[] {
  return app.pythonFiles().flatMap((file) => {
    const r = app.parse(file.path, parsePython);
    return r ? [{ file, module: r.value }] : [];
  });
}

/** `x.<attribute>` uses in real code: the index of each attribute name token preceded by a dot. */
export function attributeUses(tokens: readonly PyToken[], attribute: string): number[] {
  const out: number[] = [];
  tokens.forEach((t, i) => {
    if (t.kind === 'name' && t.text === attribute && tokens[i - 1]?.text === '.') {
      out.push(i);
    }
  });
  return out;
}

/** Python module path of a file relative to the app root (`src/app.py` → `src.app`), if importable. */
export function moduleNameOf(path: string): string | undefined {
  if (!path.endsWith('.py')) {
    return undefined;
  }
  const parts = path.slice(0, -3).split('/');
  if (parts.length > 1 && parts[parts.length - 1] === '__init__') {
    parts.pop();
  }
  return parts.every((p) => /^[A-Za-z_]\w*$/.test(p)) ? parts.join('.') : undefined;
}
