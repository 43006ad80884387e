import { load } from 'js-yaml';
import { eolOf, LineIndex } from '../model/text';
import type { FileEdit } from '../model/types';
import { parseCondaSpec } from '../parsers/condaSpec';
import { trailingCommentStart } from '../parsers/lineTokens';
import { normalizeName } from '../parsers/requirements';
import { topLevelBlock, type YamlItem } from '../parsers/yamlBlocks';

/** One line for the `pip:` list: a requirement or pip option, or a comment carried over from requirements.txt. */
export type PipLine =
  { readonly kind: 'line'; readonly text: string; readonly comment?: string } | { readonly kind: 'comment'; readonly text: string };

/** What goes into environment.yml; every list is in output order. */
export interface EnvironmentContent {
  /** YAML comment lines (without `#`) written above the document. */
  readonly header: readonly string[];
  readonly channels: readonly string[];
  /** `python=X.Y`, written first, with an optional comment on its line. */
  readonly python?: { readonly spec: string; readonly comment?: string };
  /** Conda match specs, build strings already dropped. */
  readonly conda: readonly string[];
  readonly pip: readonly PipLine[];
}

// Conda reads DE5 conda apps from this file; whether DE5's build passes pip options on is not public.
const PIP_OPTIONS_NOTE = 'DE5 does not document whether it honours pip options in this list; check the build log.';

/**
 * The lines of requirements.txt that pip would read, for a `pip:` list: backslash continuations
 * joined, blank lines dropped, full-line comments kept as comments, trailing comments kept beside.
 */
