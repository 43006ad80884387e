import type { MigrationReport, ReportFormat } from '../../shared/report';
import { exportHtml } from './exportHtml';
import { exportMarkdown } from './exportMarkdown';

export { exportHtml, exportMarkdown };

/** The report as JSON (media/schemas/report.schema.json), with a final newline. */
export function exportJson(report: MigrationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The file extension for each format. */
export const REPORT_EXTENSIONS: Readonly<Record<ReportFormat, string>> = { html: '.html', md: '.md', json: '.json' };

export function exportReport(report: MigrationReport, format: ReportFormat): string {
  switch (format) {
    case 'html':
      return exportHtml(report);
    case 'md':
      return exportMarkdown(report);
    case 'json':
      return exportJson(report);
  }
}
