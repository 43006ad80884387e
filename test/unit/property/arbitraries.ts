import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { decodeSource } from '../../../src/core/discovery/decode';
import { parseManifest, standInModules } from '../../support/corpusStandIns';
import { de4Metadata } from '../../support/de4AppBuilder';
import { corpusDir, corpusFiles } from '../core/parsers/corpusFiles';

/**
 * Inputs for the property tests of issue #7: real app files (the shared corpus and test/fixtures)
 * mutated the way files get damaged in the wild, plus text built from each format's own words and
 * plain random strings.
 */

/** Where the seeds of one file format come from. */
export interface SeedSource {
  /** Root file names in the shared corpus; `corpusFiles` throws when no app has one, so a rename fails loudly. */
  readonly corpus?: readonly string[];
  /** Paths under test/fixtures ending with one of these, e.g. `Procfile` or `.de-migrate/de4-app.json`. */
  readonly fixtures?: readonly string[];
  /** Hand-written samples for forms neither holds; also what remains when the corpus is not checked out. */
  readonly samples: readonly string[];
}

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) {
      throw new Error('no package.json above the test folder');
    }
    dir = up;
  }
  return dir;
}

/** Relative paths (forward slashes) of every file under `dir`, in a stable order. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      const rel = prefix === '' ? name : `${prefix}/${name}`;
      return statSync(full).isDirectory() ? filesUnder(full, rel) : [rel];
    });
}

/** Every seed text of one format: corpus files, fixture files and samples, decoded as the loader does. */
export function seedTexts(source: SeedSource): string[] {
  const fixtures = join(repoRoot(), 'test', 'fixtures');
  const fromFixtures = filesUnder(fixtures)
    .filter((p) => (source.fixtures ?? []).some((name) => p === name || p.endsWith(`/${name}`)))
    .map((p) => decodeSource(p, readFileSync(join(fixtures, p))).text);
  const fromCorpus = (source.corpus ?? []).flatMap((name) => corpusFiles(name).map((f) => f.text));
  return [...new Set([...fromCorpus, ...fromFixtures, ...source.samples])];
}

/** The corpus's reconstructed Python modules (see corpusStandIns.ts); empty without the corpus. */
export function corpusPythonSeeds(): string[] {
  const root = corpusDir();
  const manifest = root === undefined ? undefined : join(root, 'MANIFEST.json');
  if (manifest === undefined || !existsSync(manifest)) {
    return [];
  }
  return parseManifest(readFileSync(manifest, 'utf8')).flatMap((entry) => [...standInModules(entry).values()]);
}

/** `.de-migrate/de4-app.json` as the real builder writes it, with every section filled in. */
export function builtDe4MetadataSeed(): string {
  return `${JSON.stringify(de4Metadata(), null, 2)}\n`;
}

/** Characters and fragments that break line-based and quoted formats. */
export const SPECIALS: readonly string[] = [
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\0',
  ' ',
  '\f',
  '\v',
  '\u00a0',
  '\ufeff',
  '\u2028',
  '\u0085',
  'é',
  'İ',
  '\u{1F600}',
  '\ud800',
  '\udc00',
  '"',
  "'",
  '\\',
  '\\\n',
  '"""',
  "'''",
  '#',
  '=',
  ':',
  ';',
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  ',',
  '-',
  '--',
  '==',
  '@',
  '/',
  '.',
  '*',
  '~',
  '!',
  '<',
  '>',
  '|',
  '&',
  '`',
  '$',
  '%',
  '0',
  '-1',
  '1e999',
  'null',
  'true',
  // Suppression comments, so the engine's suppression path sees odd lines too.
  '# de-migrate: ignore[*]',
  '# de-migrate: ignore[parse-error, x',
];

const LONG_UNITS = ['a', ' ', '=', '[', '{', '"', "'", '\\', '# ', 'x ', 'é', '\t', '-', '.', '0', '\u{1F600}', '(', ':'];

type Mutation = (text: string) => string;

function at(text: string, n: number): number {
  return n % (text.length + 1);
}

