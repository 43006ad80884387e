import { explain, ge, gt, le, lt, valid } from '@renovatebot/pep440';
import type { VersionSpecifier } from '../../parsers/requirements';

/** A bound one specifier puts on the allowed versions. */
interface Bound {
  readonly version: string;
  readonly inclusive: boolean;
}

/** `1.2.*` → `1.3`; `~=1.2.3` → `1.3`; `~=2.1` → `3`: the exclusive end of a prefix range. */
function bumpedPrefix(release: readonly number[], keep: number): string | undefined {
  const head = release.slice(0, keep);
  const last = head[head.length - 1];
  if (last === undefined) {
    return undefined;
  }
  return [...head.slice(0, -1), last + 1].join('.');
}

/** The highest version a specifier allows, if it caps at all (`==`, `===`, `<`, `<=`, `~=`, `==x.*`). */
function upperBound(s: VersionSpecifier): Bound | undefined {
  const v = s.version.trim();
  if (s.operator === '==' && v.endsWith('.*')) {
    const release = explain(v.slice(0, -2))?.release;
    const end = release ? bumpedPrefix(release, release.length) : undefined;
    return end ? { version: end, inclusive: false } : undefined;
  }
  if (!valid(v)) {
    return undefined; // not a PEP 440 version (a `===` string, a `${VAR}`): nothing to judge
  }
  switch (s.operator) {
    case '==':
    case '===':
    case '<=':
      return { version: v, inclusive: true };
    case '<':
      return { version: v, inclusive: false };
    case '~=': {
      const release = explain(v)?.release ?? [];
      const end = release.length >= 2 ? bumpedPrefix(release, release.length - 1) : undefined;
      return end ? { version: end, inclusive: false } : undefined;
    }
    default:
      return undefined;
  }
}

/** The lowest version a specifier allows, if it has a floor (`==`, `===`, `>=`, `>`, `~=`, `==x.*`). */
function lowerBound(s: VersionSpecifier): Bound | undefined {
  const v = s.version.trim();
  const base = s.operator === '==' && v.endsWith('.*') ? v.slice(0, -2) : v;
  if (!valid(base)) {
    return undefined;
  }
  switch (s.operator) {
    case '==':
    case '===':
    case '>=':
    case '~=':
      return { version: base, inclusive: true };
    case '>':
      return { version: base, inclusive: false };
    default:
      return undefined;
  }
}

/**
 * Whether the specifier set allows any version at or above `min`. False exactly when some cap ends
 * below it: `==0.0.1`, `<0.0.6`, `~=0.0.3` all rule out 0.0.6. An empty set allows everything.
 */
export function allowsAtLeast(specs: readonly VersionSpecifier[], min: string): boolean {
  return specs.every((s) => {
    const b = upperBound(s);
    return !b || (b.inclusive ? ge(b.version, min) : gt(b.version, min));
  });
}

/** Whether the specifier set allows any version at or below `max` (false when a floor is above it). */
export function allowsAtMost(specs: readonly VersionSpecifier[], max: string): boolean {
  return specs.every((s) => {
    const b = lowerBound(s);
    return !b || (b.inclusive ? le(b.version, max) : lt(b.version, max));
  });
}

/** Whether every version the set allows is at or above `min` (`dash==3.0.4`, `dash>=3`, `dash~=3.1`). */
export function requiresAtLeast(specs: readonly VersionSpecifier[], min: string): boolean {
  return specs.some((s) => {
    const b = lowerBound(s);
    return b !== undefined && ge(b.version, min);
  });
}

/** `==1.0`, `<2,>=1` as written, for messages. */
export function specifierText(specs: readonly VersionSpecifier[]): string {
  return specs.map((s) => `${s.operator}${s.version}`).join(',');
}
