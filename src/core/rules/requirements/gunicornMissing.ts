import type { AppContext } from '../../model/appContext';
import { eolOf } from '../../model/text';
import type { Range, RuleFinding } from '../../model/types';
import { parseProcfile, runsGunicorn, type ProcfileEntry } from '../../parsers/procfile';
import type { Rule } from '../rule';
import { allRequirements, REQUIREMENTS_TXT, requirementSet, type RequirementFileView } from './requirementFiles';

const GUNICORN = /(^|[\s/])gunicorn(\s|$)/;

export const gunicornMissingRule: Rule = {
  id: 'gunicorn-missing',
  defaultSeverity: 'error',
  title: 'The Procfile runs gunicorn but the requirements do not install it',
  check(app): RuleFinding[] {
    const procfile = app.parse('Procfile', parseProcfile)?.value;
    const entry = procfile && runsGunicorn(procfile) ? procfile.entries.find((e) => GUNICORN.test(e.command)) : undefined;
    if (!entry) {
      return [];
    }
    const set = requirementSet(app);
    if (!set) {
      return missingFile(app, entry);
    }
    if (allRequirements(set).some(({ req }) => req.name === 'gunicorn')) {
      return [];
    }
    const main = set.files[0];
    if (!main) {
      return [];
    }
    const where = `The Procfile runs gunicorn (line ${entry.line + 1})`;
    const unknown = set.unresolved.map((u) => u.option.value ?? '').filter((v) => v !== '');
    // An include we cannot read may well list gunicorn: say so, and report it as a warning only.
    const caveat = unknown.length > 0 ? ` unless ${unknown.map((u) => `\`${u}\``).join(' or ')} lists it` : '';
    return [
      {
        file: main.path,
        range: endOfContent(main),
        message: `${where} but ${main.path} does not install it${caveat}; DE5 installs only what the requirements list, so the app would not start. Add \`gunicorn\`.`,
        ...(unknown.length > 0 ? { severity: 'warning' as const } : {}),
        fixes: [{ title: `Add gunicorn to ${main.path}`, safety: 'safe', edits: [appendLine(main, 'gunicorn')] }],
      },
    ];
  },
};

/** No requirements.txt at all: report on the Procfile and offer to create one (pip apps only). */
function missingFile(app: AppContext, entry: ProcfileEntry): RuleFinding[] {
  if (app.has(REQUIREMENTS_TXT) || app.kind === 'conda' || app.has('Pipfile')) {
    return []; // unreadable, or the dependencies live in a conda/Pipenv file other rules read
  }
  const at = /(^|[\s/])(gunicorn)(\s|$)/.exec(entry.command);
  const start = entry.commandRange.start.character + (at ? at.index + (at[1] ?? '').length : 0);
  const range: Range = {
    start: { line: entry.line, character: start },
    end: { line: entry.line, character: at ? start + 'gunicorn'.length : entry.commandRange.end.character },
  };
  return [
    {
      file: 'Procfile',
      range,
      message:
        'The Procfile runs gunicorn but the app has no requirements.txt, so DE5 will not install it and the app would not start. Add a requirements.txt that lists `gunicorn` and the app’s other packages.',
      fixes: [
        {
          title: 'Create requirements.txt with gunicorn',
          safety: 'safe',
          edits: [{ kind: 'create', file: REQUIREMENTS_TXT, content: 'gunicorn\n' }],
        },
      ],
    },
  ];
}

/** End of the last non-blank line (where the new line will go), or the file start. */
function endOfContent(file: RequirementFileView): Range {
  for (let line = file.index.lineCount - 1; line >= 0; line--) {
    if (file.index.lineText(line).trim() !== '') {
      const p = { line, character: file.index.lineLength(line) };
      return { start: p, end: p };
    }
  }
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** Appends a line in the file's own line ending, keeping a missing final newline missing. */
export function appendLine(file: RequirementFileView, line: string): { kind: 'replace'; file: string; range: Range; newText: string } {
  const text = file.source.text;
  const eol = eolOf(text);
  const end = file.index.positionAt(text.length);
  const endsWithBreak = text === '' || text.endsWith('\n') || text.endsWith('\r');
  return {
    kind: 'replace',
    file: file.path,
    range: { start: end, end },
    newText: endsWithBreak ? `${line}${eol}` : `${eol}${line}`,
  };
}
