import { findNodeAtLocation, ParseErrorCode, parseTree, type Node, type ParseError, type Segment } from 'jsonc-parser';
import { CoreError, errorMessage } from '../errors';
import { parsed, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { jsonNestingOverflow } from '../parsers/jsonNesting';
import { DE4_METADATA_FILE, parseDe4Metadata, type De4AppMetadataFile } from './appMetadata';

/** `.de-migrate/de4-app.json` as the rules see it: the checked metadata, or why it could not be read. */
export interface De4MetadataRead {
  readonly meta?: De4AppMetadataFile;
  readonly error?: CoreError;
}

/** A place in the metadata file: a whole list entry, or the `hasWorkspace` property. */
export interface De4MetadataAnchor {
  readonly section: 'linkedServices' | 'mounts' | 'hasWorkspace';
  readonly index?: number;
}

function treeOf(text: string): { root: Node | undefined; errors: ParseError[] } {
  // jsonc-parser recurses once per nesting level: thousands of `[` overflow the stack (issue #7).
  const tooDeep = jsonNestingOverflow(text);
  if (tooDeep !== undefined) {
    return { root: undefined, errors: [{ error: ParseErrorCode.InvalidSymbol, offset: tooDeep, length: 1 }] };
  }
  const errors: ParseError[] = [];
  // Strict JSON, like `parseDe4Metadata` (JSON.parse): comments and trailing commas are errors.
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  return { root, errors };
}

/** `linkedServices[0].name` → `['linkedServices', 0, 'name']`; `the file` → `[]`. */
function segmentsOf(path: string): Segment[] {
  if (path === 'the file') {
    return [];
  }
  const out: Segment[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? ''));
  }
  return out;
}

/**
 * Where a validation error points: the offending value, or for a missing field the key of its
 * nearest existing parent (never the whole document). `parseDe4Metadata` names the field in its
 * message (`… is not valid: source.app should be …`); a message without one points at line 0.
 */
function errorRange(text: string, err: CoreError, index: LineIndex): Range {
  const { root, errors } = treeOf(text);
  const first = errors[0];
  if (first) {
    return index.rangeOf(first.offset, first.offset + first.length);
  }
  const field =
    /is not valid: (.+?) should be /.exec(err.message)?.[1] ?? (/newer version/.test(err.message) ? 'schemaVersion' : undefined);
  if (!root || field === undefined) {
    return index.rangeOf(0, 0);
  }
  const segments = segmentsOf(field);
  for (let n = segments.length; n >= 0; n--) {
    const node = n === 0 ? root : findNodeAtLocation(root, segments.slice(0, n));
    if (!node) {
      continue;
    }
    if (n === segments.length) {
      return index.rangeOf(node.offset, node.offset + node.length);
    }
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    const at = key ?? (node === root ? { offset: node.offset, length: 1 } : node);
    return index.rangeOf(at.offset, at.offset + at.length);
  }
  return index.rangeOf(0, 0);
}

/**
 * Reads the metadata file for the rules (and `parse-error`): never throws. A file that does not
 * parse or check gives one issue, placed on the offending value where the message names it.
 */
export function readDe4MetadataFile(text: string): ParseResult<De4MetadataRead> {
  try {
    return parsed({ meta: parseDe4Metadata(text) });
  } catch (err) {
    const error =
      err instanceof CoreError ? err : new CoreError('invalid-input', `${DE4_METADATA_FILE} is not valid: ${errorMessage(err)}.`);
    const index = new LineIndex(text);
    const message = error.hint ? `${error.message} ${error.hint}` : error.message;
    return parsed({ error }, [{ range: errorRange(text, error, index), message }]);
  }
}

/**
 * Finds anchors in the file's text: the whole `{ … }` of a list entry, or `"hasWorkspace": true`.
 * Parses the text once for any number of look-ups; an anchor not found gives the file's first position.
 */
export function de4MetadataLocator(text: string): (anchor: De4MetadataAnchor) => Range {
  const { root } = treeOf(text);
  const index = new LineIndex(text);
  return (anchor) => {
    const path: Segment[] = anchor.index === undefined ? [anchor.section] : [anchor.section, anchor.index];
    const node = root ? findNodeAtLocation(root, path) : undefined;
    const target = node && anchor.index === undefined && node.parent?.type === 'property' ? node.parent : node;
    return target ? index.rangeOf(target.offset, target.offset + target.length) : index.rangeOf(0, 0);
  };
}
