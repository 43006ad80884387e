import { LineIndex } from '../model/text';
import { contentLines } from './lineTokens';
import type { Range } from '../model/types';
import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';

export interface ProcfileEntry {
  /** Process type, e.g. `web`, `worker`. */
  readonly type: string;
  readonly command: string;
  readonly line: number;
  /** Range of the process type name. */
  readonly typeRange: Range;
  /** Range of the command text. */
  readonly commandRange: Range;
}

export interface Procfile {
  readonly entries: readonly ProcfileEntry[];
}

// The command's blanks are trimmed in code: `[ \t]*(.*?)[ \t]*$` is quadratic on a long run of blanks.
const ENTRY = /^([A-Za-z0-9_-]+)[ \t]*:(.*)$/;

/** Spaces and tabs only: the other whitespace (e.g. form feeds) belongs to the command. */
function trimBlanks(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s[a] === ' ' || s[a] === '\t')) {
    a++;
  }
  while (b > a && (s[b - 1] === ' ' || s[b - 1] === '\t')) {
    b--;
  }
  return s.slice(a, b);
}

/** `<process type>: <command>` per line; `#` lines and blank lines are ignored (as Dokku/Heroku do). */
export function parseProcfile(text: string): ParseResult<Procfile> {
  const index = new LineIndex(text);
  const entries: ProcfileEntry[] = [];
  const issues: ParseIssue[] = [];
  const seen = new Set<string>();
  for (const { line, raw } of contentLines(index)) {
    const lead = raw.length - raw.trimStart().length;
    const m = ENTRY.exec(raw.slice(lead));
    if (!m || !m[1]) {
      issues.push({ range: index.lineRange(line), message: 'Procfile lines must look like `<process type>: <command>`.' });
      continue;
    }
    const type = m[1];
    const command = trimBlanks(m[2] ?? '');
    const cmdStart = raw.indexOf(command, lead + type.length + 1);
    const entry: ProcfileEntry = {
      type,
      command,
      line,
      typeRange: { start: { line, character: lead }, end: { line, character: lead + type.length } },
      commandRange: {
        start: { line, character: cmdStart < 0 ? raw.length : cmdStart },
        end: { line, character: cmdStart < 0 ? raw.length : cmdStart + command.length },
      },
    };
    if (command === '') {
      issues.push({ range: index.lineRange(line), message: `Process type \`${type}\` has no command.` });
    }
    if (seen.has(type)) {
      issues.push({ range: entry.typeRange, message: `Process type \`${type}\` is defined twice; only one is used.` });
    }
    seen.add(type);
    entries.push(entry);
  }
  return parsed({ entries }, issues);
}

export interface WsgiTarget {
  /** Python module path, e.g. `app` or `src.app`. */
  readonly module: string;
  /** Variable inside the module, e.g. `server`. */
  readonly variable: string;
  /** Range of `module:variable` in the Procfile (inside quotes, if quoted). */
  readonly range: Range;
  /** `module:create_app()`: the variable is an app factory, called by gunicorn. */
  readonly isFactory?: boolean;
}

/**
 * The `module:variable` a gunicorn (or waitress/uwsgi-style) command serves, if any. Options that
 * take a value (`--workers 4`, `-b :8050`) are skipped; the first `a.b:c` positional is the target.
 */
export function gunicornTarget(entry: ProcfileEntry): WsgiTarget | undefined {
  const tokens = [...entry.command.matchAll(/\S+/g)];
  const gi = tokens.findIndex((t) => /(^|\/)gunicorn$/.test(t[0]));
  if (gi < 0) {
    return undefined;
  }
  for (let i = gi + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) {
      break;
    }
    // A factory needs shell quotes (`"app:create_app()"`); the quotes are not part of the target.
    const m = /^(["']?)(([A-Za-z_][\w.]*):([A-Za-z_]\w*)(\(\))?)\1$/.exec(t[0]);
    if (m && m[2] && m[3] && m[4]) {
      const start = entry.commandRange.start.character + (t.index ?? 0) + (m[1]?.length ?? 0);
      return {
        module: m[3],
        variable: m[4],
        range: { start: { line: entry.line, character: start }, end: { line: entry.line, character: start + m[2].length } },
        ...(m[5] ? { isFactory: true } : {}),
      };
    }
    if (['&&', ';', '||', '|'].includes(t[0])) {
      break;
    }
  }
  return undefined;
}

export function runsGunicorn(procfile: Procfile): boolean {
  return procfile.entries.some((e) => /(^|[\s/])gunicorn(\s|$)/.test(e.command));
}