function lineOps(apply: (lines: string[], i: number, j: number) => void): fc.Arbitrary<Mutation> {
  return fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Mutation => {
    return (text) => {
      const lines = text.split('\n');
      apply(lines, i % lines.length, j % lines.length);
      return lines.join('\n');
    };
  });
}

/**
 * Any code point, lone surrogates included, mostly ASCII and BMP: fast-check's `binary` unit without
 * its cost, about a second of set-up per string arbitrary (it maps all of Unicode for shrinking).
 */
function codePoint(): fc.Arbitrary<string> {
  return fc
    .oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0x10ffff }))
    .map((c) => String.fromCodePoint(c));
}

/** What every format's generator shares, built once per test file. */
export interface SharedInputs {
  /** Lines of every seed of every format, to splice into files of another format. */
  readonly donorLines: readonly string[];
  /** A short fragment to insert: a special character or any few code points. */
  readonly fragment: fc.Arbitrary<string>;
  readonly noise: fc.Arbitrary<string>;
}

export function sharedInputs(allSeeds: readonly string[]): SharedInputs {
  return {
    donorLines: [...new Set(allSeeds.flatMap((t) => t.split(/\r\n|\r|\n/)))].sort(),
    fragment: fc.oneof(fc.constantFrom(...SPECIALS), fc.string({ unit: codePoint(), maxLength: 8 })),
    noise: noiseText(),
  };
}

/** One edit: characters and lines inserted, deleted, swapped or spliced in, line ends changed, cut short. */
function mutation(shared: SharedInputs): fc.Arbitrary<Mutation> {
  const { donorLines, fragment } = shared;
  const splice = (lines: string[], i: number, j: number): void => {
    const k = j % Math.max(1, donorLines.length);
    lines.splice(i, 0, ...donorLines.slice(k, k + 1 + (j % 3)));
  };
  const w = (arbitrary: fc.Arbitrary<Mutation>, weight = 4): fc.WeightedArbitrary<Mutation> => ({ arbitrary, weight });
  return fc.oneof(
    w(
      fc.tuple(fc.nat(), fragment).map(
        ([n, s]): Mutation =>
          (t) =>
            t.slice(0, at(t, n)) + s + t.slice(at(t, n)),
      ),
    ),
    w(
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(
        ([n, len]): Mutation =>
          (t) =>
            t.slice(0, at(t, n)) + t.slice(at(t, n) + len),
      ),
    ),
    w(
      fc.tuple(fc.nat(), fragment).map(
        ([n, s]): Mutation =>
          (t) =>
            t.slice(0, at(t, n)) + s + t.slice(at(t, n) + 1),
      ),
    ),
    w(lineOps((lines, i) => lines.splice(i, 0, lines[i] ?? ''))),
    w(lineOps((lines, i) => lines.splice(i, 1))),
    w(
      lineOps((lines, i, j) => {
        const a = lines[i] ?? '';
        lines[i] = lines[j] ?? '';
        lines[j] = a;
      }),
    ),
    w(
      fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Mutation => (t) => {
        const lines = t.split('\n');
        splice(lines, i % lines.length, j);
        return lines.join('\n');
      }),
    ),
    w(
      fc.constantFrom('\r\n', '\r', '\n', '\n\n', '\u2028').map(
        (eol): Mutation =>
          (t) =>
            t.replace(/\r\n|\r|\n/g, eol),
      ),
    ),
    w(
      fc.tuple(fc.nat(), fc.constantFrom('\t', '  ', ' \t', '\f', '\u00a0', '', '        ')).map(([n, indent]): Mutation => (t) => {
        const lines = t.split('\n');
        const i = n % lines.length;
        lines[i] = indent + (lines[i] ?? '').trimStart();
        return lines.join('\n');
      }),
    ),
    w(
      fc.nat().map(
        (n): Mutation =>
          (t) =>
            t.slice(0, at(t, n)),
      ),
    ),
    // Rarer, because a long line costs the slowest parsers (pip's grammar) up to a second.
    w(
      fc.tuple(fc.nat(), fc.constantFrom(...LONG_UNITS), fc.integer({ min: 200, max: 8_000 })).map(
        ([n, unit, times]): Mutation =>
          (t) =>
            t.slice(0, at(t, n)) + unit.repeat(Math.ceil(times / unit.length)) + t.slice(at(t, n)),
      ),
      1,
    ),
  );
}

