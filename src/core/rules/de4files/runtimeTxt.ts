import { addToProjectToml, pythonEnvBlock, PROJECT_TOML } from '../../convert/projectTomlWriter';
import type { AppContext } from '../../model/appContext';
import { eolOf, LineIndex } from '../../model/text';
import type { CheckOptions, FileEdit, Fix, RuleFinding } from '../../model/types';
import { parseEnvironmentYml } from '../../parsers/environmentYml';
import { parseProjectToml } from '../../parsers/projectToml';
import { parseRuntimeTxt, type PythonRuntime } from '../../parsers/runtimeTxt';
import { de5PythonFor, nearestSupportedMinor } from '../pythonVersion';
import type { Rule } from '../rule';
import { fileHead } from './fileHead';

const FILE = 'runtime.txt';
const DELETE: FileEdit = { kind: 'delete', file: FILE };

/** runtime.txt is a DE4 (Heroku buildpack) file; DE5 takes the Python version from elsewhere. */
export const runtimeTxtRule: Rule = {
  id: 'runtime-txt',
  defaultSeverity: 'warning',
  title: 'runtime.txt is ignored on DE5',
  check(app, options) {
    const file = app.file(FILE);
    if (!file && !app.has(FILE)) {
      return [];
    }
    const python = app.parse(FILE, parseRuntimeTxt)?.value.python;
    const range = python?.range ?? fileHead(file?.text);
    const declared = de5PythonFor(app, options);
    if (declared.source === 'project.toml' || declared.source === 'environment.yml') {
      const asked = declared.requested ?? declared.minor;
      const differs = python && python.minorVersion !== asked ? ` (runtime.txt asks for ${python.minorVersion})` : '';
      return [
        {
          file: FILE,
          range,
          severity: 'info',
          message: `DE5 ignores runtime.txt; ${declared.file ?? declared.source} already sets Python ${declared.minor}${differs}. Delete runtime.txt once the app no longer deploys to DE4.`,
          // Nothing is lost when the other file says the same; otherwise the user decides which version is meant.
          ...(python && differs === '' ? { fixes: [{ title: 'Delete runtime.txt', safety: 'safe', edits: [DELETE] }] } : {}),
        },
      ];
    }
    const setIn = (v: string): string =>
      app.kind === 'conda'
        ? `\`python=${v}\` in environment.yml`
        : `Python ${v} in project.toml (\`${options.profile.pythonVersionEnv.value}\` in \`[[io.buildpacks.build.env]]\`)`;
    if (!python) {
      return [
        {
          file: FILE,
          range,
          message: `DE5 ignores runtime.txt and builds with its default Python (${options.de5PythonDefault}) unless you set ${setIn('X.Y')} or run \`de apps update --name <app> --python-version X.Y\`.`,
        },
      ];
    }
    const minor = python.minorVersion;
    const mapped = nearestSupportedMinor(minor, options.de5PythonSupported);
    const supported = mapped === minor ? '' : ` DE5 does not offer Python ${minor}; the nearest supported version is ${mapped}.`;
    const fix = conversionFix(app, options, python, mapped, file?.text ?? '');
    const finding: RuleFinding = {
      file: FILE,
      range,
      message:
        `DE5 ignores runtime.txt: set ${setIn(mapped)} or run \`de apps update --name <app> --python-version ${mapped}\`; the DE5 conversion will do this.` +
        supported,
      ...(fix ? { fixes: [fix] } : {}),
    };
    return [finding];
  },
};

/**
 * project.toml (pip) or environment.yml (conda) with the Python minor, and runtime.txt deleted. A conda
 * app with only conda-requirements.txt gets none: the conda conversion writes environment.yml with it.
 * A replaced minor is named in a comment next to the new one, since runtime.txt goes away.
 */
