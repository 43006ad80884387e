import {
  MIGRATION_STEPS,
  REPORT_SEVERITIES,
  statusLabel,
  type MigrationReport,
  type ReportApp,
  type ReportFinding,
  type ReportSeverity,
} from './report';
import type { MigrationStep } from './migrationState';

// Wording the panel and the HTML and Markdown exports share, so they never disagree. Pure, no DOM or Node.

export const SEVERITY_HEADINGS: Readonly<Record<ReportSeverity, string>> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Info',
  hint: 'Hints',
};

export function findingsBySeverity(findings: readonly ReportFinding[]): { severity: ReportSeverity; findings: ReportFinding[] }[] {
  return REPORT_SEVERITIES.map((severity) => ({ severity, findings: findings.filter((f) => f.severity === severity) })).filter(
    (g) => g.findings.length > 0,
  );
}

export type StepState = 'done' | 'failed' | 'pending';

/** Each migration step with whether it is done, failed, or still to do. */
export function stepStates(app: ReportApp): { step: MigrationStep; state: StepState }[] {
  const done = app.status ? MIGRATION_STEPS.indexOf(app.status.step) : -1;
  return MIGRATION_STEPS.map((step, i) => ({
    step,
    state: i <= done ? 'done' : app.status?.failed?.step === step ? 'failed' : 'pending',
  }));
}

/** One line for the app's status: `converted`, `failed at created: <reason>`, `not started`. */
export function statusText(app: ReportApp): string {
  const failed = app.status?.failed;
  return failed ? `failed at ${failed.step}: ${failed.reason}` : statusLabel(app.status);
}

export function serverLine(report: MigrationReport): string | undefined {
  if (report.de4 === undefined && report.de5 === undefined) {
    return undefined;
  }
  return `DE4: ${report.de4 ?? 'unknown'} → DE5: ${report.de5 ?? 'not chosen'}`;
}

/** Splits Markdown-ish text into plain and backtick-quoted parts: odd indexes are code. An unpaired backtick stays text. */
export function codeSpans(text: string): string[] {
  const parts = text.split('`');
  if (parts.length % 2 === 0) {
    const last = parts.pop() ?? '';
    parts[parts.length - 1] = `${parts[parts.length - 1] ?? ''}\`${last}`;
  }
  return parts;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
