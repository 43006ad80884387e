import { planConversion, type ConversionPlan } from '../convert/planConversion';
import { DE4_METADATA_FILE, parseDe4Metadata, type De4AppMetadataFile } from '../de4/appMetadata';
import { discoverApps } from '../discovery/discoverApps';
import { loadSnapshot } from '../discovery/loadSnapshot';
import { checkApp, type AppReport } from '../engine/checkApp';
import type { EngineConfig } from '../engine/config';
import { errorMessage, throwIfAborted } from '../errors';
import type { FileSystem, Logger } from '../ports';
import { NULL_LOGGER } from '../ports';
import { ALL_RULES } from '../rules';
import type { Rule } from '../rules/rule';

export interface CollectOptions {
  readonly config: EngineConfig;
  readonly exclude?: readonly string[];
  readonly rules?: readonly Rule[];
  readonly signal?: AbortSignal;
  readonly log?: Logger;
  readonly onApp?: (root: string, done: number, total: number) => void;
}

/** What `buildReport` needs from the apps on disk. */
export interface CollectedApps {
  readonly checks: AppReport[];
  /** Dry conversion plans (safe fixes only), nothing written. */
  readonly plans: ConversionPlan[];
  readonly metadata: Map<string, De4AppMetadataFile>;
}

/**
 * Finds the apps below `roots` and, reading each once, checks it, plans its conversion (dry) and
 * reads its `.de-migrate/de4-app.json`. A metadata file that does not parse is logged and left out
 * (its own finding reports it).
 */
export async function collectApps(fs: FileSystem, roots: readonly string[], opts: CollectOptions): Promise<CollectedApps> {
  const log = opts.log ?? NULL_LOGGER;
  const signal = opts.signal ? { signal: opts.signal } : {};
  const exclude = opts.exclude ? { exclude: opts.exclude } : {};
  const rules = opts.rules ?? ALL_RULES;
  const apps = await discoverApps(fs, roots, { ...exclude, ...signal, log });
  const out: CollectedApps = { checks: [], plans: [], metadata: new Map() };
  for (const root of apps) {
    throwIfAborted(opts.signal);
    const snapshot = await loadSnapshot(fs, root, { ...exclude, ...signal, log });
    out.checks.push(checkApp(snapshot, rules, opts.config));
    out.plans.push(planConversion(snapshot, rules, opts.config, { includeUnsafe: false, ...signal }));
    const metaText = snapshot.files.get(DE4_METADATA_FILE)?.text;
    if (metaText !== undefined && metaText !== '') {
      try {
        out.metadata.set(root, parseDe4Metadata(metaText));
      } catch (err) {
        log.warn(`[report] ${root}: ${errorMessage(err)}`);
      }
    }
    opts.onApp?.(root, out.checks.length, apps.length);
  }
  return out;
}
