import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import type { CondaChannel } from './condarc';
import { parseCondaSpec, pythonMinorOf, type CondaSpec } from './condaSpec';
import { loadYaml, locateItems, topLevelBlock, type YamlItem } from './yamlBlocks';

export interface EnvironmentDependency {
  /** The match spec as written, e.g. `numpy=1.26`. */
  readonly text: string;
  /** Undefined when the text is not a conda match spec (reported as an issue). */
  readonly spec?: CondaSpec;
  readonly range: Range;
}

export interface EnvironmentPip {
  /** Range of the `pip:` item that holds the list. */
  readonly range: Range;
  /** pip requirement lines, in order. */
  readonly requirements: readonly { readonly text: string; readonly range: Range }[];
}

export interface EnvironmentYml {
  readonly value: unknown;
  readonly name?: string;
  readonly channels: readonly CondaChannel[];
  /** Conda dependencies in order, without the nested `pip:` list. */
  readonly dependencies: readonly EnvironmentDependency[];
  readonly pip?: EnvironmentPip;
  /** Range of the `dependencies:` key, when present. */
  readonly dependenciesKeyRange?: Range;
  /** The `python=X.Y` dependency, as a minor version. */
  readonly python?: { readonly minor: string; readonly range: Range };
  /** Top-level keys other than name, channels and dependencies (`prefix`, `variables`…). */
  readonly otherKeys: readonly string[];
}

/**
 * environment.yml (conda's format, what DE5 reads for conda apps): `name`, `channels`, and
 * `dependencies` (match specs plus a nested `pip:` list). js-yaml validates and loads it; positions
 * of list items come from scanning the lines, because js-yaml reports none.
 */
export function parseEnvironmentYml(text: string): ParseResult<EnvironmentYml> {
  const index = new LineIndex(text);
  const loaded = loadYaml(text, index, 'environment.yml');
  const issues: ParseIssue[] = [...loaded.issues];
  const value = loaded.value;
  const empty: EnvironmentYml = { value, channels: [], dependencies: [], otherKeys: [] };
  if (value === undefined || value === null) {
    if (loaded.issues.length === 0) {
      issues.push({ range: index.lineRange(0), message: 'environment.yml is empty; it needs at least a `dependencies:` list.' });
    }
    return parsed(empty, issues);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    issues.push({
      range: index.lineRange(0),
      message: 'environment.yml must be a YAML mapping with `name`, `channels` and `dependencies`.',
    });
    return parsed(empty, issues);
  }
  const map = value as Record<string, unknown>;
  const name = typeof map['name'] === 'string' ? map['name'] : undefined;
  const channels = channelsOf(map['channels'], index, issues);

  const block = topLevelBlock(index, 'dependencies');
  const keyRange = block?.keyRange ?? index.lineRange(0);
  const rawDeps = map['dependencies'];
  const dependencies: EnvironmentDependency[] = [];
  let pip: EnvironmentPip | undefined;
  if (rawDeps !== undefined && rawDeps !== null && !Array.isArray(rawDeps)) {
    issues.push({ range: keyRange, message: '`dependencies` must be a list of packages.' });
  }
  const deps: unknown[] = Array.isArray(rawDeps) ? rawDeps : [];
  const items = block?.items ?? [];
  const depIndent = items[0]?.indent;
  const topItems = items.filter((i) => i.indent === depIndent);
  const strings = deps.filter((d): d is string | number => typeof d === 'string' || typeof d === 'number').map(String);
  const ranges = locateItems(strings, topItems, keyRange);
  let s = 0;
  for (const d of deps) {
    if (typeof d === 'string' || typeof d === 'number') {
      const range = ranges[s++] ?? keyRange;
      const spec = parseCondaSpec(String(d));
      if (!spec) {
        issues.push({ range, message: `\`${String(d)}\` is not a conda package spec; use \`name\` or \`name=version\`.` });
      }
      dependencies.push({ text: String(d), ...(spec ? { spec } : {}), range });
    } else if (isPipMap(d)) {
      pip = pipOf(d.pip, items, depIndent, keyRange, issues);
    } else {
      issues.push({ range: keyRange, message: 'Each entry of `dependencies` must be a package spec or a `pip:` list.' });
    }
  }

  const py = dependencies.find((d) => d.spec && pythonMinorOf(d.spec));
  const pyMinor = py?.spec ? pythonMinorOf(py.spec) : undefined;
  return parsed(
    {
      value,
      ...(name === undefined ? {} : { name }),
      channels,
      dependencies,
      ...(pip ? { pip } : {}),
      ...(block ? { dependenciesKeyRange: block.keyRange } : {}),
      ...(py && pyMinor ? { python: { minor: pyMinor, range: py.range } } : {}),
      otherKeys: Object.keys(map).filter((k) => !['name', 'channels', 'dependencies'].includes(k)),
    },
    issues,
  );
}

function isPipMap(d: unknown): d is { pip: unknown } {
  return typeof d === 'object' && d !== null && !Array.isArray(d) && Object.keys(d).length === 1 && 'pip' in d;
}

function channelsOf(raw: unknown, index: LineIndex, issues: ParseIssue[]): CondaChannel[] {
  if (raw === undefined || raw === null) {
    return [];
  }
  const block = topLevelBlock(index, 'channels');
  const fallback = block?.keyRange ?? index.lineRange(0);
  if (!Array.isArray(raw) || raw.some((c) => typeof c !== 'string')) {
    issues.push({ range: fallback, message: '`channels` must be a list of channel names.' });
    return [];
  }
  const names = raw as string[];
  const ranges = locateItems(names, block?.items ?? [], fallback);
  return names.map((name, i) => ({ name, range: ranges[i] ?? fallback }));
}

/** The nested `- pip:` list: items written deeper than the dependency items, after the `pip:` line. */
function pipOf(
  raw: unknown,
  items: readonly YamlItem[],
  depIndent: number | undefined,
  fallback: Range,
  issues: ParseIssue[],
): EnvironmentPip {
  const at = items.findIndex((i) => i.indent === depIndent && /^pip\s*:/.test(i.raw));
  const pipItem = items[at];
  const range = pipItem?.range ?? fallback;
  const nested: YamlItem[] = [];
  for (let i = at + 1; at >= 0 && i < items.length; i++) {
    const item = items[i];
    if (!item || item.indent <= (depIndent ?? 0)) {
      break;
    }
    nested.push(item);
  }
  if (!Array.isArray(raw) || raw.some((r) => typeof r !== 'string')) {
    issues.push({ range, message: '`pip:` in environment.yml must be a list of requirement lines.' });
    return { range, requirements: [] };
  }
  const lines = raw as string[];
  const ranges = locateItems(lines, nested, range);
  return { range, requirements: lines.map((text, i) => ({ text, range: ranges[i] ?? range })) };
}
