import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { jsonNestingOverflow, MAX_JSON_DEPTH } from './jsonNesting';

/** One `scripts` entry, e.g. `scripts.dokku.predeploy`. */
export interface AppJsonScript {
  /** Property name, e.g. `predeploy`. */
  readonly key: string;
  readonly command: string;
  /** The command's string literal, quotes included. */
  readonly range: Range;
  readonly keyRange: Range;
  /** `"key": "value"`, for removing the entry. */
  readonly propertyRange: Range;
}

/** One Kubernetes-style probe under `healthchecks.<process>`. */
export interface AppJsonProbe {
  /** Process type, or `*` for every process. */
  readonly process: string;
  /** `readiness`, `liveness`, `startup`… */
  readonly probe: string;
  readonly httpPath?: string;
  readonly port?: number;
  readonly keyRange: Range;
}

export interface AppJsonHealthchecks {
  readonly keyRange: Range;
  readonly propertyRange: Range;
  readonly probes: readonly AppJsonProbe[];
}

/** One `formation` entry that says something: its process count, dyno size or both. */
export interface AppJsonFormation {
  readonly process: string;
  readonly quantity?: number;
  readonly size?: string;
  readonly keyRange: Range;
}

/** One `cron` job with a command string. */
export interface AppJsonCronJob {
  readonly command: string;
  readonly schedule?: string;
  /** The job's object, where a finding or fact points. */
  readonly range: Range;
}

export interface AppJson {
  /** The whole document's value (undefined when it does not parse at all). */
  readonly value: unknown;
  readonly predeploy?: AppJsonScript;
  readonly postdeploy?: AppJsonScript;
  /** Every string entry of `scripts.dokku`, including unknown keys. */
  readonly dokkuScripts: readonly AppJsonScript[];
  /** String entries of `scripts` other than `dokku` (Heroku-style `scripts.postdeploy`). */
  readonly otherScripts: readonly AppJsonScript[];
  readonly healthchecks?: AppJsonHealthchecks;
  /** Top-level keys other than `scripts` and `healthchecks` (`formation`, `cron`, `name`…). */
  readonly otherKeys: readonly { readonly key: string; readonly keyRange: Range }[];
  /** `formation` entries with a numeric `quantity` or a string `size` (the last `formation` key wins). */
  readonly formation: readonly AppJsonFormation[];
  /** `cron` jobs with a string `command` (the last `cron` key wins). */
  readonly cron: readonly AppJsonCronJob[];
}

const SYNTAX: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing `}` is expected',
  CloseBracketExpected: 'a closing `]` is expected',
  EndOfFileExpected: 'nothing may follow the top-level value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/**
 * app.json as DE4 (Dokku) reads it: `scripts.dokku.predeploy/postdeploy` and Kubernetes-style
 * `healthchecks`. Syntax errors are reported where they occur; whatever still parses is modelled.
 */
export function parseAppJson(text: string): ParseResult<AppJson> {
  const index = new LineIndex(text);
  const empty: AppJson = { value: undefined, dokkuScripts: [], otherScripts: [], otherKeys: [], formation: [], cron: [] };
  const tooDeep = jsonNestingOverflow(text);
  if (tooDeep !== undefined) {
    const message = `app.json nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep; it was not read.`;
    return parsed(empty, [{ range: index.rangeOf(tooDeep, tooDeep + 1), message }]);
  }
  const errors: ParseError[] = [];
  // Strict JSON, as Dokku reads it: comments and trailing commas are errors there.
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  const issues = syntaxIssues(text, errors, index);
  const rangeOf = (n: Node): Range => index.rangeOf(n.offset, n.offset + n.length);
  if (!root) {
    if (text.trim() === '') {
      issues.push({ range: index.rangeOf(0, 0), message: 'app.json is empty; it must hold a JSON object.' });
    }
    return parsed(empty, issues);
  }
  const value: unknown = getNodeValue(root);
  if (root.type !== 'object') {
    issues.push({ range: rangeOf(root), message: 'app.json must hold a JSON object.' });
    return parsed({ ...empty, value }, issues);
  }

  // `prefix` names the object in messages when its non-string entries are worth reporting.
  const scriptsOf = (obj: Node | undefined, skip: string, prefix?: string): AppJsonScript[] => {
    const out: AppJsonScript[] = [];
    for (const prop of obj?.type === 'object' ? (obj.children ?? []) : []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v || k.value === skip) {
        continue;
      }
      if (v.type !== 'string') {
        if (prefix) {
          issues.push({ range: rangeOf(v), message: `\`${prefix}.${String(k.value)}\` must be a command string.` });
        }
        continue;
      }
      out.push({ key: String(k.value), command: String(v.value), range: rangeOf(v), keyRange: rangeOf(k), propertyRange: rangeOf(prop) });
    }
    return out;
  };

  const scripts = findNodeAtLocation(root, ['scripts']);
  const dokku = scripts ? findNodeAtLocation(scripts, ['dokku']) : undefined;
  if (scripts && scripts.type !== 'object') {
    issues.push({ range: rangeOf(scripts), message: '`scripts` must be an object.' });
  } else if (dokku && dokku.type !== 'object') {
    issues.push({ range: rangeOf(dokku), message: '`scripts.dokku` must be an object.' });
  }
  const dokkuScripts = scriptsOf(dokku, '', 'scripts.dokku');
  const otherScripts = scriptsOf(scripts, 'dokku');

  let healthchecks: AppJsonHealthchecks | undefined;
  const otherKeys: { key: string; keyRange: Range }[] = [];
  let formation: AppJsonFormation[] = [];
  let cron: AppJsonCronJob[] = [];
  for (const prop of root.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k) {
      continue;
    }
    if (k.value === 'healthchecks' && v) {
      healthchecks = { keyRange: rangeOf(k), propertyRange: rangeOf(prop), probes: probesOf(v, rangeOf) };
    } else if (k.value !== 'scripts') {
      otherKeys.push({ key: String(k.value), keyRange: rangeOf(k) });
      // Read from the tree, not `value`: a `__proto__` process name would vanish from a plain object.
      if (k.value === 'formation' && v) {
        formation = formationOf(v, rangeOf);
      } else if (k.value === 'cron' && v) {
        cron = cronOf(v, rangeOf);
      }
    }
  }

  const predeploy = dokkuScripts.find((s) => s.key === 'predeploy');
  const postdeploy = dokkuScripts.find((s) => s.key === 'postdeploy');
  return parsed(
    {
      value,
      ...(predeploy ? { predeploy } : {}),
      ...(postdeploy ? { postdeploy } : {}),
      dokkuScripts,
      otherScripts,
      ...(healthchecks ? { healthchecks } : {}),
      otherKeys,
      formation,
      cron,
    },
    issues,
  );
}

