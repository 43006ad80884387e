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

export function isAppMarker(name: string): boolean {
  return APP_MARKER_FILES.includes(name);
}

/** Root config files plus requirement-like text files (`requirements-dev.txt`, `ci-requirements.txt`). */
export function isReadConfigFile(name: string): boolean {
  return APP_CONFIG_FILES.includes(name) || /requirements.*\.(txt|in)$/i.test(name);
}