export function pipLinesOf(requirementsText: string): PipLine[] {
  const out: PipLine[] = [];
  let pending = '';
  for (const raw of new LineIndex(requirementsText).lines()) {
    const joined = pending + raw;
    if (/(^|[^\\])\\$/.test(raw)) {
      pending = joined.slice(0, -1);
      continue;
    }
    pending = '';
    const trimmed = joined.trim();
    if (trimmed === '') {
      continue;
    }
    if (trimmed.startsWith('#')) {
      out.push({ kind: 'comment', text: trimmed.replace(/^#\s?/, '') });
      continue;
    }
    // pip starts a comment at `#` after whitespace only, so `#egg=` in URLs stays.
    // Found in one pass: a `(.*?)\s+#` pattern backtracks quadratically on long runs of blanks.
    const at = trailingCommentStart(trimmed);
    out.push(
      at < trimmed.length && at > 0
        ? { kind: 'line', text: trimmed.slice(0, at), comment: trimmed.slice(at).replace(/^\s*#\s?/, '') }
        : { kind: 'line', text: trimmed },
    );
  }
  if (pending.trim() !== '') {
    out.push({ kind: 'line', text: pending.trim() });
  }
  return out;
}

/** `name=version` for a `name=version=build` (or `name version build`) spec; other specs as written. */
export function condaSpecWithoutBuild(text: string): string {
  const spec = parseCondaSpec(text);
  if (!spec?.build || !spec.version) {
    return text.slice(0, trailingCommentStart(text)).trim();
  }
  return `${spec.channel === undefined ? '' : `${spec.channel}::`}${spec.name}=${spec.version}`;
}

/** A scalar for a block sequence item: plain when YAML reads it back unchanged, else double-quoted. */
export function yamlScalar(s: string): string {
  try {
    const back: unknown = s.trim() === s && s !== '' ? load(`- ${s}\n`) : undefined;
    if (Array.isArray(back) && back.length === 1 && back[0] === s) {
      return s;
    }
  } catch (err) {
    // Not a valid plain scalar (e.g. `{x` or `: x`): fall through to the quoted form.
    void err;
  }
  return JSON.stringify(s);
}

/** Whether a pip line is an option (`--extra-index-url …`, `-r …`) rather than a requirement. */
export function isPipOption(text: string): boolean {
  return text.startsWith('-') && !/^-e\s|^--editable\b/.test(text);
}

function itemLine(indent: number, text: string, comment?: string): string {
  return `${' '.repeat(indent)}- ${yamlScalar(text)}${comment ? `  # ${comment}` : ''}`;
}

function commentLine(indent: number, text: string): string {
  return `${' '.repeat(indent)}#${text === '' ? '' : ` ${text}`}`;
}

/** The `pip:` list's lines at `indent`, with the pip-options note above the first option. */
function pipListLines(pip: readonly PipLine[], indent: number): string[] {
  const out: string[] = [];
  let noted = false;
  for (const p of pip) {
    if (p.kind === 'comment') {
      out.push(commentLine(indent, p.text));
      continue;
    }
    if (!noted && isPipOption(p.text)) {
      out.push(commentLine(indent, PIP_OPTIONS_NOTE));
      noted = true;
    }
    out.push(itemLine(indent, p.text, p.comment));
  }
  return out;
}

/** Whether the conda specs already include `pip` itself, which the `pip:` list needs. */
function hasPipSpec(specs: readonly string[]): boolean {
  return specs.some((s) => parseCondaSpec(s)?.name.toLowerCase() === 'pip');
}

/** A new environment.yml: header comments, `channels`, `dependencies` (python first, then conda specs, then `pip`). */
export function writeEnvironmentYml(content: EnvironmentContent, eol: string): string {
  const lines = content.header.map((h) => commentLine(0, h));
  if (content.channels.length > 0) {
    lines.push('channels:', ...content.channels.map((c) => itemLine(2, c)));
  }
  lines.push('dependencies:');
  if (content.python) {
    lines.push(itemLine(2, content.python.spec, content.python.comment));
  }
  lines.push(...content.conda.map((c) => itemLine(2, c)));
  if (content.pip.some((p) => p.kind === 'line')) {
    if (!hasPipSpec(content.conda)) {
      lines.push(itemLine(2, 'pip'));
    }
    lines.push('  - pip:', ...pipListLines(content.pip, 4));
  }
  return lines.join(eol) + eol;
}

/** The result of merging into an existing environment.yml by text edits. */
export interface EnvironmentMerge {
  readonly edits: readonly FileEdit[];
  /** Conda specs or pip requirements left out because the file already names the package differently. */
  readonly conflicts: readonly string[];
}

interface Loaded {
  readonly channels: readonly string[];
  readonly deps: readonly string[];
  readonly pip?: readonly string[];
}

/** The loaded document when it has the shape a text merge understands; else undefined. */
function loadShape(text: string): Loaded | undefined {
  let value: unknown;
  try {
    value = load(text);
  } catch (err) {
    void err; // Invalid YAML: the parse-error rule reports it; no merge.
    return undefined;
  }
  if (value === null || value === undefined) {
    return { channels: [], deps: [] };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const map = value as Record<string, unknown>;
  const channels = map['channels'] ?? [];
  const deps = map['dependencies'] ?? [];
  if (!isStringList(channels) || !Array.isArray(deps)) {
    return undefined;
  }
  const strings: string[] = [];
  let pip: string[] | undefined;
  for (const d of deps as unknown[]) {
    if (typeof d === 'string' || typeof d === 'number') {
      strings.push(String(d));
    } else if (typeof d === 'object' && d !== null && Object.keys(d).length === 1 && 'pip' in d) {
      const p = d.pip ?? [];
      if (!isStringList(p) || pip) {
        return undefined;
      }
      pip = p;
    } else {
      return undefined;
    }
  }
  return { channels, deps: strings, ...(pip ? { pip } : {}) };
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/**
 * What `key:` holds on its own line: nothing (a block follows), `[]` (an empty flow list the merge
 * replaces), or anything else (flow style, which a line-based merge cannot extend).
 */
function inlineValue(index: LineIndex, line: number): 'none' | 'empty-list' | 'flow' {
  const value = index
    .lineText(line)
    .replace(/^[^:]*:/, '')
    .replace(/(^|\s)#.*$/, '')
    .trim();
  return value === '' ? 'none' : /^\[\s*\]$/.test(value) ? 'empty-list' : 'flow';
}

/** Clears an inline `[]` after `key:` so block items can follow the key line. */
function clearEmptyList(inserts: Inserts, index: LineIndex, line: number): void {
  const text = index.lineText(line);
  const start = text.indexOf('[', text.indexOf(':'));
  const end = text.indexOf(']', start) + 1;
  const lineStart = index.offsetAt({ line, character: 0 });
  // Drop the space before `[]` too, and anything up to the line end but a comment.
  const from = text.slice(0, start).trimEnd().length;
  inserts.clear(lineStart + from, lineStart + (text.slice(end).trim() === '' ? text.length : end));
}

/**
 * Inserts keyed by offset (texts at one offset keep the order they were added in), plus cleared
 * spans whose end offset takes later inserts, so no two edits overlap.
 */
class Inserts {
  private readonly at = new Map<number, { end: number; text: string }>();
  private readonly endToStart = new Map<number, number>();
  add(offset: number, text: string): void {
    const start = this.endToStart.get(offset) ?? offset;
    const e = this.at.get(start);
    this.at.set(start, { end: e?.end ?? offset, text: (e?.text ?? '') + text });
  }
  clear(start: number, end: number): void {
    this.at.set(start, { end, text: '' });
    this.endToStart.set(end, start);
  }
  edits(file: string, index: LineIndex): FileEdit[] {
    return [...this.at.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([o, e]) => ({ kind: 'replace', file, range: index.rangeOf(o, e.end), newText: e.text }));
  }
}

function pipNameOf(line: string): string | undefined {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[|[<>=!~;]|$)/.exec(line);
  return m?.[1] ? normalizeName(m[1]) : undefined;
}

/**
 * Adds channels, python, conda specs and pip lines to an existing environment.yml with text edits, so
 * its comments and layout stay. Entries already present are skipped; an entry whose package the file
 * already lists differently is a conflict (the file's entry wins). Undefined when the file is not
 * valid YAML or uses flow style (`[a, b]`) where entries must go.
 */
export function mergeIntoEnvironmentYml(file: string, text: string, content: EnvironmentContent): EnvironmentMerge | undefined {
  const shape = loadShape(text);
  if (!shape) {
    return undefined;
  }
  const index = new LineIndex(text);
  const eol = eolOf(text);
  const conflicts: string[] = [];
  const inserts = new Inserts();
  const offsetAfterLine = (line: number): number => index.offsetAt({ line, character: index.lineLength(line) });
  const lineStart = (line: number): number => index.offsetAt({ line, character: 0 });
  let tail = text === '' || /[\r\n]$/.test(text) ? '' : eol;
  const appendAtEnd = (s: string): void => {
    inserts.add(text.length, tail + s);
    tail = '';
  };

  const channels = content.channels.filter((c) => !shape.channels.includes(c));
  const depBlock = topLevelBlock(index, 'dependencies');
  const chanBlock = topLevelBlock(index, 'channels');
  const depInline = depBlock ? inlineValue(index, depBlock.keyLine) : 'none';
  const chanInline = chanBlock && channels.length > 0 ? inlineValue(index, chanBlock.keyLine) : 'none';
  if (depInline === 'flow' || chanInline === 'flow') {
    return undefined;
  }
  if (chanBlock && chanInline === 'empty-list') {
    clearEmptyList(inserts, index, chanBlock.keyLine);
  }
  if (channels.length > 0) {
    const lines = channels.map((c) => itemLine(chanBlock?.items[0]?.indent ?? 2, c));
    const last = chanBlock?.items[chanBlock.items.length - 1];
    if (chanBlock) {
      inserts.add(offsetAfterLine(last?.line ?? chanBlock.keyLine), eol + lines.join(eol));
    } else if (depBlock) {
      inserts.add(lineStart(depBlock.keyLine), ['channels:', ...lines].join(eol) + eol);
    } else {
      appendAtEnd(['channels:', ...lines].join(eol) + eol);
    }
  }

  if (content.header.length > 0) {
    inserts.add(0, content.header.map((h) => commentLine(0, h) + eol).join(''));
  }
  const depNames = new Map(shape.deps.map((d) => [parseCondaSpec(d)?.name.toLowerCase() ?? d, d]));
  const conda: string[] = [];
  const hasPython = depNames.has('python');
  for (const spec of [...(content.python ? [content.python.spec] : []), ...content.conda]) {
    const name = parseCondaSpec(spec)?.name.toLowerCase() ?? spec;
    const existing = depNames.get(name);
    if (existing === undefined) {
      conda.push(spec);
      depNames.set(name, spec);
    } else if (existing !== spec) {
      conflicts.push(spec);
    }
  }
  const pipHave = new Map((shape.pip ?? []).map((p) => [pipNameOf(p) ?? p, p]));
  const pip: PipLine[] = [];
  for (const p of content.pip) {
    if (p.kind === 'comment') {
      pip.push(p);
      continue;
    }
    const key = pipNameOf(p.text) ?? p.text;
    const existing = pipHave.get(key);
    if (existing === undefined) {
      pip.push(p);
      pipHave.set(key, p.text);
    } else if (existing !== p.text) {
      conflicts.push(p.text);
    }
  }
  const pipLines = pip.some((p) => p.kind === 'line') ? pip : [];
  if (pipLines.length > 0 && !depNames.has('pip')) {
    conda.push('pip');
  }

  const items = depBlock?.items ?? [];
  const depIndent = items[0]?.indent ?? 2;
  const top = items.filter((i) => i.indent === depIndent);
  const pipItem = top.find((i) => /^pip\s*:/.test(i.raw));
  if (pipItem && !/^pip\s*:\s*$/.test(pipItem.raw)) {
    return undefined;
  }
  const specItems = top.filter((i) => i !== pipItem);
  const condaText = (spec: string): string => itemLine(depIndent, spec, spec === content.python?.spec ? content.python.comment : undefined);
  const pythonFirst = conda[0] !== undefined && conda[0] === content.python?.spec && !hasPython;
  const rest = pythonFirst ? conda.slice(1) : conda;

  if (!depBlock) {
    const all = [
      ...conda.map(condaText),
      ...(pipLines.length > 0 ? [`${' '.repeat(depIndent)}- pip:`, ...pipListLines(pipLines, depIndent + 2)] : []),
    ];
    if (all.length > 0) {
      appendAtEnd(['dependencies:', ...all].join(eol) + eol);
    }
    return { edits: inserts.edits(file, index), conflicts };
  }
  if (depInline === 'empty-list' && (conda.length > 0 || pipLines.length > 0)) {
    clearEmptyList(inserts, index, depBlock.keyLine);
  }
  const firstSpec = specItems[0];
  const lastSpec = specItems[specItems.length - 1];
  if (firstSpec && lastSpec) {
    if (pythonFirst) {
      inserts.add(lineStart(firstSpec.line), condaText(conda[0] ?? '') + eol);
    }
    if (rest.length > 0) {
      inserts.add(offsetAfterLine(lastSpec.line), eol + rest.map(condaText).join(eol));
    }
  } else if (conda.length > 0) {
    if (pipItem) {
      inserts.add(lineStart(pipItem.line), conda.map(condaText).join(eol) + eol);
    } else {
      inserts.add(offsetAfterLine(depBlock.keyLine), eol + conda.map(condaText).join(eol));
    }
  }
  if (pipLines.length > 0) {
    if (pipItem) {
      const nested = nestedItems(items, pipItem, depIndent);
      const last = nested[nested.length - 1];
      inserts.add(offsetAfterLine(last?.line ?? pipItem.line), eol + pipListLines(pipLines, nested[0]?.indent ?? depIndent + 2).join(eol));
    } else {
      const lastLine = items[items.length - 1]?.line ?? depBlock.keyLine;
      inserts.add(offsetAfterLine(lastLine), eol + [`${' '.repeat(depIndent)}- pip:`, ...pipListLines(pipLines, depIndent + 2)].join(eol));
    }
  }
  return { edits: inserts.edits(file, index), conflicts };
}

function nestedItems(items: readonly YamlItem[], pipItem: YamlItem, depIndent: number): YamlItem[] {
  const out: YamlItem[] = [];
  for (let i = items.indexOf(pipItem) + 1; i < items.length; i++) {
    const item = items[i];
    if (!item || item.indent <= depIndent) {
      break;
    }
    out.push(item);
  }
  return out;
}