/** A seed with up to six edits applied (none, sometimes: the real file must pass too). */
export function mutatedText(seeds: readonly string[], shared: SharedInputs): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation(shared), { maxLength: 6 }))
    .map(([seed, edits]) => edits.reduce((t, edit) => edit(t), seed));
}

/** Text made of the seeds' own words, punctuation and blanks, in random order. */
export function vocabularyText(seeds: readonly string[]): fc.Arbitrary<string> {
  const words = new Set<string>(['\n', ' ', '\t', '\r\n']);
  for (const seed of seeds) {
    for (const m of seed.matchAll(/[ \t]+|\r\n|\r|\n|[A-Za-z0-9_]+|./gsu)) {
      words.add(m[0]);
    }
  }
  return fc.array(fc.constantFrom(...[...words].sort()), { maxLength: 80, size: 'medium' }).map((w) => w.join(''));
}

function jsonPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const out = [path];
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...jsonPaths(v, [...path, i])));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push(...jsonPaths(v, [...path, k]));
    }
  }
  return out;
}

/** A copy of `doc` with the value at `path` replaced, or removed when `value` is undefined. */
function replaced(doc: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) {
    return value;
  }
  if (Array.isArray(doc)) {
    const copy: unknown[] = [...(doc as unknown[])];
    const i = Number(head);
    if (rest.length === 0 && value === undefined) {
      copy.splice(i, 1);
    } else {
      copy[i] = replaced(copy[i], rest, value);
    }
    return copy;
  }
  const copy: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  const key = String(head);
  if (rest.length === 0 && value === undefined) {
    delete copy[key];
  } else {
    copy[key] = replaced(copy[key], rest, value);
  }
  return copy;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    // Not JSON: this seed only feeds the text mutations.
    return false;
  }
}

/** JSON seeds with one value anywhere replaced by any JSON value, or removed: valid JSON, wrong shapes. */
export function jsonVariant(seeds: readonly string[]): fc.Arbitrary<string> {
  const docs = seeds.filter(parsesAsJson).map((s) => JSON.parse(s) as unknown);
  if (docs.length === 0) {
    throw new Error('jsonVariant needs at least one JSON seed');
  }
  return fc
    .tuple(fc.constantFrom(...docs), fc.nat(), fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }), fc.constantFrom(0, 2, '\t'))
    .map(([doc, n, value, indent]) => {
      const paths = jsonPaths(doc);
      return JSON.stringify(replaced(doc, paths[n % paths.length] ?? [], value), null, indent) ?? '';
    });
}

/**
 * Random strings: fast-check's full-Unicode units (`binary`: any code point; `grapheme`), any UTF-16
 * code units (lone surrogates included) and dense special characters. Built once per file (see
 * `codePoint`).
 */
function noiseText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200, size: 'medium' }),
    fc.string({ unit: 'grapheme', maxLength: 100, size: 'medium' }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 100, size: 'medium' }),
    fc.string({ unit: fc.constantFrom(...SPECIALS, 'a', 'web', 'dash', 'python', '1'), maxLength: 80, size: 'medium' }),
  );
}

/** The mix every parser gets: mostly mutated real files, then format words, JSON reshapes and noise. */
export function fileText(seeds: readonly string[], shared: SharedInputs, options: { json?: boolean } = {}): fc.Arbitrary<string> {
  if (seeds.length === 0) {
    throw new Error('a format needs at least one seed');
  }
  return fc.oneof(
    { arbitrary: mutatedText(seeds, shared), weight: 6 },
    { arbitrary: vocabularyText(seeds), weight: 2 },
    { arbitrary: shared.noise, weight: 2 },
    ...(options.json ? [{ arbitrary: jsonVariant(seeds), weight: 3 }] : []),
  );
}
