import { replaceEdit } from '../../model/text';
import type { RuleFinding } from '../../model/types';
import type { Rule } from '../rule';
import { attributeUses, pythonSources } from './pythonSources';

export const runServerRemovedRule: Rule = {
  id: 'run-server-removed',
  defaultSeverity: 'warning',
  title: 'app.run_server() was removed in Dash 3',
  check(app) {
    const out: RuleFinding[] = [];
    for (const src of pythonSources(app)) {
      const tokens = src.module.tokens;
      for (const i of attributeUses(tokens, 'run_server')) {
        const t = tokens[i];
        if (!t || tokens[i + 1]?.text !== '(') {
          continue;
        }
        const range = src.module.index.rangeOf(t.start, t.end);
        out.push({
          file: src.file.path,
          range,
          message:
            'Dash 3 removed `run_server`; an app that calls it stops with an error. Call `run` instead (same arguments, available since Dash 2).',
          fixes: [{ title: 'Call `run` instead of `run_server`', safety: 'safe', edits: [replaceEdit(src.file.path, range, 'run')] }],
        });
      }
    }
    return out;
  },
};
