import type { AppContext } from '../model/appContext';
import type { CheckOptions, Range } from '../model/types';
import { parseCondaRequirements } from '../parsers/condaRequirements';
import { pythonMinorOf } from '../parsers/condaSpec';
import { parseEnvironmentYml } from '../parsers/environmentYml';
import { locateToml, parseProjectToml, type ProjectToml } from '../parsers/projectToml';
import { parseRuntimeTxt } from '../parsers/runtimeTxt';

export interface De5Python {
  /** The minor DE5 will build with, e.g. "3.10". */
  readonly minor: string;
  /** Where it came from. */
  readonly source: 'runtime.txt' | 'project.toml' | 'environment.yml' | 'conda-requirements.txt' | 'default';
  /** The file that declares it (e.g. `environment.yaml` for source `environment.yml`); absent for the default. */
  readonly file?: string;
  /** Where the declaration is written in `file`. */
  readonly range?: Range;
  /** The minor the app asked for, when DE5 does not support it and `minor` is the nearest one. */
  readonly requested?: string;
}

/**
 * The Python minor the app will run on DE5, in the order DE5 (and the DE5 conversion) honours the
 * declarations: project.toml `BP_CPYTHON_VERSION`, environment.yml `python=X.Y`, then the DE4 files
 * runtime.txt and conda-requirements.txt (which the conversion carries over); each moved to the
 * nearest supported minor. Otherwise DE5's default.
 */
export function de5PythonFor(app: AppContext, options: CheckOptions): De5Python {
  const found = declaredPython(app, options.profile.pythonVersionEnv.value);
  if (!found) {
    return { minor: options.de5PythonDefault, source: 'default' };
  }
  const minor = nearestSupportedMinor(found.minor, options.de5PythonSupported);
  return {
    minor,
    source: found.source,
    file: found.file,
    range: found.range,
    ...(minor === found.minor ? {} : { requested: found.minor }),
  };
}

interface Declared {
  readonly minor: string;
  readonly source: Exclude<De5Python['source'], 'default'>;
  readonly file: string;
  readonly range: Range;
}

function declaredPython(app: AppContext, envName: string): Declared | undefined {
  const toml = app.parse('project.toml', parseProjectToml)?.value;
  const fromToml = toml ? cpythonVersionOf(toml, envName) : undefined;
  if (fromToml) {
    return { ...fromToml, source: 'project.toml', file: 'project.toml' };
  }
  for (const file of ['environment.yml', 'environment.yaml']) {
    const py = app.parse(file, parseEnvironmentYml)?.value.python;
    if (py) {
      return { minor: py.minor, range: py.range, source: 'environment.yml', file };
    }
  }
  const rt = app.parse('runtime.txt', parseRuntimeTxt)?.value.python;
  if (rt) {
    return { minor: rt.minorVersion, range: rt.range, source: 'runtime.txt', file: 'runtime.txt' };
  }
  for (const req of app.parse('conda-requirements.txt', parseCondaRequirements)?.value.requirements ?? []) {
    const minor = pythonMinorOf(req.spec);
    if (minor) {
      return { minor, range: req.range, source: 'conda-requirements.txt', file: 'conda-requirements.txt' };
    }
  }
  return undefined;
}

/**
 * The profile's Python variable (`BP_CPYTHON_VERSION`) from `[[io.buildpacks.build.env]]` (or the
 * deprecated `[[io.buildpacks.env.build]]`, which pack reads only when the new table is absent).
 * Semver constraints like `3.10.*` or `~3.10` give their first X.Y.
 */
export function cpythonVersionOf(toml: ProjectToml, envName = 'BP_CPYTHON_VERSION'): { minor: string; range: Range } | undefined {
  const current = toml.buildEnv.filter((e) => e.table === 'io.buildpacks.build.env');
  const entries = current.length > 0 ? current : toml.buildEnv;
  for (const e of entries) {
    if (e.name === envName && typeof e.value === 'string') {
      const m = /(\d+)\.(\d+)/.exec(e.value);
      if (m) {
        return { minor: `${m[1]}.${m[2]}`, range: locateToml(toml.locations, [...e.table.split('.'), e.index, 'value']) ?? e.range };
      }
    }
  }
  return undefined;
}

/** The supported minor closest to the wanted one (ties go to the newer), e.g. 3.7 → 3.8. */
export function nearestSupportedMinor(wanted: string, supported: readonly string[]): string {
  const key = (v: string): number => {
    const [a, b] = v.split('.').map((x) => Number.parseInt(x, 10));
    return (a ?? 0) * 1000 + (b ?? 0);
  };
  if (supported.includes(wanted) || supported.length === 0) {
    return wanted;
  }
  const w = key(wanted);
  let best = supported[0] ?? wanted;
  for (const s of supported) {
    const d = Math.abs(key(s) - w);
    const bd = Math.abs(key(best) - w);
    if (d < bd || (d === bd && key(s) > key(best))) {
      best = s;
    }
  }
  return best;
}
