import type { RuleFinding } from '../../model/types';
import { parseRuntimeTxt } from '../../parsers/runtimeTxt';
import { de5PythonFor, nearestSupportedMinor } from '../pythonVersion';
import type { Rule } from '../rule';
import { fileHead } from './fileHead';

/** runtime.txt is a DE4 (Heroku buildpack) file; DE5 takes the Python version from elsewhere. */
export const runtimeTxtRule: Rule = {
  id: 'runtime-txt',
  defaultSeverity: 'warning',
  title: 'runtime.txt is ignored on DE5',
  check(app, options) {
    const file = app.file('runtime.txt');
    if (!file && !app.has('runtime.txt')) {
      return [];
    }
    const python = app.parse('runtime.txt', parseRuntimeTxt)?.value.python;
    const range = python?.range ?? fileHead(file?.text);
    const declared = de5PythonFor(app, options);
    if (declared.source === 'project.toml' || declared.source === 'environment.yml') {
      const differs = python && python.minorVersion !== declared.minor ? ` (runtime.txt asks for ${python.minorVersion})` : '';
      return [
        {
          file: 'runtime.txt',
          range,
          severity: 'info',
          message: `DE5 ignores runtime.txt; ${declared.file ?? declared.source} already sets Python ${declared.minor}${differs}. Delete runtime.txt once the app no longer deploys to DE4.`,
        },
      ];
    }
    const setIn = (v: string): string =>
      app.kind === 'conda'
        ? `\`python=${v}\` in environment.yml`
        : `Python ${v} in project.toml (\`BP_CPYTHON_VERSION\` in \`[[io.buildpacks.build.env]]\`)`;
    if (!python) {
      return [
        {
          file: 'runtime.txt',
          range,
          message: `DE5 ignores runtime.txt and builds with its default Python (${options.de5PythonDefault}) unless you set ${setIn('X.Y')} or run \`de apps update --name <app> --python-version X.Y\`.`,
        },
      ];
    }
    const minor = python.minorVersion;
    const mapped = nearestSupportedMinor(minor, options.de5PythonSupported);
    const supported = mapped === minor ? '' : ` DE5 does not offer Python ${minor}; the nearest supported version is ${mapped}.`;
    const finding: RuleFinding = {
      file: 'runtime.txt',
      range,
      message:
        `DE5 ignores runtime.txt: set ${setIn(mapped)} or run \`de apps update --name <app> --python-version ${mapped}\`; the DE5 conversion will do this.` +
        supported,
    };
    return [finding];
  },
};
