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

const MINOR = /^3\.\d{1,2}$/;

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
  const supported = Array.isArray(raw.de5PythonSupported)
    ? raw.de5PythonSupported.filter((v): v is string => typeof v === 'string' && MINOR.test(v))
    : [];
  const pyDefault = typeof raw.de5PythonDefault === 'string' && MINOR.test(raw.de5PythonDefault) ? raw.de5PythonDefault : undefined;
  const options: CheckOptions = Object.freeze({
    ...DEFAULT_CHECK_OPTIONS,
    ...(de5Host ? { de5Host } : {}),
    ...(mb ? { largeFileBytes: Math.round(mb * 1024 * 1024) } : {}),
    ...(supported.length > 0 ? { de5PythonSupported: Object.freeze(supported) } : {}),
    ...(pyDefault ? { de5PythonDefault: pyDefault } : {}),
  });
  return Object.freeze({ options, severities: Object.freeze(severities) });
}
