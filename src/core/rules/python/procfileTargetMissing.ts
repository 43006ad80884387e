import type { RuleFinding } from '../../model/types';
import { parsePython } from '../../parsers/python';
import { moduleNames } from '../../parsers/pythonNames';
import type { Rule } from '../rule';
import { dashAppsOf } from './dashApp';
import { procfileTargets } from './procfileTargets';

export const procfileTargetMissingRule: Rule = {
  id: 'procfile-target-missing',
  defaultSeverity: 'error',
  title: 'The Procfile serves a module or variable that does not exist',
  check(app) {
    const out: RuleFinding[] = [];
    for (const t of procfileTargets(app)) {
      const spec = `${t.target.module}:${t.target.variable}`;
      if (!t.file) {
        if (t.isCertain) {
          out.push({
            file: 'Procfile',
            range: t.target.range,
            message:
              `The Procfile runs \`gunicorn ${spec}\`, but ${t.candidates.slice(0, 2).join(' or ')} was not found in the app folder, ` +
              'so the process will not start on DE5. Point it at the module that creates the Dash app.',
          });
        }
        continue;
      }
      // A file we could not read may well define the variable: say nothing rather than guess.
      const module = app.parse(t.file, parsePython)?.value;
      if (!module) {
        continue;
      }
      const names = moduleNames(module);
      // A Dash app module without the variable is `server-missing`'s case, which comes with a fix.
      const isServerMissing = !t.isFactory && dashAppsOf(module).length > 0;
      if (names.hasStarImport || names.names.has(t.target.variable) || isServerMissing) {
        continue;
      }
      out.push({
        file: 'Procfile',
        range: t.target.range,
        message:
          `The Procfile runs \`gunicorn ${spec}\`, but ${t.file} never defines \`${t.target.variable}\`, so the process will not start on DE5. ` +
          'Define it there (for a Dash app, `server = app.server`) or fix the Procfile.',
      });
    }
    return out;
  },
};
