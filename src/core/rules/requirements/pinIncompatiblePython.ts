import { replaceEdit } from '../../model/text';
import type { RuleFinding } from '../../model/types';
import { de5PythonFor, type De5Python } from '../pythonVersion';
import type { Rule } from '../rule';
import { firstReleaseFor, lastReleaseFor, PYTHON_SUPPORT } from './pythonSupport';
import { allRequirements, requirementSet } from './requirementFiles';
import { allowsAtLeast, allowsAtMost, specifierText } from './versionBounds';

export const pinIncompatiblePythonRule: Rule = {
  id: 'pin-incompatible-python',
  defaultSeverity: 'warning',
  title: 'A pinned package has no build for the Python the app gets on DE5',
  check(app, options): RuleFinding[] {
    const set = requirementSet(app);
    if (!set) {
      return [];
    }
    const python = de5PythonFor(app, options);
    const out: RuleFinding[] = [];
    for (const { file, req } of allRequirements(set)) {
      const support = req.name !== undefined ? PYTHON_SUPPORT[req.name] : undefined;
      if (!support || !req.specifierRange || !req.nameRange) {
        continue;
      }
      const written = `${req.rawName ?? req.name ?? ''}${specifierText(req.specifiers)}`;
      const range = { start: req.nameRange.start, end: req.specifierRange.end };
      const first = firstReleaseFor(support, python.minor);
      if (first && !allowsAtLeast(req.specifiers, first)) {
        out.push({
          file: file.path,
          range,
          message: `\`${written}\` has no build for Python ${python.minor}, which this app gets on DE5 (${sourceText(python)}); ${req.name} needs at least ${first} there. Relax the pin, or choose an older Python for the app.`,
          // Unsafe: a newer release may change behaviour the app relies on.
          fixes: [
            {
              title: `Relax ${req.name} to >=${first}`,
              safety: 'unsafe',
              edits: [replaceEdit(file.path, req.specifierRange, `>=${first}`)],
            },
          ],
        });
        continue;
      }
      const last = lastReleaseFor(support, python.minor);
      if (last && !allowsAtMost(req.specifiers, last)) {
        // No fix: capping would downgrade a library the code was written for; a newer Python is the remedy.
        out.push({
          file: file.path,
          range,
          message: `\`${written}\` needs a newer Python than ${python.minor}, which this app gets on DE5 (${sourceText(python)}); ${req.name} releases after ${last} dropped Python ${python.minor}. Set a newer Python for the app, or pin ${req.name}<=${last}.`,
        });
      }
    }
    return out;
  },
};

function sourceText(python: De5Python): string {
  if (python.source === 'default') {
    return "DE5's default";
  }
  const from = `from ${python.file ?? python.source}`;
  return python.requested ? `${from}, which asks for ${python.requested}` : from;
}
