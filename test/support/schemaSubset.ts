/**
 * A deliberately small JSON-schema (draft-07) checker for the schemas under media/schemas: it knows
 * only the keywords those schemas use, and `schemaProblems` rejects any other keyword, so a schema
 * can never use a keyword this checker silently skips. Not a general validator.
 */

type Schema = boolean | { readonly [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'format', 'examples', '$comment', 'definitions']);
const ASSERTIONS = new Set(['type', 'properties', 'additionalProperties', 'required', 'items', 'anyOf', 'not', 'enum', 'minimum', '$ref']);
const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'integer':
      return Number.isInteger(v);
    case 'null':
      return v === null;
    default:
      return typeof v === type;
  }
}

function resolve(root: Schema, ref: string): Schema | undefined {
  const m = /^#\/definitions\/([A-Za-z0-9_-]+)$/.exec(ref);
  const defs = isObject(root) ? root['definitions'] : undefined;
  const target = m && isObject(defs) ? defs[m[1] ?? ''] : undefined;
  return typeof target === 'boolean' || isObject(target) ? target : undefined;
}

function asSchema(v: unknown): Schema {
  return typeof v === 'boolean' || isObject(v) ? v : {};
}

/** Every subschema with its path: properties, additionalProperties, items, anyOf, not, definitions. */
function subschemas(s: Schema, path: string): [string, unknown][] {
  if (typeof s === 'boolean') {
    return [];
  }
  const out: [string, unknown][] = [];
  for (const key of ['properties', 'definitions']) {
    const map = s[key];
    if (isObject(map)) {
      out.push(...Object.entries(map).map(([k, v]): [string, unknown] => [`${path}/${key}/${k}`, v]));
    }
  }
  for (const key of ['additionalProperties', 'items', 'not']) {
    if (key in s && typeof s[key] !== 'boolean') {
      out.push([`${path}/${key}`, s[key]]);
    }
  }
  if (Array.isArray(s['anyOf'])) {
    out.push(...s['anyOf'].map((v, i): [string, unknown] => [`${path}/anyOf/${i}`, v]));
  }
  return out;
}

/** Unknown keywords, unresolved `$ref`s, bad `type` names and non-string descriptions, by path. */
export function schemaProblems(root: unknown): string[] {
  const problems: string[] = [];
  const visit = (s: unknown, path: string): void => {
    if (typeof s === 'boolean') {
      return;
    }
    if (!isObject(s)) {
      problems.push(`${path}: not a schema`);
      return;
    }
    for (const [k, v] of Object.entries(s)) {
      if (!ANNOTATIONS.has(k) && !ASSERTIONS.has(k)) {
        problems.push(`${path}: keyword ${k} is not supported by this checker`);
      }
      if ((k === 'description' || k === 'title') && typeof v !== 'string') {
        problems.push(`${path}/${k}: not a string`);
      }
    }
    const types = s['type'] === undefined ? [] : Array.isArray(s['type']) ? s['type'] : [s['type']];
    for (const t of types) {
      if (typeof t !== 'string' || !TYPES.has(t)) {
        problems.push(`${path}/type: ${String(t)} is not a JSON-schema type`);
      }
    }
    if (typeof s['$ref'] === 'string' && !resolve(asSchema(root), s['$ref'])) {
      problems.push(`${path}/$ref: ${s['$ref']} does not resolve`);
    }
    for (const [p, sub] of subschemas(s, path)) {
      visit(sub, p);
    }
  };
  visit(root, '#');
  return problems;
}

/** Where `value` breaks the schema, as `path: reason` lines; empty when it conforms. */
export function validate(root: unknown, value: unknown): string[] {
  const rootSchema = asSchema(root);
  const errorsOf = (s: Schema, v: unknown, path: string): string[] => {
    if (typeof s === 'boolean') {
      return s ? [] : [`${path}: not allowed`];
    }
    const errors: string[] = [];
    if (typeof s['$ref'] === 'string') {
      errors.push(...errorsOf(resolve(rootSchema, s['$ref']) ?? false, v, path));
    }
    const types = s['type'] === undefined ? [] : Array.isArray(s['type']) ? (s['type'] as string[]) : [s['type'] as string];
    if (types.length > 0 && !types.some((t) => typeMatches(t, v))) {
      return [...errors, `${path}: expected ${types.join(' or ')}`];
    }
    if (Array.isArray(s['enum']) && !s['enum'].includes(v)) {
      errors.push(`${path}: expected one of ${JSON.stringify(s['enum'])}`);
    }
    if (typeof s['minimum'] === 'number' && typeof v === 'number' && v < s['minimum']) {
      errors.push(`${path}: below ${s['minimum']}`);
    }
    if (Array.isArray(s['anyOf']) && !s['anyOf'].some((alt) => errorsOf(asSchema(alt), v, path).length === 0)) {
      errors.push(`${path}: matches none of the alternatives`);
    }
    if (s['not'] !== undefined && errorsOf(asSchema(s['not']), v, path).length === 0) {
      errors.push(`${path}: matches a forbidden form`);
    }
    if (isObject(v)) {
      const props = isObject(s['properties']) ? s['properties'] : {};
      for (const req of Array.isArray(s['required']) ? (s['required'] as string[]) : []) {
        if (!Object.hasOwn(v, req)) {
          errors.push(`${path}: missing ${req}`);
        }
      }
      for (const [k, child] of Object.entries(v)) {
        const sub = Object.hasOwn(props, k) ? props[k] : s['additionalProperties'];
        if (sub !== undefined) {
          errors.push(...errorsOf(asSchema(sub), child, `${path}/${k}`));
        }
      }
    }
    if (Array.isArray(v) && s['items'] !== undefined) {
      v.forEach((item, i) => errors.push(...errorsOf(asSchema(s['items']), item, `${path}/${i}`)));
    }
    return errors;
  };
  return errorsOf(rootSchema, value, '#');
}
