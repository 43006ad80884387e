import * as path from 'node:path';
import type { AppMigrationState, MigrationStateFile } from '../../shared/migrationState';
import {
  countFindings,
  reportCounts,
  type ConversionSummary,
  type MigrationReport,
  type ReportApp,
  type ReportFileChange,
  type ReportFinding,
  type ReportMigrationStatus,
} from '../../shared/report';
import type { ConversionPlan } from '../convert/planConversion';
import { unifiedDiff } from '../convert/unifiedDiff';
import type { De4AppMetadataFile } from '../de4/appMetadata';
import { dataGaps, type DataGapOptions } from '../de4/dataGaps';
import { planAppSetup, setupChecklist } from '../de5/appSetup';
import type { AppReport } from '../engine/checkApp';
import { maskUrlCredentials } from './maskCredentials';

export interface ReportInput {
  /** When the report was made (the caller's clock keeps this function pure). */
  readonly generatedAt: Date;
  readonly title?: string;
  /** Folder the app folders are shown relative to (the CLI's cwd, the workspace); absolute paths otherwise. */
  readonly base?: string;
  /** Check results, one per app folder. */
  readonly checks: readonly AppReport[];
  /** Conversion plans (dry), matched to apps by `original.root`. */
  readonly plans?: readonly ConversionPlan[];
  /** DE4 metadata (`.de-migrate/de4-app.json`) by app root. */
  readonly metadata?: ReadonlyMap<string, De4AppMetadataFile>;
  /**
   * Migration state: its apps are matched to check results by `dir` (resolved against `stateBase`),
   * else by name; apps only in the state (not cloned yet) are listed too.
   */
  readonly state?: MigrationStateFile;
  /** The folder a relative `dir` in the state is relative to (the state file's work folder); `base` by default. */
  readonly stateBase?: string;
  readonly de4?: string;
  readonly de5?: string;
  readonly dataGapOptions?: DataGapOptions;
}

export const DEFAULT_REPORT_TITLE = 'DE4 → DE5 migration report';

/** A folder as shown: relative to base with forward slashes, '.' for base itself. */
function shownDir(base: string | undefined, abs: string): string {
  if (base === undefined || !path.isAbsolute(abs)) {
    return abs.split(path.sep).join('/');
  }
  const rel = path.relative(base, abs);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

function findings(check: AppReport): ReportFinding[] {
  return check.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    file: f.file,
    line: f.range.start.line + 1,
    message: maskUrlCredentials(f.message),
    hasSafeFix: f.fixes.some((x) => x.safety === 'safe'),
  }));
}

/** Lines added and removed, from the unified diff the CLI's `convert --dry-run` prints. */
function diffStat(file: string, before: string | undefined, after: string | undefined): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of unifiedDiff(file, before, after, 0).split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++ ')) {
      added++;
    } else if (line.startsWith('-') && !line.startsWith('--- ')) {
      removed++;
    }
  }
  return { added, removed };
}

/** What a conversion plan changes, file by file; undefined when it changes nothing. */
export function conversionSummary(plan: ConversionPlan): ConversionSummary | undefined {
  if (plan.edits.length === 0) {
    return undefined;
  }
  const textOf = (s: ConversionPlan['original'], f: string) => s.files.get(f)?.text ?? (s.sizes.has(f) ? '' : undefined);
  const files: ReportFileChange[] = [...new Set(plan.edits.map((e) => e.file))].sort().map((file) => {
    const before = textOf(plan.original, file);
    const after = textOf(plan.converted, file);
    const change = before === undefined ? 'created' : after === undefined ? 'deleted' : 'changed';
    return { file, change, ...diffStat(file, before, after) };
  });
  return { files, fixes: plan.applied.map((a) => maskUrlCredentials(a.safety === 'unsafe' ? `${a.title} (unsafe)` : a.title)) };
}

function statusOf(s: AppMigrationState | undefined): ReportMigrationStatus | undefined {
  if (!s) {
    return undefined;
  }
  return {
    step: s.step,
    ...(s.failed ? { failed: { step: s.failed.step, reason: maskUrlCredentials(s.failed.reason), at: s.failed.at } } : {}),
    ...(s.updatedAt ? { updatedAt: s.updatedAt } : {}),
  };
}

/** The same server for every app with metadata, or undefined when they differ or none has any. */
function commonServer(metas: readonly De4AppMetadataFile[]): string | undefined {
  const servers = new Set(metas.map((m) => m.source.server));
  return servers.size === 1 ? [...servers][0] : undefined;
}

/**
 * The report for a set of apps: findings, the conversion as a diff summary, DE5 setup steps and data
 * gaps from the DE4 metadata, and each app's migration status. Pure and deterministic; apps sorted
 * by name, then folder. Environment variables appear by name only (the metadata holds no values), and
 * URL credentials in messages are masked: a report gets shared.
 */
export function buildReport(input: ReportInput): MigrationReport {
  const { base } = input;
  const stateBase = input.stateBase ?? base;
  const stateApps = Object.values(input.state?.apps ?? {});
  const used = new Set<AppMigrationState>();
  const stateDir = (s: AppMigrationState) =>
    s.dir === undefined ? undefined : stateBase !== undefined ? path.resolve(stateBase, s.dir) : path.resolve(s.dir);
  const apps: ReportApp[] = input.checks.map((check) => {
    const meta = input.metadata?.get(check.root);
    const byDir = stateApps.find((s) => !used.has(s) && stateDir(s) === path.resolve(check.root));
    const guess = meta?.source.app ?? path.basename(check.root);
    const state = byDir ?? stateApps.find((s) => !used.has(s) && s.dir === undefined && s.app === guess);
    if (state) {
      used.add(state);
    }
    const plan = input.plans?.find((p) => p.original.root === check.root);
    const conversion = plan ? conversionSummary(plan) : undefined;
    const name = meta?.source.app ?? state?.app ?? guess;
    const found = findings(check);
    const status = statusOf(state);
    return {
      name,
      dir: shownDir(base, check.root),
      ...(status ? { status } : {}),
      findings: found,
      counts: countFindings(found),
      ...(conversion ? { conversion } : {}),
      setupSteps: setupChecklist(name, planAppSetup(meta)),
      dataGaps: meta ? dataGaps(meta, input.dataGapOptions).map((g) => ({ title: g.title, detail: g.detail, steps: [...g.steps] })) : [],
    };
  });
  for (const s of stateApps.filter((x) => !used.has(x))) {
    const status = statusOf(s);
    apps.push({
      name: s.app,
      dir: s.dir === undefined ? '' : shownDir(base, stateDir(s) ?? s.dir),
      ...(status ? { status } : {}),
      findings: [],
      counts: countFindings([]),
      setupSteps: setupChecklist(s.app, planAppSetup(undefined)),
      dataGaps: [],
    });
  }
  apps.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  const de4 = input.de4 ?? input.state?.de4 ?? commonServer([...(input.metadata?.values() ?? [])]);
  const de5 = input.de5 ?? input.state?.de5;
  return {
    version: 1,
    generatedAt: input.generatedAt.toISOString(),
    title: input.title ?? DEFAULT_REPORT_TITLE,
    ...(de4 !== undefined ? { de4 } : {}),
    ...(de5 !== undefined ? { de5 } : {}),
    apps,
    counts: reportCounts(apps),
  };
}
