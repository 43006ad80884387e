import { REPORT_FORMATS, type ReportFormat } from '../shared/report';
import { oneOf, parseOptions } from './args';

export interface ReportArgs {
  readonly command: 'report';
  readonly paths: readonly string[];
  /** The migration state file; default `.de-migrate/state.json` in the current folder, when it exists. */
  readonly state?: string;
  readonly format: ReportFormat;
  /** Write here instead of stdout. */
  readonly out?: string;
  readonly exclude: readonly string[];
  readonly verbose: boolean;
}

/** For the lead to append to USAGE in args.ts. */
export const REPORT_USAGE = `Options for report (de-migrate report [paths...]: the migration report of the apps below the folders):
  --format html|md|json         Output format (default: md); html is one self-contained file
  --out <file>                  Write the report to this file instead of stdout
  --state <file>                The migration state file (default: .de-migrate/state.json when it exists)
  --exclude <glob>              Skip folders matching the glob (repeatable)`;

export function parseReportArgs(rest: readonly string[]): ReportArgs {
  const { values, positionals } = parseOptions(rest, {
    state: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    exclude: { type: 'string', multiple: true },
    verbose: { type: 'boolean' },
  });
  return {
    command: 'report',
    paths: positionals.length > 0 ? positionals : ['.'],
    ...(values.state !== undefined ? { state: values.state } : {}),
    format: oneOf('--format', values.format, REPORT_FORMATS, 'md', 'html, md or json for report'),
    ...(values.out !== undefined ? { out: values.out } : {}),
    exclude: values.exclude ?? [],
    verbose: values.verbose ?? false,
  };
}
