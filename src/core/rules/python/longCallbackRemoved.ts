import type { RuleFinding } from '../../model/types';
import type { Rule } from '../rule';
import { attributeUses, pythonSources } from './pythonSources';

export const longCallbackRemovedRule: Rule = {
  id: 'long-callback-removed',
  defaultSeverity: 'warning',
  title: 'app.long_callback was removed in Dash 3',
  check(app) {
    const out: RuleFinding[] = [];
    for (const src of pythonSources(app)) {
      const tokens = src.module.tokens;
      for (const i of attributeUses(tokens, 'long_callback')) {
        const t = tokens[i];
        const owner = tokens[i - 2];
        let head = i;
        while (tokens[head - 1]?.text === '.' && tokens[head - 2]?.kind === 'name') {
          head -= 2;
        }
        // `@app.long_callback` / `app.long_callback(...)`; not the `dash.long_callback` module in imports.
        const isDecorator = tokens[head - 1]?.text === '@';
        if (!t || (!isDecorator && tokens[i + 1]?.text !== '(')) {
          continue;
        }
        const start = owner?.kind === 'name' ? owner.start : t.start;
        out.push({
          file: src.file.path,
          range: src.module.index.rangeOf(start, t.end),
          message:
            'Dash 3 removed `long_callback`. Use `@callback(..., background=True)` instead, with a background callback manager ' +
            '(`DiskcacheManager` or `CeleryManager`, passed to `Dash(background_callback_manager=...)`; available since Dash 2.6).',
        });
      }
    }
    return out;
  },
};
