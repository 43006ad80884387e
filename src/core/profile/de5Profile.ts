/** Whether a DE5 convention is published by Plotly (or the buildpacks spec) or inferred by us. */
export type ProfileStatus = 'confirmed' | 'assumed';

/** One DE5 convention, with how sure we are of it and where it comes from. */
export interface ProfileEntry<T> {
  readonly value: T;
  readonly status: ProfileStatus;
  /** Where the value comes from, for the README and for users deciding whether to override it. */
  readonly source: string;
}

/**
 * How DE4 pre/post-deploy commands are written into project.toml. `comment`: a commented TODO block
 * (DE5's keys are not public). `table`: real keys, `[<table>] <predeploy> = "<command>"`, for users
 * whose DE5 documents them.
 */
export type DeployScriptsConvention =
  | { readonly mode: 'comment' }
  | { readonly mode: 'table'; readonly table: string; readonly predeploy: string; readonly postdeploy: string };

/** Every DE5 convention the rules and conversions depend on (reference §3.3–3.9). */
export interface De5Profile {
  /** `[_] schema-version` written into project.toml. */
  readonly schemaVersion: ProfileEntry<string>;
  /** Build env var (in `[[io.buildpacks.build.env]]`) that holds the Python minor `X.Y`. */
  readonly pythonVersionEnv: ProfileEntry<string>;
  /** Python minors DE5 offers, oldest first. */
  readonly pythonSupported: ProfileEntry<readonly string[]>;
  /** The minor DE5 builds with when the app sets none. */
  readonly pythonDefault: ProfileEntry<string>;
  /** DE5 package index; `{host}` is the DE5 host name. */
  readonly packageIndexUrl: ProfileEntry<string>;
  readonly deployScripts: ProfileEntry<DeployScriptsConvention>;
  /** Git remote; `{host}` and `{app}` are filled in. */
  readonly gitRemoteUrl: ProfileEntry<string>;
  readonly gitBranch: ProfileEntry<string>;
}

function entry<T>(value: T, status: ProfileStatus, source: string): ProfileEntry<T> {
  return Object.freeze({ value: typeof value === 'object' && value !== null ? Object.freeze(value) : value, status, source });
}

export const DEFAULT_DE5_PROFILE: De5Profile = Object.freeze({
  schemaVersion: entry('0.2', 'confirmed', 'Cloud Native Buildpacks project descriptor 0.2'),
  pythonVersionEnv: entry(
    'BP_CPYTHON_VERSION',
    'assumed',
    "Paketo's Python buildpack variable; DE5 builds with Paketo-style buildpacks but does not publish the key",
  ),
  pythonSupported: entry<readonly string[]>(
    ['3.8', '3.9', '3.10', '3.11', '3.12'],
    'assumed',
    'DE5 app environment docs; admins may narrow it',
  ),
  pythonDefault: entry('3.10', 'confirmed', 'DE5 app environment docs (admins can change the default)'),
  packageIndexUrl: entry('https://{host}/packages', 'confirmed', 'DE5 CLI docs: pip --extra-index-url https://<host>/packages'),
  deployScripts: entry<DeployScriptsConvention>(
    { mode: 'comment' },
    'assumed',
    'DE5 reads pre/post-deploy scripts from project.toml, but the keys are not public, so commands are kept as a TODO comment',
  ),
  gitRemoteUrl: entry('git@{host}:{app}', 'confirmed', "Plotly's DE5 CI examples"),
  gitBranch: entry('main', 'confirmed', "Plotly's DE5 CI examples push HEAD:main"),
});

const USER_SOURCE = 'user override';
const MINOR = /^3\.\d{1,2}$/;
const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function minorKey(v: string): number {
  const [a = '0', b = '0'] = v.split('.');
  return Number.parseInt(a, 10) * 1000 + Number.parseInt(b, 10);
}

