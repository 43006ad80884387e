import type { RequirementWithLocation } from 'pip-requirements-js';
import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { readOptions, tokenize, type RawOption } from './pipOptions';
import { isValidSpecifier, parseSimpleRequirement, pipRequirements } from './simpleRequirement';

export interface VersionSpecifier {
  /** `==`, `>=`, `~=`, … */
  readonly operator: string;
  readonly version: string;
  /** Operator and version, e.g. `>=1.0`. */
  readonly range: Range;
}

export interface PipOption {
  /** Canonical long spelling, e.g. `--index-url` for `-i`. */
  readonly name: string;
  /** As written: `-i`, `--index-url`, `--extra-index`. */
  readonly spelling: string;
  readonly value?: string;
  readonly nameRange: Range;
  /** The value as written (quotes included). */
  readonly valueRange?: Range;
  /** Option and value. */
  readonly range: Range;
  /** Physical lines of the logical line holding the option (continuations make it several). */
  readonly firstLine: number;
  readonly lastLine: number;
}

export interface Requirement {
  /** `name`: PEP 508 (`name[extras] specs ; markers` or `name @ url`); `url`: bare URL/VCS link; `path`: local archive or folder. */
  readonly kind: 'name' | 'url' | 'path';
  /** PEP 503-normalised project name; for URLs and paths only when `#egg=` or the file name tells it. */
  readonly name?: string;
  readonly rawName?: string;
  readonly nameRange?: Range;
  readonly extras: readonly string[];
  readonly specifiers: readonly VersionSpecifier[];
  /** From the first specifier to the last (inside any parentheses), for rewriting them all at once. */
  readonly specifierRange?: Range;
  readonly markers?: string;
  readonly markersRange?: Range;
  readonly url?: string;
  readonly urlRange?: Range;
  readonly editable: boolean;
  /** Per-requirement options on the same line (`--hash=…`). */
  readonly options: readonly PipOption[];
  /** The requirement and its per-requirement options, without the trailing comment. */
  readonly range: Range;
  readonly firstLine: number;
  readonly lastLine: number;
}

export interface RequirementsFile {
  readonly requirements: readonly Requirement[];
  /** File-level options, including `-r`/`-c` includes; `-e` lines are requirements. */
  readonly options: readonly PipOption[];
}

/** PEP 503: lowercase, runs of `-`, `_` and `.` become one `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Files pulled in with `-r`/`--requirement`, in order. */
export function requirementIncludes(file: RequirementsFile): PipOption[] {
  return file.options.filter((o) => o.name === '--requirement' && o.value !== undefined);
}

interface Segment {
  readonly logicalStart: number;
  readonly fileStart: number;
  readonly length: number;
}

/** One pip "line": physical lines joined at trailing backslashes, mapped back to file offsets. */
interface LogicalLine {
  readonly text: string;
  readonly segments: readonly Segment[];
  readonly firstLine: number;
  readonly lastLine: number;
}

const COMMENT_LINE = /^\s*#/;
// One blank before `#`, not `\s+`: a run of blanks would make the search quadratic in the line length.
const COMMENT = /(?:^|\s)#/;
const ENV_VAR = /\$\{[A-Z0-9_]+\}/g;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/|^file:/i;
const ARCHIVE = /\.(whl|zip|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|tar\.lz|tlz)$/i;
/**
 * Parses a pip requirements file with exact positions. PEP 508 requirements go through
 * pip-requirements-js one logical line at a time; around it this does what pip's `req_file.py`
 * does: backslash continuations, `#` comments (at line start or after whitespace), options,
 * URL/VCS and local-path requirements, and `${VAR}` interpolation. Bad lines become issues.
 */
export function parseRequirements(text: string): ParseResult<RequirementsFile> {
  const index = new LineIndex(text);
  const requirements: Requirement[] = [];
  const options: PipOption[] = [];
  const issues: ParseIssue[] = [];
  for (const ll of logicalLines(index)) {
    readLogicalLine(index, ll, requirements, options, issues);
  }
  return parsed({ requirements, options }, issues);
}

function logicalLines(index: LineIndex): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: { text: string; segments: Segment[]; firstLine: number } | undefined;
  const lineStart = (line: number): number => index.offsetAt({ line, character: 0 });
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    const isComment = COMMENT_LINE.test(raw);
    const continues = raw.endsWith('\\') && !isComment;
    const kept = continues ? raw.replace(/\\+$/, '') : raw;
    const part = pending ?? { text: '', segments: [], firstLine: line };
    if (isComment && pending) {
      // pip ends a continuation at a comment line; the comment is then dropped like any other.
      part.text += ' ';
    }
    part.segments.push({ logicalStart: part.text.length, fileStart: lineStart(line), length: kept.length });
    part.text += kept;
    if (continues) {
      pending = part;
      continue;
    }
    out.push({ text: part.text, segments: part.segments, firstLine: part.firstLine, lastLine: line });
    pending = undefined;
  }
  if (pending) {
    out.push({ text: pending.text, segments: pending.segments, firstLine: pending.firstLine, lastLine: index.lineCount - 1 });
  }
  return out;
}

