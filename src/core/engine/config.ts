import { DEFAULT_DE5_PROFILE, normaliseProfile, type De5Profile } from '../profile/de5Profile';
import { DEFAULT_CHECK_OPTIONS, SEVERITIES, type CheckOptions, type Severity } from '../model/types';

export type SeveritySetting = Severity | 'off';

export interface EngineConfig {
  readonly options: CheckOptions;
  /** Per-rule override of the default severity, or `off`. */
  readonly severities: Readonly<Record<string, SeveritySetting>>;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = Object.freeze({ options: DEFAULT_CHECK_OPTIONS, severities: Object.freeze({}) });

/** Raw settings as a user may write them (settings.json, CLI flags); every field optional and untrusted. */
export interface RawEngineSettings {
  readonly de5Host?: unknown;
  readonly rules?: unknown;
  readonly largeFileMB?: unknown;
  readonly de5PythonDefault?: unknown;
  readonly de5PythonSupported?: unknown;
  /** Override of the DE5 profile: plain values by field, see `normaliseProfile`. */
  readonly profile?: unknown;
}

/** `https://de5.example.com/` → `de5.example.com`; anything unusable → undefined. */
export function normaliseHost(raw: unknown): string | undefined {
  if (typeof raw !== 'string') {
    return undefined;
  }
  let h = raw.trim();
  if (h === '') {
    return undefined;
  }
  h = h.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  return /^[A-Za-z0-9.-]+(:\d+)?$/.test(h) ? h.toLowerCase() : undefined;
}

/** Maps raw values to valid ones or defaults, never throwing (vscode-eslint's settings normalisers). */
export function normaliseEngineSettings(raw: RawEngineSettings): EngineConfig {
  const severities: Record<string, SeveritySetting> = {};
  if (raw.rules && typeof raw.rules === 'object' && !Array.isArray(raw.rules)) {
    for (const [id, v] of Object.entries(raw.rules as Record<string, unknown>)) {
      if (typeof v === 'string' && (v === 'off' || (SEVERITIES as readonly string[]).includes(v))) {
        severities[id] = v as SeveritySetting;
      }
    }
  }
  const de5Host = normaliseHost(raw.de5Host);
  const mb = typeof raw.largeFileMB === 'number' && Number.isFinite(raw.largeFileMB) && raw.largeFileMB > 0 ? raw.largeFileMB : undefined;
  // The older flat Python settings are profile fields too; when valid they win over the profile object's.
  const base = normaliseProfile(raw.profile);
  const flat = normaliseProfile({ pythonSupported: raw.de5PythonSupported, pythonDefault: raw.de5PythonDefault });
  const profile: De5Profile = Object.freeze({
    ...base,
    ...(flat.pythonSupported === DEFAULT_DE5_PROFILE.pythonSupported ? {} : { pythonSupported: flat.pythonSupported }),
    ...(flat.pythonDefault === DEFAULT_DE5_PROFILE.pythonDefault ? {} : { pythonDefault: flat.pythonDefault }),
  });
  const options: CheckOptions = Object.freeze({
    ...DEFAULT_CHECK_OPTIONS,
    ...(de5Host ? { de5Host } : {}),
    ...(mb ? { largeFileBytes: Math.round(mb * 1024 * 1024) } : {}),
    de5PythonSupported: profile.pythonSupported.value,
    de5PythonDefault: profile.pythonDefault.value,
    profile,
  });
  return Object.freeze({ options, severities: Object.freeze(severities) });
}