function str(raw: unknown, valid: (s: string) => boolean): string | undefined {
  if (typeof raw !== 'string') {
    return undefined;
  }
  const s = raw.trim();
  return s !== '' && valid(s) ? s : undefined;
}

function supportedOf(raw: unknown): string[] | undefined {
  if (!Array.isArray(raw)) {
    return undefined;
  }
  const minors = [...new Set(raw.filter((v): v is string => typeof v === 'string' && MINOR.test(v.trim())).map((v) => v.trim()))];
  return minors.length > 0 ? minors.sort((a, b) => minorKey(a) - minorKey(b)) : undefined;
}

function deployScriptsOf(raw: unknown): DeployScriptsConvention | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  if (r['mode'] === 'comment') {
    return { mode: 'comment' };
  }
  if (r['mode'] !== 'table') {
    return undefined;
  }
  const table = str(r['table'], (s) => s.split('.').every((k) => BARE_KEY.test(k)) && s !== '_' && !s.startsWith('_.'));
  const predeploy = r['predeploy'] === undefined ? 'predeploy' : str(r['predeploy'], (s) => BARE_KEY.test(s));
  const postdeploy = r['postdeploy'] === undefined ? 'postdeploy' : str(r['postdeploy'], (s) => BARE_KEY.test(s));
  return table && predeploy && postdeploy && predeploy !== postdeploy ? { mode: 'table', table, predeploy, postdeploy } : undefined;
}

/**
 * The default profile with a user's override merged in, field by field. The override holds plain
 * values (`{ pythonDefault: "3.11" }`); each one that is invalid is ignored, never thrown. Overridden
 * entries count as confirmed: the user states their server's convention.
 */
export function normaliseProfile(raw: unknown): De5Profile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return DEFAULT_DE5_PROFILE;
  }
  const r = raw as Record<string, unknown>;
  const d = DEFAULT_DE5_PROFILE;
  const pick = <T>(value: T | undefined, fallback: ProfileEntry<T>): ProfileEntry<T> =>
    value === undefined ? fallback : entry(value, 'confirmed', USER_SOURCE);
  const noSpace = (s: string): boolean => !/\s/.test(s);
  return Object.freeze({
    schemaVersion: pick(
      str(r['schemaVersion'], (s) => /^\d+\.\d+$/.test(s)),
      d.schemaVersion,
    ),
    pythonVersionEnv: pick(
      str(r['pythonVersionEnv'], (s) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s)),
      d.pythonVersionEnv,
    ),
    pythonSupported: pick<readonly string[]>(supportedOf(r['pythonSupported']), d.pythonSupported),
    pythonDefault: pick(
      str(r['pythonDefault'], (s) => MINOR.test(s)),
      d.pythonDefault,
    ),
    packageIndexUrl: pick(
      str(r['packageIndexUrl'], (s) => /^https?:\/\//i.test(s) && s.includes('{host}') && noSpace(s)),
      d.packageIndexUrl,
    ),
    deployScripts: pick(deployScriptsOf(r['deployScripts']), d.deployScripts),
    gitRemoteUrl: pick(
      str(r['gitRemoteUrl'], (s) => s.includes('{host}') && s.includes('{app}') && noSpace(s)),
      d.gitRemoteUrl,
    ),
    gitBranch: pick(
      str(r['gitBranch'], (s) => /^[A-Za-z0-9._/-]+$/.test(s) && !s.startsWith('-') && !s.includes('..')),
      d.gitBranch,
    ),
  });
}

/** Fills `{host}` and `{app}` in a profile template. */
export function expandTemplate(template: string, values: { readonly host: string; readonly app?: string }): string {
  return template.replace(/\{host\}/g, values.host).replace(/\{app\}/g, values.app ?? '{app}');
}

/** The DE5 package index URL for a host (or a `<de5-host>` placeholder for messages). */
export function packageIndexUrl(profile: De5Profile, host: string | undefined): string {
  return expandTemplate(profile.packageIndexUrl.value, { host: host ?? '<de5-host>' });
}
