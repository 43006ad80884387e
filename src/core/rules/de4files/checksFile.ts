import { parseChecksFile, type ChecksFile } from '../../parsers/checksFile';
import type { Rule } from '../rule';
import { fileHead } from './fileHead';

/** Dokku zero-downtime CHECKS have no documented DE5 equivalent (reference §3.2, §4 #9). */
export const checksFileRule: Rule = {
  id: 'checks-file',
  defaultSeverity: 'info',
  title: 'CHECKS is not read on DE5',
  check(app) {
    if (!app.has('CHECKS')) {
      return [];
    }
    const parsed = app.parse('CHECKS', parseChecksFile)?.value;
    const checks = parsed?.checks ?? [];
    const first = checks[0];
    const what =
      checks.length === 0
        ? 'it has no active check'
        : `its check${checks.length === 1 ? '' : 's'} of ${checks.map((c) => `\`${c.path}\``).join(', ')} will no longer run`;
    return [
      {
        file: 'CHECKS',
        range: first?.range ?? parsed?.settings[0]?.range ?? fileHead(app.file('CHECKS')?.text),
        message: `DE5 has no equivalent of the DE4 CHECKS file and the DE5 conversion will drop it; ${what}.`,
        // Unsafe: the checks are gone for good unless the user's version control has them; the title
        // (what a conversion reports) names each one, so none goes silently.
        fixes: [{ title: `Delete CHECKS${dropped(parsed)}`, safety: 'unsafe', edits: [{ kind: 'delete', file: 'CHECKS' }] }],
      },
    ];
  },
};

/** ` (no longer run: /a "Expected", /b; WAIT=5 TIMEOUT=30)`: every check and setting, one line; empty when there is none. */
function dropped(parsed: ChecksFile | undefined): string {
  const oneLine = (t: string): string => t.replace(/\s+/g, ' ');
  const checks = (parsed?.checks ?? []).map((c) => oneLine(c.expected === undefined ? c.path : `${c.path} "${c.expected}"`));
  const settings = (parsed?.settings ?? []).map((s) => `${s.name}=${s.value}`);
  const parts = [
    ...(checks.length > 0 ? [`no longer run: ${checks.join(', ')}`] : []),
    ...(settings.length > 0 ? [settings.join(' ')] : []),
  ];
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
