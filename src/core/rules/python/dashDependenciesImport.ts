import { replaceEdit } from '../../model/text';
import type { RuleFinding } from '../../model/types';
import { importOf } from '../../parsers/pythonImports';
import type { Rule } from '../rule';
import { pythonSources } from './pythonSources';

/** What `dash.dependencies` exports that Dash ≥ 2 also exports from `dash` itself. */
const EXPORTED_BY_DASH = new Set(['Input', 'Output', 'State', 'ClientsideFunction', 'MATCH', 'ALL', 'ALLSMALLER']);

export const dashDependenciesImportRule: Rule = {
  id: 'dash-dependencies-import',
  defaultSeverity: 'hint',
  title: 'Input, Output and State can be imported from dash',
  check(app) {
    const out: RuleFinding[] = [];
    for (const src of pythonSources(app)) {
      for (const stmt of src.module.statements) {
        const imp = importOf(stmt);
        if (imp?.kind !== 'from' || imp.module?.name !== 'dash.dependencies' || imp.isStar || imp.items.length === 0) {
          continue;
        }
        if (!imp.items.every((it) => EXPORTED_BY_DASH.has(it.name))) {
          continue;
        }
        // Only the module name changes, so the imported names keep their layout and comments.
        const range = src.module.index.rangeOf(imp.module.start, imp.module.end);
        out.push({
          file: src.file.path,
          range,
          message:
            'Since Dash 2, `Input`, `Output`, `State` and the wildcards are imported from `dash` directly; `dash.dependencies` is the old path.',
          fixes: [{ title: 'Import from `dash` (requires dash>=2)', safety: 'safe', edits: [replaceEdit(src.file.path, range, 'dash')] }],
        });
      }
    }
    return out;
  },
};
