// The migration report: what the report panel, its exports and `de-migrate report` show, as plain
// data. Shared with the webview bundle, so no Node or editor imports. The model has no field for an
// environment variable's value, and `validateReport` copies known fields only, so none can ride along.
import { MIGRATION_STEPS, type MigrationStep } from './migrationState';

export { MIGRATION_STEPS };

export type ReportSeverity = 'error' | 'warning' | 'info' | 'hint';
export const REPORT_SEVERITIES: readonly ReportSeverity[] = ['error', 'warning', 'info', 'hint'];

export interface ReportFinding {
  readonly rule: string;
  readonly severity: ReportSeverity;
  /** Relative to the app folder, forward slashes. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly message: string;
  /** A safe fix exists, so "apply safe fixes" changes something for it. */
  readonly hasSafeFix: boolean;
}

export type FileChangeKind = 'created' | 'changed' | 'deleted';

export interface ReportFileChange {
  readonly file: string;
  readonly change: FileChangeKind;
  /** Lines added and removed in the unified diff of this file. */
  readonly added: number;
  readonly removed: number;
}

export interface ConversionSummary {
  readonly files: readonly ReportFileChange[];
  /** Titles of the fixes the conversion applies. */
  readonly fixes: readonly string[];
}

/** Where the app's migration stands: the last step done and, when the next one failed, why. */
export interface ReportMigrationStatus {
  readonly step: MigrationStep;
  readonly failed?: { readonly step: MigrationStep; readonly reason: string; readonly at: string };
  readonly updatedAt?: string;
}

export interface ReportDataGap {
  readonly title: string;
  readonly detail: string;
  /** Markdown-ish: commands in backticks. */
  readonly steps: readonly string[];
}

export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly hints: number;
}

export interface ReportApp {
  readonly name: string;
  /** The app folder for display (relative to where the report was made), '' when not on disk. */
  readonly dir: string;
  readonly status?: ReportMigrationStatus;
  readonly findings: readonly ReportFinding[];
  readonly counts: FindingCounts;
  readonly conversion?: ConversionSummary;
  readonly setupSteps: readonly string[];
  readonly dataGaps: readonly ReportDataGap[];
}

/** 'not started' when the app has no migration state; 'failed' when its next step failed. */
export type AppStatusLabel = MigrationStep | 'failed' | 'not started';
export const STATUS_LABELS: readonly AppStatusLabel[] = ['not started', ...MIGRATION_STEPS, 'failed'];

export interface ReportCounts extends FindingCounts {
  readonly apps: number;
  readonly failed: number;
  /** Apps whose last completed step is `verified`. */
  readonly verified: number;
  readonly dataGaps: number;
}

export interface MigrationReport {
  readonly version: 1;
  /** ISO-8601. */
  readonly generatedAt: string;
  readonly title: string;
  /** The DE4 server (URL), when known. */
  readonly de4?: string;
  /** The DE5 host, when known. */
  readonly de5?: string;
  readonly apps: readonly ReportApp[];
  readonly counts: ReportCounts;
}

export type ReportFormat = 'html' | 'md' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md', 'json'];

export function statusLabel(status: ReportMigrationStatus | undefined): AppStatusLabel {
  return status === undefined ? 'not started' : status.failed ? 'failed' : status.step;
}

export function countFindings(findings: readonly ReportFinding[]): FindingCounts {
  const n = (s: ReportSeverity) => findings.filter((f) => f.severity === s).length;
  return { errors: n('error'), warnings: n('warning'), infos: n('info'), hints: n('hint') };
}

export function reportCounts(apps: readonly ReportApp[]): ReportCounts {
  const sum = (pick: (a: ReportApp) => number) => apps.reduce((total, a) => total + pick(a), 0);
  return {
    apps: apps.length,
    errors: sum((a) => a.counts.errors),
    warnings: sum((a) => a.counts.warnings),
    infos: sum((a) => a.counts.infos),
    hints: sum((a) => a.counts.hints),
    failed: apps.filter((a) => statusLabel(a.status) === 'failed').length,
    verified: apps.filter((a) => statusLabel(a.status) === 'verified').length,
    dataGaps: sum((a) => a.dataGaps.length),
  };
}

/** What is wrong with a value that should be a report, with the path of the offending field. */
export class InvalidReportError extends Error {
  constructor(path: string, expected: string) {
    super(`Not a migration report: ${path} should be ${expected}.`);
    this.name = 'InvalidReportError';
  }
}

type Obj = Readonly<Record<string, unknown>>;

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new InvalidReportError(path, 'an object');
  }
  return v as Obj;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') {
    throw new InvalidReportError(path, 'a string');
  }
  return v;
}

function optStr(v: unknown, path: string): string | undefined {
  return v === undefined ? undefined : str(v, path);
}

