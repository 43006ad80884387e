import { eolOf, replaceEdit } from '../../model/text';
import type { FileEdit, Fix, RuleFinding } from '../../model/types';
import type { Requirement } from '../../parsers/requirements';
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

/**
 * Deletes the legacy lines, but keeps what they said: in each file, the first one becomes a comment
 * naming them all (pip ignores it, so re-checking finds nothing), and with no `dash` requirement the
 * app gets `dash>=2` below that comment.
 */
function removalFix(set: RequirementSet, legacy: readonly LocatedRequirement[]): Fix {
  const edits: FileEdit[] = [];
  const dash = requirementsNamed(set, 'dash');
  const needsDash = dash.length === 0;
  for (const file of set.files) {
    const inFile = legacy.filter((l) => l.file === file);
    const [first, ...rest] = inFile;
    if (!first) {
      continue;
    }
    const { req } = first;
    const eol = eolOf(file.source.text);
    const comment = `# ${inFile.map((l) => requirementText(l.req)).join(', ')}: bundled in dash>=2 (removed by de-migrate)`;
    const r = { start: { line: req.firstLine, character: 0 }, end: { line: req.lastLine, character: file.index.lineLength(req.lastLine) } };
    edits.push(replaceEdit(file.path, r, first === legacy[0] && needsDash ? `${comment}${eol}dash>=2` : comment));
    for (const d of deleteLineRanges(
      file.index,
      rest.flatMap((l) => linesOf(l.req)),
    )) {
      edits.push(replaceEdit(file.path, d, ''));
    }
  }
  for (const { file, req } of dash) {
    if (req.kind === 'name' && req.specifierRange && !allowsAtLeast(req.specifiers, '2')) {
      edits.push(replaceEdit(file.path, req.specifierRange, '>=2'));
    }
  }
  return { title: 'Remove legacy Dash component packages', safety: 'unsafe', edits };
}

/** `name==1.0,<2` or `name @ url`, on one line whatever the original layout. */
function requirementText(req: Requirement): string {
  const name = req.rawName ?? req.name ?? '';
  if (req.url !== undefined) {
    return `${name} @ ${req.url}`;
  }
  return `${name}${req.specifiers.map((s) => `${s.operator}${s.version}`).join(',')}`;
}
