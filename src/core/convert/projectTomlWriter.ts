import { eolOf, LineIndex } from '../model/text';
import type { FileEdit, Range } from '../model/types';
import { parseProjectToml, valueAt, type ProjectToml } from '../parsers/projectToml';
import type { De5Profile } from '../profile/de5Profile';

export const PROJECT_TOML = 'project.toml';

/** A project.toml edit plus whether it can change what an existing file means. */
export interface ProjectTomlChange {
  readonly edits: readonly FileEdit[];
  /**
   * Adding `schema-version` to a file without one switches its `io.buildpacks` tables on (or its
   * schema 0.1 tables off): a change beyond the migration, so such a change is unsafe.
   */
  readonly changesMeaning: boolean;
}

type ReplaceEdit = Extract<FileEdit, { kind: 'replace' }>;

/** A TOML basic string: JSON's escapes are TOML's, except DEL, which TOML wants escaped too. */
export function tomlString(s: string): string {
  return JSON.stringify(s).replace(/\x7f/g, '\\u007F');
}

/** `# text` lines for a comment block; each line of `text` keeps its content verbatim. */
export function commentLines(text: string, indent = ''): string[] {
  return text.split(/\r\n|\n|\r/).map((l) => (l === '' && indent === '' ? '#' : `# ${indent}${l}`));
}

/** Inserts `schema-version` under an existing `[_]`, else a new `[_]` at the top (or at the end when root keys come first). */
export function schemaVersionEdit(toml: ProjectToml, text: string, profile: De5Profile): ReplaceEdit {
  const eol = eolOf(text);
  const line = `schema-version = ${tomlString(profile.schemaVersion.value)}`;
  const header = toml.locations.find((l) => l.kind === 'table' && l.path.length === 1 && l.path[0] === '_');
  if (header) {
    return { kind: 'replace', file: PROJECT_TOML, range: { start: header.range.end, end: header.range.end }, newText: `${eol}${line}` };
  }
  const index = new LineIndex(text);
  let firstContent = -1;
  for (let l = 0; l < index.lineCount && firstContent < 0; l++) {
    const t = index.lineText(l).trim();
    if (t !== '' && !t.startsWith('#')) {
      firstContent = l;
    }
  }
  if (firstContent < 0 || index.lineText(firstContent).trim().startsWith('[')) {
    const at = { line: Math.max(firstContent, 0), character: 0 };
    return {
      kind: 'replace',
      file: PROJECT_TOML,
      range: { start: at, end: at },
      newText: `[_]${eol}${line}${eol}${firstContent < 0 ? '' : eol}`,
    };
  }
  // Keys before the first header belong to the root table: a `[_]` above them would capture them.
  return appendEdit(text, ['[_]', line]);
}

/** Whether adding schema-version to a file that has none changes what its tables mean. */
export function schemaChangesMeaning(toml: ProjectToml): boolean {
  if (toml.schemaVersion !== undefined) {
    return false;
  }
  return (
    valueAt(toml.data, ['io', 'buildpacks']) !== undefined || ['project', 'build', 'metadata'].some((t) => toml.data?.[t] !== undefined)
  );
}

/** Appends lines at the end of a file, after a blank line, ending with the file's line ending. */
export function appendEdit(text: string, lines: readonly string[]): ReplaceEdit {
  const eol = eolOf(text);
  const index = new LineIndex(text);
  const end = index.positionAt(text.length);
  const trimmed = text.replace(/[\r\n]+$/, '');
  const lead = trimmed === '' ? '' : /(\r\n|\n|\r)$/.test(text) ? eol : `${eol}${eol}`;
  const range: Range = { start: end, end };
  return { kind: 'replace', file: PROJECT_TOML, range, newText: `${lead}${lines.join(eol)}${eol}` };
}

/** A new project.toml: `[_] schema-version`, then the given blocks, each after a blank line. */
export function newProjectToml(profile: De5Profile, eol: string, blocks: readonly (readonly string[])[]): string {
  const parts = [['[_]', `schema-version = ${tomlString(profile.schemaVersion.value)}`], ...blocks];
  return `${parts.map((b) => b.join(eol)).join(`${eol}${eol}`)}${eol}`;
}

/**
 * Adds `blocks` to project.toml: creates the file (with `[_]`), or appends them to the existing text and
 * adds `schema-version` when it is missing. `existing` must parse (callers check). Returns undefined when
 * the result would not parse back.
 */
export function addToProjectToml(
  existing: { readonly text: string; readonly toml: ProjectToml } | undefined,
  blocks: readonly (readonly string[])[],
  profile: De5Profile,
  eolHint: string,
): ProjectTomlChange | undefined {
  if (!existing) {
    const content = newProjectToml(profile, eolHint, blocks);
    return parses(content) ? { edits: [{ kind: 'create', file: PROJECT_TOML, content }], changesMeaning: false } : undefined;
  }
  const { text, toml } = existing;
  const eol = eolOf(text);
  const edits: ReplaceEdit[] = [];
  if (toml.schemaVersion === undefined) {
    edits.push(schemaVersionEdit(toml, text, profile));
  }
  const append = appendEdit(
    text,
    blocks
      .map((b) => b.join(eol))
      .join(`${eol}${eol}`)
      .split(eol),
  );
  // The schema edit may also append at the end: then one edit carries both, in order.
  const last = edits[0];
  if (last && last.range.start.line === append.range.start.line && last.range.start.character === append.range.start.character) {
    edits[0] = { ...last, newText: `${last.newText}${append.newText.replace(/^(\r\n|\n)+/, eol)}` };
  } else {
    edits.push(append);
  }
  return parses(applyReplaceEdits(text, edits)) ? { edits, changesMeaning: schemaChangesMeaning(toml) } : undefined;
}

function applyReplaceEdits(text: string, edits: readonly ReplaceEdit[]): string {
  const index = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => index.offsetAt(b.range.start) - index.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) {
    out = out.slice(0, index.offsetAt(e.range.start)) + e.newText + out.slice(index.offsetAt(e.range.end));
  }
  return out;
}

function parses(text: string): boolean {
  return parseProjectToml(text).value.data !== undefined;
}

/**
 * The `[[…build.env]]` block that sets the Python minor, in the table the file already uses; `comment`
 * (one line, without `#`) goes right above it, e.g. to say why the minor differs from the DE4 one.
 */
export function pythonEnvBlock(toml: ProjectToml | undefined, minor: string, profile: De5Profile, comment?: string): string[] {
  // pack reads the deprecated spelling only while the current one is absent: adding the current one would hide it.
  const deprecatedOnly =
    toml !== undefined && toml.buildEnv.length > 0 && toml.buildEnv.every((e) => e.table === 'io.buildpacks.env.build');
  const table = deprecatedOnly ? 'io.buildpacks.env.build' : 'io.buildpacks.build.env';
  return [
    ...(comment === undefined ? [] : commentLines(comment)),
    `[[${table}]]`,
    `name = ${tomlString(profile.pythonVersionEnv.value)}`,
    `value = ${tomlString(minor)}`,
  ];
}
