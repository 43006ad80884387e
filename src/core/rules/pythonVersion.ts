import type { AppContext } from '../model/appContext';
import type { CheckOptions } from '../model/types';

export interface De5Python {
  /** The minor DE5 will build with, e.g. "3.10". */
  readonly minor: string;
  /** Where it came from. */
  readonly source: 'runtime.txt' | 'project.toml' | 'environment.yml' | 'default';
}

/**
 * The Python minor the app will run on DE5: the app's own declaration (project.toml, environment.yml,
 * runtime.txt), moved to the nearest supported minor, else DE5's default.
 * PLACEHOLDER body (runtime.txt only) until the DE4-files parsers land; signature is the contract.
 */
export function de5PythonFor(app: AppContext, options: CheckOptions): De5Python {
  const rt = app.file('runtime.txt');
  const m = rt ? /python-(\d+)\.(\d+)/.exec(rt.text) : null;
  if (m) {
    return { minor: nearestSupportedMinor(`${m[1]}.${m[2]}`, options.de5PythonSupported), source: 'runtime.txt' };
  }
  return { minor: options.de5PythonDefault, source: 'default' };
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
