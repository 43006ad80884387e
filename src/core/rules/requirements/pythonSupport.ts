/**
 * Which releases of common compiled packages can be installed on which CPython minor.
 *
 * Bundled snapshot of PyPI release history (best knowledge, not fetched at run time): `first` is the
 * first release that ships CPython wheels for that minor (for psycopg2, which Linux always builds from
 * source, the first release that supports it); `last` is the last release that still supports an
 * older minor. When a date is uncertain the later release is listed, so a finding errs towards
 * "upgrade" rather than a broken build. Users who disagree can turn `pin-incompatible-python` down or
 * off through its severity setting; the table is exported so settings can extend it later.
 */
export interface PythonSupport {
  /** CPython minor ("3.10") → first release with a build for it. */
  readonly first: Readonly<Record<string, string>>;
  /** CPython minor → last release that still supports it (newer releases dropped it). */
  readonly last?: Readonly<Record<string, string>>;
}

const PSYCOPG2: PythonSupport = {
  first: { '3.8': '2.8.4', '3.9': '2.8.6', '3.10': '2.9.2', '3.11': '2.9.5', '3.12': '2.9.9', '3.13': '2.9.10' },
};

/** Keyed by PEP 503-normalised project name. */
export const PYTHON_SUPPORT: Readonly<Record<string, PythonSupport>> = Object.freeze({
  numpy: {
    first: { '3.8': '1.17.3', '3.9': '1.19.3', '3.10': '1.21.3', '3.11': '1.23.2', '3.12': '1.26.0', '3.13': '2.1.0' },
    last: { '3.8': '1.24.4', '3.9': '2.0.2', '3.10': '2.2.6' },
  },
  pandas: {
    first: { '3.8': '0.25.3', '3.9': '1.1.3', '3.10': '1.3.4', '3.11': '1.5.1', '3.12': '2.1.1', '3.13': '2.2.3' },
    last: { '3.8': '2.0.3', '3.9': '2.2.3' },
  },
  scipy: {
    first: { '3.8': '1.3.2', '3.9': '1.5.4', '3.10': '1.7.2', '3.11': '1.9.2', '3.12': '1.11.2', '3.13': '1.14.1' },
    last: { '3.8': '1.10.1', '3.9': '1.13.1', '3.10': '1.15.3' },
  },
  'scikit-learn': {
    first: { '3.8': '0.22', '3.9': '0.24.0', '3.10': '1.0.1', '3.11': '1.1.3', '3.12': '1.3.1', '3.13': '1.5.2' },
    last: { '3.8': '1.3.2', '3.9': '1.6.1' },
  },
  matplotlib: {
    first: { '3.8': '3.1.2', '3.9': '3.3.3', '3.10': '3.5.0', '3.11': '3.6.1', '3.12': '3.8.0', '3.13': '3.9.2' },
    last: { '3.8': '3.7.5', '3.9': '3.9.4' },
  },
  pyarrow: {
    first: { '3.8': '0.16.0', '3.9': '3.0.0', '3.10': '6.0.0', '3.11': '10.0.1', '3.12': '14.0.0', '3.13': '18.0.0' },
    last: { '3.8': '17.0.0' },
  },
  psycopg2: PSYCOPG2,
  'psycopg2-binary': PSYCOPG2,
  pillow: {
    first: { '3.8': '6.2.1', '3.9': '8.0.0', '3.10': '8.3.2', '3.11': '9.3.0', '3.12': '10.1.0', '3.13': '11.0.0' },
    last: { '3.8': '10.4.0', '3.9': '11.3.0' },
  },
  h5py: {
    first: { '3.8': '2.10.0', '3.9': '3.1.0', '3.10': '3.6.0', '3.11': '3.8.0', '3.12': '3.10.0', '3.13': '3.12.1' },
  },
  statsmodels: {
    first: { '3.8': '0.11.0', '3.9': '0.12.1', '3.10': '0.13.1', '3.11': '0.13.5', '3.12': '0.14.1', '3.13': '0.14.4' },
  },
  shapely: {
    first: { '3.10': '1.8.0', '3.11': '1.8.5', '3.12': '2.0.2', '3.13': '2.0.6' },
  },
  lxml: {
    first: { '3.10': '4.6.4', '3.12': '4.9.3', '3.13': '5.3.0' },
  },
});

function minorKey(v: string): number {
  const [a, b] = v.split('.').map((x) => Number.parseInt(x, 10));
  return (a ?? 0) * 1000 + (b ?? 0);
}

/**
 * The first release with a build for `minor`. A minor the table does not list borrows the newest
 * entry of an older minor: whatever has no build for 3.10 has none for 3.11 either.
 */
export function firstReleaseFor(support: PythonSupport, minor: string): string | undefined {
  const wanted = minorKey(minor);
  let best: { key: number; version: string } | undefined;
  for (const [m, version] of Object.entries(support.first)) {
    const key = minorKey(m);
    if (key <= wanted && (!best || key > best.key)) {
      best = { key, version };
    }
  }
  return best?.version;
}

/** The last release that supports `minor`, borrowing from newer minors (what dropped 3.9 dropped 3.8). */
export function lastReleaseFor(support: PythonSupport, minor: string): string | undefined {
  const wanted = minorKey(minor);
  let best: { key: number; version: string } | undefined;
  for (const [m, version] of Object.entries(support.last ?? {})) {
    const key = minorKey(m);
    if (key >= wanted && (!best || key < best.key)) {
      best = { key, version };
    }
  }
  return best?.version;
}