/** File offset of a logical-line offset; an end offset at a line join stays on the earlier line. */
function fileOffset(ll: LogicalLine, offset: number, isEnd: boolean): number {
  let last: Segment | undefined;
  for (const seg of ll.segments) {
    const segEnd = seg.logicalStart + seg.length;
    const inside = isEnd ? offset > seg.logicalStart && offset <= segEnd : offset < segEnd;
    if (inside || (offset === 0 && seg.logicalStart === 0 && isEnd)) {
      return seg.fileStart + offset - seg.logicalStart;
    }
    last = seg;
  }
  return last ? last.fileStart + last.length : 0;
}

type RangeFn = (start: number, end: number) => Range;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function readLogicalLine(index: LineIndex, ll: LogicalLine, reqs: Requirement[], opts: PipOption[], issues: ParseIssue[]): void {
  const rangeOf: RangeFn = (s, e) => index.rangeOf(fileOffset(ll, s, false), fileOffset(ll, e, true));
  const comment = COMMENT.exec(ll.text);
  const content = (comment ? ll.text.slice(0, comment.index) : ll.text).trimEnd();
  if (content.trim() === '') {
    return;
  }
  // pip expands ${VAR} before parsing; a same-length placeholder keeps every offset valid.
  const forParse = content.replace(ENV_VAR, (m) => 'x'.repeat(m.length));
  const tokens = tokenize(forParse);
  const firstOption = tokens.findIndex((t) => t.text.startsWith('-'));
  const args = firstOption < 0 ? tokens : tokens.slice(0, firstOption);
  const read = readOptions(firstOption < 0 ? [] : tokens.slice(firstOption));
  for (const p of read.problems) {
    issues.push({ range: rangeOf(p.start, p.end), message: p.message });
  }
  const toOption = (o: RawOption): PipOption => ({
    name: o.spec.long,
    spelling: o.spelling,
    ...(o.value !== undefined ? { value: content.slice(o.valueStart, o.valueEnd).replace(/^(["'])(.*)\1$/, '$2') } : {}),
    nameRange: rangeOf(o.nameStart, o.nameEnd),
    ...(o.valueStart !== undefined ? { valueRange: rangeOf(o.valueStart, o.valueEnd ?? o.valueStart) } : {}),
    range: rangeOf(o.nameStart, o.valueEnd ?? o.nameEnd),
    firstLine: ll.firstLine,
    lastLine: ll.lastLine,
  });
  const perRequirement: PipOption[] = [];
  const ctx = { ll, content, forParse, rangeOf, issues };
  for (const o of read.options) {
    if (o.spec.long === '--editable' && o.valueStart !== undefined && o.valueEnd !== undefined) {
      const req = readTarget(ctx, o.valueStart, o.valueEnd, true, o.nameStart);
      if (req) {
        reqs.push(req);
      }
    } else if (o.spec.perRequirement && args.length > 0) {
      perRequirement.push(toOption(o));
    } else {
      opts.push(toOption(o));
    }
  }
  const first = args[0];
  const last = args[args.length - 1];
  if (first && last) {
    const req = readTarget(ctx, first.start, last.start + last.text.length, false, first.start);
    if (req) {
      req.options = perRequirement;
      req.range = rangeOf(first.start, content.length);
      reqs.push(req);
    }
  }
}

interface LineCtx {
  readonly ll: LogicalLine;
  /** The line without its comment. */
  readonly content: string;
  /** `content` with `${VAR}` replaced by placeholders. */
  readonly forParse: string;
  readonly rangeOf: RangeFn;
  readonly issues: ParseIssue[];
}

/** One requirement target: a URL, a local path, or a PEP 508 requirement (pip tries them in that order). */
function readTarget(ctx: LineCtx, start: number, end: number, editable: boolean, rangeStart: number): Mutable<Requirement> | undefined {
  const s = ctx.forParse.slice(start, end);
  const base = {
    extras: [] as string[],
    specifiers: [] as VersionSpecifier[],
    editable,
    options: [] as PipOption[],
    range: ctx.rangeOf(rangeStart, end),
    firstLine: ctx.ll.firstLine,
    lastLine: ctx.ll.lastLine,
  };
  if (URL_SCHEME.test(s)) {
    // pip separates a URL's markers with "; " because a bare ";" may belong to the URL.
    const sep = /;\s/.exec(s);
    const urlEnd = start + (sep ? s.slice(0, sep.index).trimEnd().length : s.length);
    const url = ctx.content.slice(start, urlEnd);
    return {
      ...base,
      kind: 'url',
      ...nameFromLink(url),
      url,
      urlRange: ctx.rangeOf(start, urlEnd),
      ...markersAfter(ctx, sep ? start + sep.index + 1 : undefined, end),
    };
  }
  const beforeMarker = s.split(';')[0]?.trim() ?? s;
  const withoutExtras = withoutTrailingExtras(beforeMarker);
  const beforeAt = withoutExtras.split('@')[0] ?? '';
  const looksLikePath = (p: string): boolean => p.includes('/') || p.includes('\\') || p.startsWith('.');
  const atIsPathPart = !withoutExtras.includes('@') || looksLikePath(beforeAt);
  if (atIsPathPart && (looksLikePath(withoutExtras) || ARCHIVE.test(withoutExtras))) {
    const semi = s.indexOf(';');
    const pathEnd = start + (semi < 0 ? s.length : s.slice(0, semi).trimEnd().length);
    const path = ctx.content.slice(start, pathEnd);
    return {
      ...base,
      kind: 'path',
      ...nameFromLink(path),
      url: path,
      urlRange: ctx.rangeOf(start, pathEnd),
      ...markersAfter(ctx, semi < 0 ? undefined : start + semi, end),
    };
  }
  return readPep508(ctx, start, end, base);
}

/**
 * `name[extras]` → `name`: what `/^(.+)(\[[^\]]+\])$/` matches, found by scanning back from the end
 * because that pattern backtracks quadratically on a long run of `[`.
 */
function withoutTrailingExtras(s: string): string {
  if (!s.endsWith(']')) {
    return s;
  }
  // Like the pattern: the extras hold no `]` and at least one character; the name holds no line break.
  const close = s.lastIndexOf(']', s.length - 2);
  const lineBreak = s.search(/[\n\r\u2028\u2029]/);
  for (let k = Math.min(s.length - 3, lineBreak < 0 ? s.length : lineBreak); k >= 1 && k > close; k--) {
    if (s[k] === '[') {
      return s.slice(0, k);
    }
  }
  return s;
}

function readPep508(ctx: LineCtx, start: number, end: number, base: Omit<Requirement, 'kind' | 'name'>): Mutable<Requirement> | undefined {
  const s = ctx.forParse.slice(start, end);
  // pip-requirements-js cannot read markers after a URL (`name @ url ; marker`): parse them apart.
  const urlMarker = s.includes('@') ? /\s;/.exec(s.slice(s.indexOf('@'))) : null;
  const reqEnd = urlMarker ? start + s.indexOf('@') + urlMarker.index : end;
  const reqText = ctx.forParse.slice(start, reqEnd);
  let r: RequirementWithLocation | null;
  try {
    r = parseSimpleRequirement(reqText) ?? pipRequirements().parsePipRequirementsLine(reqText, { includeLocations: true });
  } catch (err) {
    const tail = (col: number): string => ctx.content.slice(start + col, end);
    ctx.issues.push({ range: ctx.rangeOf(start, end), message: invalidMessage(ctx.content.slice(start, end), err, 'requirement', tail) });
    return undefined;
  }
  if (!r || (r.data.type !== 'ProjectName' && r.data.type !== 'ProjectURL')) {
    ctx.issues.push({ range: ctx.rangeOf(start, end), message: `\`${ctx.content.slice(start, end)}\` is not a valid requirement.` });
    return undefined;
  }
  const d = r.data;
  const at = (loc: { startIdx: number; endIdx: number }): Range => ctx.rangeOf(start + loc.startIdx, start + loc.endIdx);
  const text = (loc: { startIdx: number; endIdx: number }): string => ctx.content.slice(start + loc.startIdx, start + loc.endIdx);
  const rawName = text(d.name.location);
  const specifiers: VersionSpecifier[] = [];
  if (d.type === 'ProjectName') {
    for (const v of d.versionSpec ?? []) {
      const operator = v.data.operator.data;
      const version = text(v.data.version.location);
      // A `${VAR}` version is only known once pip expands it.
      if (!version.includes('${') && !isValidSpecifier(operator, version)) {
        ctx.issues.push({ range: at(v.location), message: `\`${text(v.location)}\` is not a valid version specifier (PEP 440).` });
      }
      specifiers.push({ operator, version, range: at(v.location) });
    }
  }
  const firstSpec = d.type === 'ProjectName' ? d.versionSpec?.[0] : undefined;
  const lastSpec = d.type === 'ProjectName' ? d.versionSpec?.[d.versionSpec.length - 1] : undefined;
  const markerLoc = d.environmentMarkerTree?.location;
  // Spelled out field by field: object spreads here cost more than the rest of the line's parsing
  // (V8 copies through a slow path), and this runs for every requirement line.
  const req: Mutable<Requirement> = {
    kind: 'name',
    name: normalizeName(rawName),
    rawName,
    nameRange: at(d.name.location),
    extras: (d.extras ?? []).map((e) => e.data),
    specifiers,
    editable: base.editable,
    options: base.options,
    range: base.range,
    firstLine: base.firstLine,
    lastLine: base.lastLine,
  };
  if (firstSpec && lastSpec) {
    req.specifierRange = ctx.rangeOf(start + firstSpec.location.startIdx, start + lastSpec.location.endIdx);
  }
  if (d.type === 'ProjectURL') {
    req.url = text(d.url.location);
    req.urlRange = at(d.url.location);
  }
  if (markerLoc) {
    req.markers = text(markerLoc);
    req.markersRange = at(markerLoc);
  }
  return urlMarker ? { ...req, ...markersAfter(ctx, reqEnd + urlMarker[0].length - 1, end) } : req;
}

/** Markers after a `;` at `semi`, validated by parsing them behind a dummy name at the same offsets. */
function markersAfter(ctx: LineCtx, semi: number | undefined, end: number): { markers?: string; markersRange?: Range } {
  if (semi === undefined) {
    return {};
  }
  const probe = `x${' '.repeat(semi - 1)}${ctx.forParse.slice(semi, end)}`;
  try {
    const r = parseSimpleRequirement(probe) ?? pipRequirements().parsePipRequirementsLine(probe, { includeLocations: true });
    const loc = r && r.data.type === 'ProjectName' ? r.data.environmentMarkerTree?.location : undefined;
    if (loc) {
      return { markers: ctx.content.slice(loc.startIdx, loc.endIdx), markersRange: ctx.rangeOf(loc.startIdx, loc.endIdx) };
    }
  } catch (err) {
    const tail = (col: number): string => ctx.content.slice(Math.max(col, semi + 1), end);
    ctx.issues.push({
      range: ctx.rangeOf(semi, end),
      message: invalidMessage(ctx.content.slice(semi + 1, end).trim(), err, 'environment marker', tail),
    });
    return {};
  }
  ctx.issues.push({ range: ctx.rangeOf(semi, end), message: 'An environment marker is expected after `;`.' });
  return {};
}

/** `#egg=name`, or the project name in a wheel or sdist file name. */
function nameFromLink(link: string): { name?: string; rawName?: string } {
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(link)?.[1];
  if (egg) {
    return { name: normalizeName(egg), rawName: egg };
  }
  const file =
    link
      .replace(/[?#].*$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  const archive = ARCHIVE.exec(file);
  if (!archive) {
    return {};
  }
  const stem = file.slice(0, archive.index);
  const raw = archive[1]?.toLowerCase() === 'whl' ? stem.split('-')[0] : /^(.+?)-\d/.exec(stem)?.[1];
  return raw ? { name: normalizeName(raw), rawName: raw } : {};
}

/** The library's "Line 1, col 5: expected …" turned into a sentence quoting where it stopped. */
function invalidMessage(text: string, err: unknown, what: string, tail: (col: number) => string): string {
  if (!(err instanceof pipRequirements().RequirementsSyntaxError)) {
    return `\`${text}\` could not be read as a ${what}: ${err instanceof Error ? err.message : String(err)}.`;
  }
  const m = /col (\d+): (.*)$/.exec(err.message);
  const col = m?.[1] ? Number.parseInt(m[1], 10) - 1 : -1;
  const rest = col >= 0 ? tail(col).trim() : '';
  // The grammar's list of alternatives is long and technical; quote where reading stopped instead.
  const expected = m?.[2] && m[2].split(',').length <= 3 ? m[2] : undefined;
  const detail = rest ? `${expected ?? 'pip cannot read it'} at \`${rest}\`` : (expected ?? 'it ends too early');
  return `\`${text}\` is not a valid ${what}: ${detail}.`;
}

/** `requirements.txt`, `requirements-*.txt` and `*-requirements.txt` at the app root (conda's file has its own parser). */
export function isRequirementsFile(path: string): boolean {
  return /^(requirements|requirements-[^/]+|[^/]+-requirements)\.txt$/.test(path) && path !== 'conda-requirements.txt';
}
