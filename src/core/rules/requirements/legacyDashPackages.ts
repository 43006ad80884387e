import { replaceEdit } from '../../model/text';
import type { FileEdit, Fix, RuleFinding } from '../../model/types';
import type { Rule } from '../rule';
import {
  allRequirements,
  deleteLineRanges,
  linesOf,
  requirementSet,
  requirementsNamed,
  type LocatedRequirement,
  type RequirementSet,
} from './requirementFiles';
import { allowsAtLeast } from './versionBounds';

/** Bundled in `dash` since 2.0; the separate packages became stubs pinned at 2.0.0. */
export const LEGACY_DASH_PACKAGES: readonly string[] = Object.freeze(['dash-core-components', 'dash-html-components', 'dash-table']);

export const legacyDashPackagesRule: Rule = {
  id: 'legacy-dash-packages',
  defaultSeverity: 'warning',
  title: 'Legacy Dash component packages are listed (bundled in dash ≥ 2)',
  check(app): RuleFinding[] {
    const set = requirementSet(app);
    const legacy = set ? allRequirements(set).filter(({ req }) => req.name !== undefined && LEGACY_DASH_PACKAGES.includes(req.name)) : [];
    if (!set || legacy.length === 0) {
      return [];
    }
    // One fix for all the lines, offered by every finding, so fix-all applies it once.
    const fix = removalFix(set, legacy);
    return legacy.map(({ file, req }) => ({
      file: file.path,
      range: req.range,
      message: `\`${req.rawName ?? req.name ?? ''}\` is bundled in Dash 2 and later; the separate package is an old stub. Remove it, require \`dash>=2\`, and import \`dcc\`, \`html\` and \`dash_table\` from \`dash\`.`,
      fixes: [fix],
    }));
  },
};

function removalFix(set: RequirementSet, legacy: readonly LocatedRequirement[]): Fix {
  const edits: FileEdit[] = [];
  const dash = requirementsNamed(set, 'dash');
  const needsDash = dash.length === 0;
  // With no dash requirement, the first legacy line becomes `dash>=2` instead of being deleted.
  const replaced = needsDash ? legacy[0] : undefined;
  if (replaced) {
    const { file, req } = replaced;
    const r = { start: { line: req.firstLine, character: 0 }, end: { line: req.lastLine, character: file.index.lineLength(req.lastLine) } };
    edits.push(replaceEdit(file.path, r, 'dash>=2'));
  }
  for (const file of set.files) {
    const lines = legacy.filter((l) => l.file === file && l !== replaced).flatMap((l) => linesOf(l.req));
    for (const r of deleteLineRanges(file.index, lines)) {
      edits.push(replaceEdit(file.path, r, ''));
    }
  }
  for (const { file, req } of dash) {
    if (req.kind === 'name' && req.specifierRange && !allowsAtLeast(req.specifiers, '2')) {
      edits.push(replaceEdit(file.path, req.specifierRange, '>=2'));
    }
  }
  return { title: 'Remove legacy Dash component packages', safety: 'unsafe', edits };
}
