import { CoreError } from '../errors';

/**
 * Small runtime checks for JSON from a server. Each takes the value and its path (e.g.
 * `data.apps.apps[3].owner.username`) and throws CoreError('invalid-input') naming that path, so a
 * changed server shows up as one precise message instead of a crash somewhere in the tree.
 * `null` and a missing field are treated alike: DE4 nulls optional fields freely.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  switch (typeof value) {
    case 'string':
      return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

export function shapeError(path: string, expected: string, got: unknown): CoreError {
  return new CoreError('invalid-input', `The server sent an unexpected response: ${path} should be ${expected} but is ${describe(got)}.`, {
    hint: 'The server may run an API version this extension does not know; please report it with the log.',
  });
}

function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) {
    throw shapeError(path, 'an object', value);
  }
  return value;
}

/** An absent object reads as `{}` so its fields read as absent too. */
export function optionalObject(value: unknown, path: string): JsonObject {
  return isAbsent(value) ? {} : requireObject(value, path);
}

/** An absent list reads as empty. */
export function optionalArray(value: unknown, path: string): readonly unknown[] {
  if (isAbsent(value)) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw shapeError(path, 'a list', value);
  }
  return value;
}

export function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string') {
    throw shapeError(path, 'text', value);
  }
  return value;
}

/** A string that must be there and not be empty (names, keys). */
export function requireName(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') {
    throw shapeError(path, 'a non-empty name', value);
  }
  return value;
}

export function optionalString(value: unknown, path: string): string | undefined {
  return isAbsent(value) ? undefined : requireString(value, path);
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (isAbsent(value)) {
    return undefined;
  }
  if (typeof value !== 'boolean') {
    throw shapeError(path, 'true or false', value);
  }
  return value;
}

/** A flag some servers send as a boolean and others as 1/0 (DE4's `status.running`). */
export function optionalFlag(value: unknown, path: string): boolean | undefined {
  if (value === 1 || value === 0) {
    return value === 1;
  }
  if (isAbsent(value) || typeof value === 'boolean') {
    return value ?? undefined;
  }
  throw shapeError(path, 'true, false, 1 or 0', value);
}

export function optionalNumber(value: unknown, path: string): number | undefined {
  if (isAbsent(value)) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw shapeError(path, 'a number', value);
  }
  return value;
}

export function optionalInteger(value: unknown, path: string): number | undefined {
  const n = optionalNumber(value, path);
  if (n !== undefined && !Number.isInteger(n)) {
    throw shapeError(path, 'a whole number', value);
  }
  return n;
}

/** A list of strings; absent entries inside it are dropped (GraphQL lists may hold nulls). */
export function stringList(value: unknown, path: string): readonly string[] {
  const out: string[] = [];
  optionalArray(value, path).forEach((item, i) => {
    const s = optionalString(item, `${path}[${i}]`);
    if (s !== undefined) {
      out.push(s);
    }
  });
  return out;
}

/** Maps each present entry of a list; absent entries are dropped. */
export function mapList<T>(value: unknown, path: string, read: (item: JsonObject, path: string) => T): readonly T[] {
  const out: T[] = [];
  optionalArray(value, path).forEach((item, i) => {
    if (!isAbsent(item)) {
      const itemPath = `${path}[${i}]`;
      out.push(read(requireObject(item, itemPath), itemPath));
    }
  });
  return out;
}
