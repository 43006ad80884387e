import {
  condaSpecWithoutBuild,
  mergeIntoEnvironmentYml,
  pipLinesOf,
  writeEnvironmentYml,
  type EnvironmentContent,
} from '../../convert/environmentYmlWriter';
import type { AppContext } from '../../model/appContext';
import { eolOf } from '../../model/text';
import type { CheckOptions, FileEdit, Fix } from '../../model/types';
import { parseCondaRequirements } from '../../parsers/condaRequirements';
import { parseCondaRuntime } from '../../parsers/condaRuntime';
import { pythonMinorOf } from '../../parsers/condaSpec';
import { parseCondarc } from '../../parsers/condarc';
import { parseRuntimeTxt } from '../../parsers/runtimeTxt';
import { nearestSupportedMinor } from '../pythonVersion';

/** The DE4 files the conversion folds into environment.yml and then deletes, in delete order. */
const DE4_CONDA_FILES = ['conda-requirements.txt', 'conda-runtime.txt', '.condarc', 'requirements.txt'];

/** The environment file the app already has, if any. */
export function environmentFileOf(app: AppContext): string | undefined {
  return ['environment.yml', 'environment.yaml'].find((p) => app.has(p));
}

/**
 * The `conda-requirements` conversion: conda-requirements.txt, requirements.txt, .condarc and
 * conda-runtime.txt become one environment.yml (merged into an existing one by text edits), and the
 * DE4 files are deleted. Safe when nothing is lost or changed beyond the migration itself; a Python
 * DE5 lacks, lines that are not conda specs, extra .condarc settings or a clash with an existing
 * entry make it unsafe, and each is named in a comment of the file.
 */
export function condaConversionFix(app: AppContext, options: CheckOptions): Fix | undefined {
  const envFile = environmentFileOf(app);
  const present = DE4_CONDA_FILES.filter((f) => app.has(f));
  if ([...present, ...(envFile ? [envFile] : [])].some((f) => !app.file(f))) {
    return undefined; // An unreadable file cannot be carried over without loss.
  }
  const deletes = (files: readonly string[]): FileEdit[] => files.map((file) => ({ kind: 'delete', file }));
  if (!envFile && !app.has('conda-requirements.txt')) {
    // DE4 picks the conda buildpack only with conda-requirements.txt, so these files did nothing.
    const unused = present.filter((f) => f !== 'requirements.txt');
    return unused.length === 0 ? undefined : { title: 'Delete the unused DE4 conda files', safety: 'unsafe', edits: deletes(unused) };
  }
  const condarc = app.parse('.condarc', parseCondarc);
  if (condarc && condarc.issues.length > 0) {
    return undefined; // Its channels cannot be read; the parse-error finding says why.
  }
  const built = contentOf(app, options, condarc?.value.otherKeys ?? []);
  const channels = condarc?.value.channels.map((c) => c.name) ?? [];
  const content: EnvironmentContent = { ...built.content, channels: channels.length > 0 || envFile ? channels : ['defaults'] };
  const edits: FileEdit[] = [];
  let lossy = built.lossy;
  if (envFile) {
    const merged = mergeIntoEnvironmentYml(envFile, app.file(envFile)?.text ?? '', content);
    if (!merged) {
      return undefined; // Not valid YAML or flow style: the user merges by hand.
    }
    edits.push(...merged.edits);
    lossy ||= merged.conflicts.length > 0;
  } else {
    const eol = eolOf(app.file('conda-requirements.txt')?.text ?? app.file('requirements.txt')?.text ?? '');
    edits.push({ kind: 'create', file: 'environment.yml', content: writeEnvironmentYml(content, eol) });
  }
  edits.push(...deletes(present));
  return {
    title: envFile ? `Merge the DE4 conda files into ${envFile}` : 'Convert the DE4 conda files to environment.yml',
    safety: lossy ? 'unsafe' : 'safe',
    edits,
  };
}

function contentOf(
  app: AppContext,
  options: CheckOptions,
  otherCondarcKeys: readonly string[],
): { content: Omit<EnvironmentContent, 'channels'>; lossy: boolean } {
  const header: string[] = [];
  let lossy = false;
  const parsed = app.parse('conda-requirements.txt', parseCondaRequirements);
  const reqs = parsed?.value.requirements ?? [];
  const pyReq = reqs.find((r) => pythonMinorOf(r.spec) !== undefined);
  const wanted = pyReq ? pythonMinorOf(pyReq.spec) : app.parse('runtime.txt', parseRuntimeTxt)?.value.python?.minorVersion;
  let python: EnvironmentContent['python'];
  if (wanted) {
    const minor = nearestSupportedMinor(wanted, options.de5PythonSupported);
    lossy ||= minor !== wanted;
    python = { spec: `python=${minor}`, ...(minor === wanted ? {} : { comment: `DE4 used Python ${wanted}, which DE5 does not offer` }) };
  }
  const runtime = app.parse('conda-runtime.txt', parseCondaRuntime);
  const runtimeText =
    runtime?.value.runtime?.text ??
    app
      .file('conda-runtime.txt')
      ?.text.trim()
      .split(/\r?\n|\r/)[0];
  if (runtimeText) {
    header.push(`DE4 used ${runtimeText} (conda-runtime.txt); DE5 chooses its own Miniconda.`);
  }
  // Split once: a file of thousands of bad lines must not be re-split for each of them.
  const lines = (app.file('conda-requirements.txt')?.text ?? '').split(/\r\n|\n|\r/);
  for (const issue of parsed?.issues ?? []) {
    header.push(
      `Not a conda spec, not converted (conda-requirements.txt line ${issue.range.start.line + 1}): ${(lines[issue.range.start.line] ?? '').trim()}`,
    );
    lossy = true;
  }
  for (const u of parsed?.value.urls ?? []) {
    header.push(`Explicit package URL, not converted (conda-requirements.txt): ${u.url}`);
    lossy = true;
  }
  if (otherCondarcKeys.length > 0) {
    header.push(`.condarc also set ${otherCondarcKeys.join(', ')}; environment.yml has no place for it.`);
    lossy = true;
  }
  const conda = reqs.filter((r) => r !== pyReq).map((r) => condaSpecWithoutBuild(r.text));
  const requirements = app.file('requirements.txt');
  return { content: { header, ...(python ? { python } : {}), conda, pip: requirements ? pipLinesOf(requirements.text) : [] }, lossy };
}
