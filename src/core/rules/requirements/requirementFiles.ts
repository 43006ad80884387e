import type { AppContext } from '../../model/appContext';
import { LineIndex } from '../../model/text';
import type { Range, SourceFile } from '../../model/types';
import {
  parseRequirements,
  requirementIncludes,
  type PipOption,
  type Requirement,
  type RequirementsFile,
} from '../../parsers/requirements';

export const REQUIREMENTS_TXT = 'requirements.txt';

export interface RequirementFileView {
  readonly path: string;
  readonly source: SourceFile;
  readonly parsed: RequirementsFile;
  readonly index: LineIndex;
}

export interface LocatedRequirement {
  readonly file: RequirementFileView;
  readonly req: Requirement;
}

export interface RequirementSet {
  /** requirements.txt first, then the root files it pulls in with `-r`, in include order. */
  readonly files: readonly RequirementFileView[];
  /** `-r` includes the snapshot does not hold (nested or missing files): their contents are unknown. */
  readonly unresolved: readonly { readonly file: string; readonly option: PipOption }[];
}

/**
 * What pip installs for the app: requirements.txt and, recursively, the root-level files it includes
 * with `-r`. Undefined when requirements.txt is missing or unreadable.
 */
export function requirementSet(app: AppContext): RequirementSet | undefined {
  const files: RequirementFileView[] = [];
  const unresolved: { file: string; option: PipOption }[] = [];
  const seen = new Set<string>();
  const visit = (path: string): boolean => {
    const source = app.file(path);
    const parsed = source ? app.parse(path, parseRequirements) : undefined;
    if (!source || !parsed) {
      return false;
    }
    seen.add(path);
    const view: RequirementFileView = { path, source, parsed: parsed.value, index: new LineIndex(source.text) };
    files.push(view);
    for (const inc of requirementIncludes(parsed.value)) {
      const target = rootRelative(inc.value ?? '');
      if (target !== undefined && seen.has(target)) {
        continue;
      }
      if (target === undefined || !visit(target)) {
        unresolved.push({ file: path, option: inc });
      }
    }
    return true;
  };
  return visit(REQUIREMENTS_TXT) ? { files, unresolved } : undefined;
}

/** `./base.txt` → `base.txt`; nested or parent paths and URLs → undefined (the snapshot holds root files only). */
function rootRelative(p: string): string | undefined {
  const clean = p.trim().replace(/^(\.\/)+/, '');
  return clean === '' || /[/\\:]/.test(clean) || clean.includes('${') ? undefined : clean;
}

export function allRequirements(set: RequirementSet): LocatedRequirement[] {
  return set.files.flatMap((file) => file.parsed.requirements.map((req) => ({ file, req })));
}

/** Requirements of one (normalised) project name, in file order. */
export function requirementsNamed(set: RequirementSet, name: string): LocatedRequirement[] {
  return allRequirements(set).filter((r) => r.req.name === name);
}

/**
 * Ranges that delete whole lines (line breaks included), merging runs of adjacent lines so the edits
 * never overlap; a run at the end of the file takes the preceding line break instead.
 */
export function deleteLineRanges(index: LineIndex, lines: Iterable<number>): Range[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const l of sorted) {
    const last = runs[runs.length - 1];
    if (last && l === last[1] + 1) {
      last[1] = l;
    } else {
      runs.push([l, l]);
    }
  }
  return runs.map(([first, last]) => {
    if (last + 1 >= index.lineCount && first > 0) {
      return { start: { line: first - 1, character: index.lineLength(first - 1) }, end: { line: last, character: index.lineLength(last) } };
    }
    return { start: index.fullLineRange(first).start, end: index.fullLineRange(last).end };
  });
}

/** Lines a requirement or option occupies, continuations included. */
export function linesOf(item: { readonly firstLine: number; readonly lastLine: number }): number[] {
  const out: number[] = [];
  for (let l = item.firstLine; l <= item.lastLine; l++) {
    out.push(l);
  }
  return out;
}
