import { validRange } from '@renovatebot/pep440';
import type * as PipRequirements from 'pip-requirements-js';
import type { EnvironmentMarkerLeaf, ProjectNameRequirementWithLocation, VersionOperator } from 'pip-requirements-js';

type Located<T> = { data: T; location: { startIdx: number; endIdx: number } };

const NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
const OP = '===|==|!=|<=|>=|~=|<|>';
const VERSION = '[A-Za-z0-9_.*+!-]+';
const ONE = `(?:${OP})[ \\t]*${VERSION}`;
const ENV_VAR =
  'python_version|python_full_version|os_name|sys_platform|platform_release|platform_system|platform_version|' +
  'platform_machine|platform_python_implementation|implementation_name|implementation_version|extra';
// PEP 508's string characters (ASCII only: anything else goes to the library).
const STR_CHARS = ' \\tA-Za-z0-9().{}\\-_*#:;,/?\\[\\]!~`@$%^&=+|<>';
const MARKER_VAR = `${ENV_VAR}|'[${STR_CHARS}"]*'|"[${STR_CHARS}']*"`;
// The grammar's order: `===` is not a marker operator (it matches `==` and then fails).
const MARKER_OP = '<=|<|!=|==|>=|>|~=|in|not[ \\t]+in';
const SIMPLE = new RegExp(
  `^(${NAME})` +
    `(?:[ \\t]*(\\[[ \\t]*((?:${NAME})(?:[ \\t]*,[ \\t]*${NAME})*)?[ \\t]*\\]))?` +
    `((?:[ \\t]*${ONE}(?:[ \\t]*,[ \\t]*${ONE})*)?)` +
    `(?:[ \\t]*;[ \\t]*((${MARKER_VAR})[ \\t]*(${MARKER_OP})[ \\t]*(${MARKER_VAR})))?` +
    '[ \\t]*$',
  'd',
);
const EACH = new RegExp(`(${OP})[ \\t]*(${VERSION})`, 'g');
const EXTRA = new RegExp(NAME, 'g');

/**
 * The common `name[extras] specs ; var op 'value'` line (ASCII, one marker comparison, no URL) in the
 * exact shape pip-requirements-js returns, without running its grammar: that grammar costs from a
 * third of a millisecond per line, which dominates checking a typical app. Anything else (several
 * marker clauses, parentheses, URLs, odd spellings) returns undefined and goes to the library; unit
 * tests hold both paths to the same output.
 */
export function parseSimpleRequirement(text: string): ProjectNameRequirementWithLocation | undefined {
  // Groups: 1 name, 2 `[extras]`, 3 the extras list, 4 specifiers, 5 marker, 6–8 its two sides and operator.
  const m = SIMPLE.exec(text);
  const name = m?.[1];
  const at = m?.indices;
  if (!m || !at || name === undefined) {
    return undefined;
  }
  const base = name.length;
  const brackets = at[2];
  const specs = specsOf(m[4] ?? '', at[4]?.[0] ?? base);
  const marker = at[5];
  const last = specs[specs.length - 1];
  // With no specifier the grammar's empty match swallows trailing blanks, so the requirement ends with the text.
  const end = marker?.[1] ?? last?.location.endIdx ?? text.length;
  const leaf = { left: m[6], operator: m[7], right: m[8] } as EnvironmentMarkerLeaf;
  return {
    data: {
      type: 'ProjectName',
      name: { data: name, location: { startIdx: 0, endIdx: base } },
      versionSpec: specs.length > 0 ? specs : undefined,
      extras: brackets ? extrasOf(m[3] ?? '', at[3]?.[0] ?? 0) : undefined,
      environmentMarkerTree: marker ? { data: leaf, location: { startIdx: marker[0], endIdx: marker[1] } } : undefined,
    },
    location: { startIdx: 0, endIdx: end },
  };
}

function extrasOf(list: string, offset: number): Located<string>[] {
  return [...list.matchAll(EXTRA)].map((e) => ({
    data: e[0],
    location: { startIdx: offset + e.index, endIdx: offset + e.index + e[0].length },
  }));
}

function specsOf(specText: string, offset: number): NonNullable<ProjectNameRequirementWithLocation['data']['versionSpec']> {
  return [...specText.matchAll(EACH)].map((s) => {
    const op = s[1] ?? '';
    const version = s[2] ?? '';
    const start = offset + s.index;
    const end = start + s[0].length;
    return {
      data: {
        operator: { data: op as VersionOperator, location: { startIdx: start, endIdx: start + op.length } },
        version: { data: version, location: { startIdx: end - version.length, endIdx: end } },
      },
      location: { startIdx: start, endIdx: end },
    };
  });
}

const PLAIN_RELEASE = /^[0-9]+(?:\.[0-9]+)*$/;

/**
 * pip-requirements-js, loaded on first use: building its grammar costs about 70 ms, and the lines
 * of a typical file never need it (parseSimpleRequirement reads them). `require` caches the module.
 */
export function pipRequirements(): typeof PipRequirements {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deliberate lazy load, see above
  return require('pip-requirements-js') as typeof PipRequirements;
}

/** PEP 440 validity of one specifier; plain release numbers skip the library's costly range pattern. */
export function isValidSpecifier(operator: string, version: string): boolean {
  if (PLAIN_RELEASE.test(version)) {
    // Every operator takes a plain release, except `~=` which needs at least two components.
    return operator !== '~=' || version.includes('.');
  }
  return validRange(`${operator}${version}`);
}
