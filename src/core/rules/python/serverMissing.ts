import type { AppContext } from '../../model/appContext';
import { eolOf, replaceEdit } from '../../model/text';
import type { Fix, RuleFinding } from '../../model/types';
import { parsePython, type PythonModule } from '../../parsers/python';
import { moduleNames } from '../../parsers/pythonNames';
import type { Rule } from '../rule';
import { dashAppsOf, findMainModule, type DashAppCreation } from './dashApp';
import { procfileTargets } from './procfileTargets';

/** A module gunicorn serves as `module:variable` that creates a Dash app but never binds `variable`. */
export interface MissingServer {
  readonly file: string;
  readonly module: PythonModule;
  readonly dashApp: DashAppCreation;
  readonly variable: string;
  /** How gunicorn is (or would be) told to serve it, for the message. */
  readonly servedAs: string;
}

/** Modules that create a Dash app but lack the WSGI variable: Procfile targets, else the main Dash module. */
export function missingServers(app: AppContext): MissingServer[] {
  const out: MissingServer[] = [];
  if (app.has('Procfile')) {
    const seen = new Set<string>();
    for (const t of procfileTargets(app)) {
      const module = t.file && !t.isFactory ? app.parse(t.file, parsePython)?.value : undefined;
      const key = `${t.file ?? ''}:${t.target.variable}`;
      const dashApp = module ? dashAppsOf(module)[0] : undefined;
      if (!t.file || !module || !dashApp || seen.has(key)) {
        continue;
      }
      seen.add(key);
      const names = moduleNames(module);
      if (!names.hasStarImport && !names.names.has(t.target.variable)) {
        out.push({ file: t.file, module, dashApp, variable: t.target.variable, servedAs: `${t.target.module}:${t.target.variable}` });
      }
    }
    return out;
  }
  const main = findMainModule(app);
  if (main?.dashApp && !main.names.hasStarImport && !main.names.names.has('server')) {
    out.push({
      file: main.source.file.path,
      module: main.source.module,
      dashApp: main.dashApp,
      variable: 'server',
      servedAs: `${main.moduleName ?? 'app'}:server`,
    });
  }
  return out;
}

/** Inserts `variable = app.server` on its own line right after the Dash(...) statement. */
export function serverFix(m: MissingServer): Fix | undefined {
  const stmt = m.dashApp.statement;
  // An unclosed `Dash(` has no end to insert after.
  if (!stmt.startsLine || !stmt.isModuleLevel || stmt.tokens[stmt.tokens.length - 1]?.depth !== 0) {
    return undefined;
  }
  const index = m.module.index;
  const endLine = index.positionAt(stmt.end).line;
  const at = index.offsetAt({ line: endLine, character: index.lineLength(endLine) });
  // Never insert inside a string that another statement on the same line opens.
  if (m.module.tokens.some((t) => t.start < at && t.end > at)) {
    return undefined;
  }
  const line = `${m.variable} = ${m.dashApp.variable}.server`;
  const pos = index.positionAt(at);
  return {
    title: `Add \`${line}\` after the Dash app is created`,
    safety: 'safe',
    edits: [replaceEdit(m.file, { start: pos, end: pos }, `${eolOf(m.module.text)}${stmt.indent}${line}`)],
  };
}

export const serverMissingRule: Rule = {
  id: 'server-missing',
  defaultSeverity: 'error',
  title: 'The Dash app module does not expose its WSGI server for gunicorn',
  check(app) {
    return missingServers(app).map((m): RuleFinding => {
      const fix = serverFix(m);
      const stmt = m.dashApp.statement;
      return {
        file: m.file,
        range: m.module.index.rangeOf(stmt.start, m.dashApp.calleeEnd),
        message:
          `${m.file} creates the Dash app \`${m.dashApp.variable}\` but never defines \`${m.variable}\`, which gunicorn serves on DE5 ` +
          `(\`gunicorn ${m.servedAs}\`). Add \`${m.variable} = ${m.dashApp.variable}.server\` after the app is created.`,
        ...(fix ? { fixes: [fix] } : {}),
      };
    });
  },
};
