import type { RuleFinding } from '../../model/types';
import { parseDokkuScale } from '../../parsers/dokkuScale';
import { parseProcfile } from '../../parsers/procfile';
import type { Rule } from '../rule';
import { fileHead, listOf } from './fileHead';

/**
 * DOKKU_SCALE has no DE5 file: processes are scaled in the App Manager, so the user needs the
 * counts. A count for a process the Procfile lacks scaled nothing on DE4 either.
 */
export const dokkuScaleRule: Rule = {
  id: 'dokku-scale',
  defaultSeverity: 'info',
  title: 'DOKKU_SCALE is not read on DE5',
  check(app) {
    if (!app.has('DOKKU_SCALE')) {
      return [];
    }
    const entries = app.parse('DOKKU_SCALE', parseDokkuScale)?.value.entries ?? [];
    const procfile = app.parse('Procfile', parseProcfile)?.value;
    const types = procfile?.entries.map((e) => e.type) ?? [];
    const counts = entries.map((e) => `${e.process}=${e.count}`);
    // Dokku starts only `web` by default; other Procfile processes without a count did not run on DE4.
    const unscaled = types.filter((t) => t !== 'web' && !entries.some((e) => e.process === t));
    const note =
      unscaled.length > 0 ? ` The Procfile also defines ${listOf(unscaled.map((t) => `\`${t}\``))}, which DOKKU_SCALE did not start.` : '';
    const out: RuleFinding[] = [
      {
        file: 'DOKKU_SCALE',
        range: entries[0]?.range ?? fileHead(app.file('DOKKU_SCALE')?.text),
        message:
          (counts.length > 0
            ? `DE5 has no DOKKU_SCALE file: scale the processes in the DE5 App Manager (DOKKU_SCALE sets ${listOf(counts)}).`
            : 'DE5 has no DOKKU_SCALE file: scale the processes in the DE5 App Manager.') + note,
        // Unsafe: once deleted, the counts live only in the conversion report (this title) and version control.
        fixes: [
          {
            title: `Delete DOKKU_SCALE (set the counts in the DE5 App Manager${counts.length > 0 ? `: ${counts.join(', ')}` : ''})`,
            safety: 'unsafe',
            edits: [{ kind: 'delete', file: 'DOKKU_SCALE' }],
          },
        ],
      },
    ];
    if (procfile && types.length > 0) {
      for (const e of entries) {
        if (!types.includes(e.process)) {
          out.push({
            file: 'DOKKU_SCALE',
            range: e.processRange,
            severity: 'warning',
            message: `The Procfile has no \`${e.process}\` process, so this count scaled nothing; the Procfile defines ${listOf(types.map((t) => `\`${t}\``))}.`,
          });
        }
      }
    }
    return out;
  },
};
