import type { ProjectNameRequirementWithLocation, VersionOperator } from 'pip-requirements-js';

const NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
const OP = '===|==|!=|<=|>=|~=|<|>';
const VERSION = '[A-Za-z0-9_.*+!-]+';
const ONE = `(?:${OP})[ \\t]*${VERSION}`;
const SIMPLE = new RegExp(`^(${NAME})((?:[ \\t]*${ONE}(?:[ \\t]*,[ \\t]*${ONE})*)?)[ \\t]*$`);
const EACH = new RegExp(`(${OP})[ \\t]*(${VERSION})`, 'g');

/**
 * The common `name` / `name==1.0` / `name>=1,<2` line (ASCII, no extras, markers or URL) in the exact
 * shape pip-requirements-js returns, without running its grammar: that grammar costs about a third
 * of a millisecond per line, which dominates checking a typical app. Anything else returns undefined
 * and goes to the library; a unit test holds both paths to the same output.
 */
export function parseSimpleRequirement(text: string): ProjectNameRequirementWithLocation | undefined {
  const m = SIMPLE.exec(text);
  const name = m?.[1];
  if (!m || name === undefined) {
    return undefined;
  }
  const specs: NonNullable<ProjectNameRequirementWithLocation['data']['versionSpec']> = [];
  const specText = m[2] ?? '';
  const base = name.length;
  EACH.lastIndex = 0;
  for (let s = EACH.exec(specText); s; s = EACH.exec(specText)) {
    const op = s[1] ?? '';
    const version = s[2] ?? '';
    const start = base + s.index;
    const end = start + s[0].length;
    specs.push({
      data: {
        operator: { data: op as VersionOperator, location: { startIdx: start, endIdx: start + op.length } },
        version: { data: version, location: { startIdx: end - version.length, endIdx: end } },
      },
      location: { startIdx: start, endIdx: end },
    });
  }
  const last = specs[specs.length - 1];
  return {
    data: {
      type: 'ProjectName',
      name: { data: name, location: { startIdx: 0, endIdx: base } },
      versionSpec: specs.length > 0 ? specs : undefined,
      extras: undefined,
      environmentMarkerTree: undefined,
    },
    location: { startIdx: 0, endIdx: last ? last.location.endIdx : base },
  };
}
