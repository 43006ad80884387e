import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { parseCondaSpec, type CondaSpec } from './condaSpec';
import { trailingCommentStart, trimmedRange } from './lineTokens';

export interface CondaRequirement {
  readonly spec: CondaSpec;
  /** The spec text as written, without a trailing comment. */
  readonly text: string;
  readonly line: number;
  readonly range: Range;
  readonly nameRange: Range;
  readonly versionRange?: Range;
}

export interface CondaRequirements {
  readonly requirements: readonly CondaRequirement[];
  /** Package URLs of a `conda list --explicit` file (after `@EXPLICIT`). */
  readonly urls: readonly { readonly url: string; readonly line: number; readonly range: Range }[];
}

/**
 * conda-requirements.txt, usually `conda list --export` output (`name=version=build`, `#` comments),
 * also hand-written `name==version`, `name version` or bare names.
 */
export function parseCondaRequirements(text: string): ParseResult<CondaRequirements> {
  const index = new LineIndex(text);
  const requirements: CondaRequirement[] = [];
  const urls: { url: string; line: number; range: Range }[] = [];
  const issues: ParseIssue[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed === '@EXPLICIT') {
      continue;
    }
    const range = trimmedRange(raw, line);
    if (/^(https?|file):\/\/\S+$/.test(trimmed)) {
      urls.push({ url: trimmed, line, range });
      continue;
    }
    const spec = parseCondaSpec(trimmed);
    if (!spec) {
      issues.push({ range, message: `\`${trimmed}\` is not a conda package spec; use \`name=version\` or \`name=version=build\`.` });
      continue;
    }
    const at = range.start.character;
    const specText = trimmed.slice(0, trailingCommentStart(trimmed));
    requirements.push({
      spec,
      text: specText,
      line,
      range: { start: range.start, end: { line, character: at + specText.length } },
      nameRange: { start: { line, character: at + spec.nameStart }, end: { line, character: at + spec.nameStart + spec.name.length } },
      ...(spec.versionStart !== undefined && spec.version
        ? {
            versionRange: {
              start: { line, character: at + spec.versionStart },
              end: { line, character: at + spec.versionStart + spec.version.length },
            },
          }
        : {}),
    });
  }
  return parsed({ requirements, urls }, issues);
}
