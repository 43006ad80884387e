import { replaceEdit } from '../../model/text';
import type { RuleFinding } from '../../model/types';
import type { LocatedRequirement, RequirementSet } from './requirementFiles';
import { requirementsNamed } from './requirementFiles';
import { allowsAtLeast, specifierText } from './versionBounds';

export interface MinimumCheck {
  /** Normalised project name. */
  readonly name: string;
  readonly min: string;
  /** Why this minimum: one sentence for the message. */
  readonly why: string;
}

/**
 * Findings for each requirement of `check.name` whose pins or caps allow nothing at or above the
 * minimum, with a fix that rewrites just the specifier to `>=min`. Unpinned requirements are fine.
 */
export function minimumVersionFindings(set: RequirementSet, check: MinimumCheck): RuleFinding[] {
  return requirementsNamed(set, check.name)
    .filter(({ req }) => req.specifierRange !== undefined && !allowsAtLeast(req.specifiers, check.min))
    .map((located) => finding(located, check));
}

function finding({ file, req }: LocatedRequirement, check: MinimumCheck): RuleFinding {
  const written = `${req.rawName ?? check.name}${specifierText(req.specifiers)}`;
  const specRange = req.specifierRange ?? req.range;
  return {
    file: file.path,
    range: req.nameRange && req.specifierRange ? { start: req.nameRange.start, end: req.specifierRange.end } : req.range,
    message: `\`${written}\` allows only versions below ${check.min}. ${check.why} Require \`${check.name}>=${check.min}\`.`,
    fixes: [
      {
        title: `Require ${check.name}>=${check.min}`,
        safety: 'safe',
        edits: [replaceEdit(file.path, specRange, `>=${check.min}`)],
      },
    ],
  };
}
