import { trailingCommentStart } from './lineTokens';

/** A conda match spec as written in conda-requirements.txt or environment.yml, e.g. `numpy=1.26=py310h…`. */
export interface CondaSpec {
  readonly name: string;
  /** `conda-forge` in `conda-forge::numpy`. */
  readonly channel?: string;
  /** `=`, `==`, `>=`…; `' '` for the `name version [build]` form; `[]` for `name[key=value,…]`. */
  readonly operator?: string;
  /** Version or version constraint, e.g. `1.26`, `1.2.*`, `>=1,<2` (after the operator). */
  readonly version?: string;
  /** Build string of `conda list --export` lines, e.g. `py37_0`. */
  readonly build?: string;
  /** Offsets of the name and version inside the spec text, for exact ranges. */
  readonly nameStart: number;
  readonly versionStart?: number;
}

const NAME = /^(?:([^\s:]+)::)?([A-Za-z0-9_][A-Za-z0-9_.+-]*)/;

/**
 * Parses one match spec, or returns undefined when the text is not one. Covers the forms real files
 * use: `name`, `name=ver`, `name=ver=build`, `name==ver`, `name>=ver,<ver`, `name ver [build]`,
 * `channel::name…`. A `#` comment after whitespace is ignored, as conda does.
 */
export function parseCondaSpec(text: string): CondaSpec | undefined {
  const spec = text.slice(0, trailingCommentStart(text)).trimEnd();
  const n = NAME.exec(spec);
  if (!n || !n[2]) {
    return undefined;
  }
  const channel = n[1];
  const name = n[2];
  const nameStart = channel === undefined ? 0 : channel.length + 2;
  const base = { name, ...(channel === undefined ? {} : { channel }), nameStart };
  const rest = spec.slice(n[0].length);
  if (rest === '') {
    return base;
  }
  const at = n[0].length;
  const exported = /^=([^=\s<>!~]+)=([^=\s]+)$/.exec(rest);
  if (exported?.[1] && exported[2]) {
    return { ...base, operator: '=', version: exported[1], build: exported[2], versionStart: at + 1 };
  }
  const op = /^(==|=|>=|<=|!=|~=|>|<)\s*([^\s=][^\s]*)$/.exec(rest);
  if (op?.[1] && op[2]) {
    return { ...base, operator: op[1], version: op[2], versionStart: at + rest.indexOf(op[2], op[1].length) };
  }
  const bracket = /^\[(.*)\]$/.exec(rest);
  if (bracket?.[1] !== undefined) {
    return { ...base, operator: '[]', version: bracket[1], versionStart: at + 1 };
  }
  const spaced = /^(\s+)([^\s=<>!~][^\s]*)(?:\s+(\S+))?$/.exec(rest);
  if (spaced?.[1] !== undefined && spaced[2]) {
    return {
      ...base,
      operator: ' ',
      version: spaced[2],
      ...(spaced[3] ? { build: spaced[3] } : {}),
      versionStart: at + spaced[1].length,
    };
  }
  return undefined;
}

/** `3.10` from `python=3.10`, `python==3.10.4`, `python 3.10` or `python=3.10.4=h…`; else undefined. */
export function pythonMinorOf(spec: CondaSpec): string | undefined {
  if (spec.name.toLowerCase() !== 'python' || !spec.version || !['=', '==', ' '].includes(spec.operator ?? '')) {
    return undefined;
  }
  const m = /^(\d+)\.(\d+)/.exec(spec.version);
  return m ? `${m[1]}.${m[2]}` : undefined;
}
