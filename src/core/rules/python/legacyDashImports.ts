import { replaceEdit } from '../../model/text';
import type { Fix, RuleFinding } from '../../model/types';
import { importOf, type PyImport, type PyImportItem } from '../../parsers/pythonImports';
import type { Rule } from '../rule';
import { pythonSources, type PythonSource } from './pythonSources';

/** Legacy component packages and where Dash ≥ 2 bundles them: `from dash import <name>` = module `<module>`. */
const LEGACY: Readonly<Record<string, { readonly name: string; readonly module: string }>> = {
  dash_core_components: { name: 'dcc', module: 'dash.dcc' },
  dash_html_components: { name: 'html', module: 'dash.html' },
  dash_table: { name: 'dash_table', module: 'dash.dash_table' },
};

function legacyOf(
  dotted: string,
): { readonly pkg: string; readonly rest: string; readonly name: string; readonly module: string } | undefined {
  const [pkg = '', ...rest] = dotted.split('.');
  const l = Object.hasOwn(LEGACY, pkg) ? LEGACY[pkg] : undefined;
  return l ? { pkg, rest: rest.map((r) => `.${r}`).join(''), ...l } : undefined;
}

function message(pkg: string, name: string): string {
  return `\`${pkg}\` is a legacy package: since Dash 2 it ships inside \`dash\` as \`${name}\` and the old package only re-exports it with a warning. Import it from \`dash\` (requires dash>=2).`;
}

function fix(src: PythonSource, start: number, end: number, newText: string, title: string): Fix {
  return { title, safety: 'safe', edits: [replaceEdit(src.file.path, src.module.index.rangeOf(start, end), newText)] };
}

/** `import dash_core_components as dcc` → `from dash import dcc`: only the forms that bind the same names. */
function plainImportFix(src: PythonSource, imp: PyImport, item: PyImportItem): Fix | undefined {
  const l = legacyOf(item.name);
  if (!l || l.rest !== '' || imp.items.length !== 1) {
    return undefined;
  }
  const bound = item.alias ?? item.name;
  if (bound !== l.name && item.alias === undefined) {
    return undefined;
  }
  const text = bound === l.name ? `from dash import ${l.name}` : `from dash import ${l.name} as ${bound}`;
  return fix(src, imp.statement.start, imp.statement.end, text, `Use \`${text}\` (requires dash>=2)`);
}

export const legacyDashImportsRule: Rule = {
  id: 'legacy-dash-imports',
  defaultSeverity: 'warning',
  title: 'Code imports dash_core_components, dash_html_components or dash_table',
  check(app) {
    const out: RuleFinding[] = [];
    for (const src of pythonSources(app)) {
      for (const stmt of src.module.statements) {
        const imp = importOf(stmt);
        if (imp?.kind === 'import') {
          for (const item of imp.items) {
            const l = legacyOf(item.name);
            if (l) {
              const f = plainImportFix(src, imp, item);
              out.push({
                file: src.file.path,
                range: src.module.index.rangeOf(item.start, item.end),
                message: message(l.pkg, l.name),
                ...(f ? { fixes: [f] } : {}),
              });
            }
          }
        } else if (imp?.kind === 'from' && imp.module) {
          const l = legacyOf(imp.module.name);
          if (l) {
            const to = `${l.module}${l.rest}`;
            out.push({
              file: src.file.path,
              range: src.module.index.rangeOf(imp.module.start, imp.module.end),
              message: message(l.pkg, l.name),
              fixes: [fix(src, imp.module.start, imp.module.end, to, `Import from \`${to}\` (requires dash>=2)`)],
            });
          }
        }
      }
    }
    return out;
  },
};
