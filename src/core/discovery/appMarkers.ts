/** Files whose presence makes a folder a DE4/DE5 app root (foundation issue §Core 1). */
export const APP_MARKER_FILES: readonly string[] = Object.freeze([
  'Procfile',
  'app.py',
  'index.py',
  'requirements.txt',
  'runtime.txt',
  'conda-requirements.txt',
  'environment.yml',
  'app.json',
  'apt',
  'apt-packages',
  'Aptfile',
  'project.toml',
  'DOKKU_SCALE',
  'CHECKS',
]);

/** Other root files the rules read when present. */
export const APP_CONFIG_FILES: readonly string[] = Object.freeze([
  ...APP_MARKER_FILES,
  'environment.yaml',
  'conda-runtime.txt',
  '.condarc',
  '.buildpacks',
  'apt-repositories',
  'apt-conf',
  'apt-env',
  'apt-keys',
  'apt-preferences',
  'apt-sources-list',
  'apt-debconf',
  'Pipfile',
  '.gitignore',
]);

/** Folders never searched: tools' state, dependencies and virtual environments. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.venv',
  'venv',
  '.virtualenv',
  'virtualenv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.ipynb_checkpoints',
  'site-packages',
  '.de-migrate',
  '.vscode-test',
  '.eggs',
]);

/** A folder holding pyvenv.cfg is a virtualenv whatever its name. */
export const VIRTUALENV_MARKER = 'pyvenv.cfg';

/** Markers that are code, not configuration: enough for a top-level app, not for a nested one. */
const CODE_MARKERS: ReadonlySet<string> = new Set(['app.py', 'index.py']);

export function isAppMarker(name: string): boolean {
  return APP_MARKER_FILES.includes(name);
}

/**
 * Whether a marker makes its folder an app. Inside another app only configuration markers count:
 * a subfolder with just `app.py`/`index.py` is a package or pages folder of the enclosing app.
 */
export function isAppMarkerAt(name: string, nested: boolean): boolean {
  return isAppMarker(name) && !(nested && CODE_MARKERS.has(name));
}

/** Root config files plus requirement-like text files (`requirements-dev.txt`, `ci-requirements.txt`). */
export function isReadConfigFile(name: string): boolean {
  return APP_CONFIG_FILES.includes(name) || /requirements.*\.(txt|in)$/i.test(name);
}