function conversionFix(
  app: AppContext,
  options: CheckOptions,
  python: PythonRuntime,
  mapped: string,
  runtimeText: string,
): Fix | undefined {
  const minor = python.minorVersion;
  const nearest = mapped === minor ? '' : ` (nearest supported; DE5 does not offer ${minor})`;
  const unsupported = mapped !== minor;
  const note = unsupported
    ? `DE4 runtime.txt asked for python-${python.version}; DE5 does not offer ${minor}, so the nearest supported minor (${mapped}) is used.`
    : undefined;
  if (app.kind === 'conda') {
    const env = app.firstFile('environment.yml', 'environment.yaml');
    const edit = env ? environmentPythonEdit(env.path, env.text, mapped, note) : undefined;
    return edit
      ? {
          title: `Set python=${mapped} in ${env?.path ?? ''}${nearest} and delete runtime.txt`,
          safety: unsafeIf(unsupported),
          edits: [edit, DELETE],
        }
      : undefined;
  }
  const tomlFile = app.file(PROJECT_TOML);
  const toml = tomlFile ? app.parse(PROJECT_TOML, parseProjectToml)?.value : undefined;
  if (tomlFile && !toml?.data) {
    return undefined; // project.toml does not parse: merging into it could lose what it says.
  }
  const change = addToProjectToml(
    tomlFile && toml ? { text: tomlFile.text, toml } : undefined,
    [pythonEnvBlock(toml, mapped, options.profile, note)],
    options.profile,
    eolOf(runtimeText),
  );
  if (!change) {
    return undefined;
  }
  return {
    title: `Set Python ${mapped} in project.toml${nearest} and delete runtime.txt`,
    safety: unsafeIf(unsupported || change.changesMeaning),
    edits: [...change.edits, DELETE],
  };
}

function unsafeIf(condition: boolean): Fix['safety'] {
  return condition ? 'unsafe' : 'safe';
}

/**
 * `- python=X.Y` as the first dependency, with the list's own indentation and `note` as a trailing
 * comment; undefined when the layout is unclear.
 */
function environmentPythonEdit(file: string, text: string, minor: string, note?: string): FileEdit | undefined {
  const env = parseEnvironmentYml(text).value;
  if (env.value === undefined || env.python) {
    return undefined;
  }
  const index = new LineIndex(text);
  const eol = eolOf(text);
  const spec = `python=${minor}${note === undefined ? '' : `  # ${note}`}`;
  let edit: FileEdit;
  const first = env.dependencies[0];
  const firstLine = first ? index.lineText(first.range.start.line) : undefined;
  if (first && firstLine !== undefined && /^\s*-\s/.test(firstLine)) {
    const dash = firstLine.slice(0, first.range.start.character);
    const at = { line: first.range.start.line, character: 0 };
    edit = { kind: 'replace', file, range: { start: at, end: at }, newText: `${dash}${spec}${eol}` };
  } else if (env.dependenciesKeyRange && env.dependencies.length === 0 && !env.pip) {
    const keyLine = env.dependenciesKeyRange.start.line;
    if (!/^dependencies\s*:\s*(#.*)?$/.test(index.lineText(keyLine))) {
      return undefined; // `dependencies: []` or similar flow style: not a block to add to.
    }
    const end = { line: keyLine, character: index.lineLength(keyLine) };
    edit = { kind: 'replace', file, range: { start: end, end }, newText: `${eol}  - ${spec}` };
  } else if (!env.dependenciesKeyRange && (env.value === null || typeof env.value === 'object')) {
    const end = index.positionAt(text.length);
    const lead = text === '' || /(\r\n|\n|\r)$/.test(text) ? '' : eol;
    edit = { kind: 'replace', file, range: { start: end, end }, newText: `${lead}dependencies:${eol}  - ${spec}${eol}` };
  } else {
    return undefined;
  }
  // Only offer what reads back as intended.
  const after = parseEnvironmentYml(applyOne(text, index, edit)).value;
  return after.python?.minor === minor && after.dependencies.length === env.dependencies.length + 1 ? edit : undefined;
}

function applyOne(text: string, index: LineIndex, edit: FileEdit): string {
  if (edit.kind !== 'replace') {
    return text;
  }
  return text.slice(0, index.offsetAt(edit.range.start)) + edit.newText + text.slice(index.offsetAt(edit.range.end));
}