function count(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new InvalidReportError(path, 'a whole number ≥ 0');
  }
  return v;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') {
    throw new InvalidReportError(path, 'true or false');
  }
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string): T {
  const found = allowed.find((a) => a === v);
  if (found === undefined) {
    throw new InvalidReportError(path, `one of ${allowed.join(', ')}`);
  }
  return found;
}

function list<T>(v: unknown, path: string, item: (x: unknown, p: string) => T): T[] {
  if (!Array.isArray(v)) {
    throw new InvalidReportError(path, 'a list');
  }
  return v.map((x: unknown, i) => item(x, `${path}[${i}]`));
}

/** Drops undefined fields, so a copied report serialises like the original. */
function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function finding(v: unknown, p: string): ReportFinding {
  const o = obj(v, p);
  const line = count(o['line'], `${p}.line`);
  if (line < 1) {
    throw new InvalidReportError(`${p}.line`, 'a line number from 1');
  }
  return {
    rule: str(o['rule'], `${p}.rule`),
    severity: oneOf(o['severity'], REPORT_SEVERITIES, `${p}.severity`),
    file: str(o['file'], `${p}.file`),
    line,
    message: str(o['message'], `${p}.message`),
    hasSafeFix: bool(o['hasSafeFix'], `${p}.hasSafeFix`),
  };
}

function status(v: unknown, p: string): ReportMigrationStatus {
  const o = obj(v, p);
  const failed = o['failed'] === undefined ? undefined : obj(o['failed'], `${p}.failed`);
  return defined({
    step: oneOf(o['step'], MIGRATION_STEPS, `${p}.step`),
    failed: failed && {
      step: oneOf(failed['step'], MIGRATION_STEPS, `${p}.failed.step`),
      reason: str(failed['reason'], `${p}.failed.reason`),
      at: str(failed['at'], `${p}.failed.at`),
    },
    updatedAt: optStr(o['updatedAt'], `${p}.updatedAt`),
  });
}

function conversion(v: unknown, p: string): ConversionSummary {
  const o = obj(v, p);
  return {
    files: list(o['files'], `${p}.files`, (x, q) => {
      const f = obj(x, q);
      return {
        file: str(f['file'], `${q}.file`),
        change: oneOf(f['change'], ['created', 'changed', 'deleted'] as const, `${q}.change`),
        added: count(f['added'], `${q}.added`),
        removed: count(f['removed'], `${q}.removed`),
      };
    }),
    fixes: list(o['fixes'], `${p}.fixes`, str),
  };
}

function dataGap(v: unknown, p: string): ReportDataGap {
  const o = obj(v, p);
  return { title: str(o['title'], `${p}.title`), detail: str(o['detail'], `${p}.detail`), steps: list(o['steps'], `${p}.steps`, str) };
}

function findingCounts(v: unknown, p: string): FindingCounts {
  const o = obj(v, p);
  return {
    errors: count(o['errors'], `${p}.errors`),
    warnings: count(o['warnings'], `${p}.warnings`),
    infos: count(o['infos'], `${p}.infos`),
    hints: count(o['hints'], `${p}.hints`),
  };
}

function app(v: unknown, p: string): ReportApp {
  const o = obj(v, p);
  return defined({
    name: str(o['name'], `${p}.name`),
    dir: str(o['dir'], `${p}.dir`),
    status: o['status'] === undefined ? undefined : status(o['status'], `${p}.status`),
    findings: list(o['findings'], `${p}.findings`, finding),
    counts: findingCounts(o['counts'], `${p}.counts`),
    conversion: o['conversion'] === undefined ? undefined : conversion(o['conversion'], `${p}.conversion`),
    setupSteps: list(o['setupSteps'], `${p}.setupSteps`, str),
    dataGaps: list(o['dataGaps'], `${p}.dataGaps`, dataGap),
  });
}

/**
 * Checks that `x` is a report and returns a copy holding only the model's fields (anything else, such
 * as a stray environment value, is dropped). Throws InvalidReportError naming the first bad field.
 */
export function validateReport(x: unknown): MigrationReport {
  const o = obj(x, 'report');
  if (o['version'] !== 1) {
    throw new InvalidReportError('report.version', '1');
  }
  const c = obj(o['counts'], 'report.counts');
  return defined({
    version: 1 as const,
    generatedAt: str(o['generatedAt'], 'report.generatedAt'),
    title: str(o['title'], 'report.title'),
    de4: optStr(o['de4'], 'report.de4'),
    de5: optStr(o['de5'], 'report.de5'),
    apps: list(o['apps'], 'report.apps', app),
    counts: {
      apps: count(c['apps'], 'report.counts.apps'),
      ...findingCounts(c, 'report.counts'),
      failed: count(c['failed'], 'report.counts.failed'),
      verified: count(c['verified'], 'report.counts.verified'),
      dataGaps: count(c['dataGaps'], 'report.counts.dataGaps'),
    },
  });
}
