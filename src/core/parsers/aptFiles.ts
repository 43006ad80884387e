import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { contentLines, lineTokens, trimmedRange } from './lineTokens';

/** One package of an apt list, e.g. `libpq-dev`, `openjdk-8*`, `git=1:2.17.1-1`. */
export interface AptPackage {
  readonly name: string;
  readonly line: number;
  readonly range: Range;
}

export interface AptPackages {
  readonly packages: readonly AptPackage[];
}

// Debian package names plus what apt-get accepts after them: `=version`, `/release`, `:arch`, globs.
const APT_PACKAGE = /^[A-Za-z0-9][A-Za-z0-9+.~_:=*?[\]/-]*$/;

/** Why a word is not a package, or undefined; `repoHint` says where repositories go in this file kind. */
function packageIssue(name: string, repoHint: string): string | undefined {
  if (/^ppa:|^[a-z]+:\/\//.test(name)) {
    return `\`${name}\` is not a package name; ${repoHint}.`;
  }
  if (APT_PACKAGE.test(name)) {
    return undefined;
  }
  return `\`${name}\` is not a valid apt package name.`;
}

/**
 * `apt-packages` (and the bare `apt` file): package names separated by spaces or line breaks, `#`
 * comments. DE4's dokku-apt plugin passes the words straight to `apt-get install`.
 */
export function parseAptPackages(text: string): ParseResult<AptPackages> {
  const index = new LineIndex(text);
  const packages: AptPackage[] = [];
  const issues: ParseIssue[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    if (/^\s*deb(-src)?\s/.test(raw)) {
      issues.push({
        range: trimmedRange(raw, line),
        message: 'A `deb …` repository line is not a package; repositories belong in apt-repositories.',
      });
      continue;
    }
    for (const t of lineTokens(raw, line)) {
      const problem = packageIssue(t.text, 'repositories belong in apt-repositories');
      if (problem) {
        issues.push({ range: t.range, message: problem });
      } else {
        packages.push({ name: t.text, line, range: t.range });
      }
    }
  }
  return parsed({ packages }, issues);
}

export type AptfileEntry =
  | { readonly kind: 'package'; readonly name: string; readonly line: number; readonly range: Range }
  /** A direct `.deb` download. */
  | { readonly kind: 'deb-url'; readonly url: string; readonly line: number; readonly range: Range }
  /** `:repo:deb <url> <dist> <component>`; `repo` is the text after `:repo:`. */
  | { readonly kind: 'repo'; readonly repo: string; readonly line: number; readonly range: Range };

export interface Aptfile {
  readonly entries: readonly AptfileEntry[];
}

/**
 * Aptfile (Heroku/Paketo style, what DE5 reads): a package, a `.deb` URL or a `:repo:` line per
 * line, `#` comments. Words of a package line are split like the buildpack's shell loop does.
 */
export function parseAptfile(text: string): ParseResult<Aptfile> {
  const index = new LineIndex(text);
  const entries: AptfileEntry[] = [];
  const issues: ParseIssue[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    const trimmed = raw.trim();
    if (trimmed.startsWith(':repo:')) {
      const repo = trimmed.slice(':repo:'.length).trim();
      const range = trimmedRange(raw, line);
      if (!/^deb(-src)?\s+\S+/.test(repo)) {
        issues.push({ range, message: 'Aptfile `:repo:` lines must look like `:repo:deb <url> <distribution> <component>`.' });
        continue;
      }
      entries.push({ kind: 'repo', repo, line, range });
      continue;
    }
    if (/^deb(-src)?\s/.test(trimmed)) {
      issues.push({
        range: trimmedRange(raw, line),
        message: 'Aptfile repository lines need the `:repo:` prefix, e.g. `:repo:deb <url> <distribution> <component>`.',
      });
      continue;
    }
    for (const t of lineTokens(raw, line)) {
      if (/^https?:\/\/\S+\.deb$/.test(t.text)) {
        entries.push({ kind: 'deb-url', url: t.text, line, range: t.range });
        continue;
      }
      const problem = packageIssue(t.text, 'write repositories as `:repo:deb <url> <distribution> <component>`');
      if (problem) {
        issues.push({ range: t.range, message: problem });
      } else {
        entries.push({ kind: 'package', name: t.text, line, range: t.range });
      }
    }
  }
  return parsed({ entries }, issues);
}

export type AptRepository =
  | { readonly kind: 'ppa'; readonly text: string; readonly line: number; readonly range: Range }
  | { readonly kind: 'deb'; readonly text: string; readonly line: number; readonly range: Range };

export interface AptRepositories {
  readonly repositories: readonly AptRepository[];
}

/** `apt-repositories`: one `ppa:owner/name` or `deb …` line per repository, `#` comments. */
export function parseAptRepositories(text: string): ParseResult<AptRepositories> {
  const index = new LineIndex(text);
  const repositories: AptRepository[] = [];
  const issues: ParseIssue[] = [];
  for (const { line, raw, trimmed } of contentLines(index)) {
    const range = trimmedRange(raw, line);
    if (/^ppa:[^\s/]+\/\S+$/.test(trimmed)) {
      repositories.push({ kind: 'ppa', text: trimmed, line, range });
    } else if (/^deb(-src)?\s+\S+\s+\S+/.test(trimmed)) {
      repositories.push({ kind: 'deb', text: trimmed, line, range });
    } else {
      issues.push({ range, message: 'apt-repositories lines must be `ppa:<owner>/<name>` or `deb <url> <distribution> [components]`.' });
    }
  }
  return parsed({ repositories }, issues);
}