function formationOf(formation: Node, rangeOf: (n: Node) => Range): AppJsonFormation[] {
  const out: AppJsonFormation[] = [];
  for (const proc of formation.type === 'object' ? (formation.children ?? []) : []) {
    const [k, v] = proc.children ?? [];
    const quantity = v ? findNodeAtLocation(v, ['quantity']) : undefined;
    const size = v ? findNodeAtLocation(v, ['size']) : undefined;
    if (!k || (quantity?.type !== 'number' && size?.type !== 'string')) {
      continue;
    }
    out.push({
      process: String(k.value),
      ...(quantity?.type === 'number' ? { quantity: Number(quantity.value) } : {}),
      ...(size?.type === 'string' ? { size: String(size.value) } : {}),
      keyRange: rangeOf(k),
    });
  }
  return out;
}

function cronOf(cron: Node, rangeOf: (n: Node) => Range): AppJsonCronJob[] {
  const out: AppJsonCronJob[] = [];
  for (const job of cron.type === 'array' ? (cron.children ?? []) : []) {
    const command = findNodeAtLocation(job, ['command']);
    const schedule = findNodeAtLocation(job, ['schedule']);
    if (command?.type === 'string') {
      out.push({
        command: String(command.value),
        ...(schedule?.type === 'string' ? { schedule: String(schedule.value) } : {}),
        range: rangeOf(job),
      });
    }
  }
  return out;
}

function probesOf(healthchecks: Node, rangeOf: (n: Node) => Range): AppJsonProbe[] {
  const out: AppJsonProbe[] = [];
  for (const proc of healthchecks.type === 'object' ? (healthchecks.children ?? []) : []) {
    const [pk, pv] = proc.children ?? [];
    for (const probe of pv?.type === 'object' ? (pv.children ?? []) : []) {
      const [k, v] = probe.children ?? [];
      if (!pk || !k || !v) {
        continue;
      }
      const path = findNodeAtLocation(v, ['httpGet', 'path']);
      const port = findNodeAtLocation(v, ['httpGet', 'port']);
      out.push({
        process: String(pk.value),
        probe: String(k.value),
        ...(path?.type === 'string' ? { httpPath: String(path.value) } : {}),
        ...(port?.type === 'number' ? { port: Number(port.value) } : {}),
        keyRange: rangeOf(k),
      });
    }
  }
  return out;
}

/** One issue per error offset (the parser cascades), with trailing commas named as such. */
function syntaxIssues(text: string, errors: readonly ParseError[], index: LineIndex): ParseIssue[] {
  const out: ParseIssue[] = [];
  const seen = new Set<number>();
  for (const e of errors) {
    if (seen.has(e.offset)) {
      continue;
    }
    seen.add(e.offset);
    const before = text.slice(0, e.offset).trimEnd();
    if ((text[e.offset] === '}' || text[e.offset] === ']') && before.endsWith(',')) {
      out.push({
        range: index.rangeOf(before.length - 1, before.length),
        message: 'app.json is not valid JSON: a trailing comma is not allowed.',
      });
      continue;
    }
    out.push({
      range: index.rangeOf(e.offset, e.offset + e.length),
      message: `app.json is not valid JSON: ${SYNTAX[printParseErrorCode(e.error)] ?? 'syntax error'}.`,
    });
  }
  return out;
}
