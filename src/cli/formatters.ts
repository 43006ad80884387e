import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppReport } from '../core/engine/checkApp';
import type { Finding, Severity } from '../core/model/types';
import type { RuleInfo } from '../core/rules';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function atLeast(s: Severity, min: Severity): boolean {
  return RANK[s] <= RANK[min];
}

export interface Summary {
  readonly apps: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export function summarise(reports: readonly AppReport[]): Summary {
  const all = reports.flatMap((r) => r.findings);
  return {
    apps: reports.length,
    errors: all.filter((f) => f.severity === 'error').length,
    warnings: all.filter((f) => f.severity === 'warning').length,
    infos: all.filter((f) => f.severity === 'info' || f.severity === 'hint').length,
  };
}

/** Paths in output are relative to the current directory, with forward slashes. */
export function displayPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

function fileOf(cwd: string, report: AppReport, f: Finding): string {
  return displayPath(cwd, path.join(report.root, f.file));
}

export function formatJson(reports: readonly AppReport[], cwd: string): string {
  return JSON.stringify(
    {
      version: 1,
      apps: reports.map((r) => ({
        root: displayPath(cwd, r.root),
        kind: r.kind,
        findings: r.findings.map((f) => ({
          rule: f.rule,
          severity: f.severity,
          file: fileOf(cwd, r, f),
          range: f.range,
          message: f.message,
          fixes: f.fixes.map((x) => ({ title: x.title, safety: x.safety })),
        })),
      })),
      summary: summarise(reports),
    },
    null,
    2,
  );
}

export function formatText(reports: readonly AppReport[], cwd: string): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push(`${displayPath(cwd, r.root)} (${r.kind})`);
    if (r.findings.length === 0) {
      out.push('  no problems');
    }
    for (const f of r.findings) {
      const fixNote =
        f.fixes.length > 0 ? ` [fix: ${f.fixes.map((x) => (x.safety === 'safe' ? x.title : `${x.title} (unsafe)`)).join('; ')}]` : '';
      out.push(
        `  ${fileOf(cwd, r, f)}:${f.range.start.line + 1}:${f.range.start.character + 1}  ${f.severity}  ${f.message}  ${f.rule}${fixNote}`,
      );
    }
  }
  const s = summarise(reports);
  out.push('');
  out.push(
    `${s.apps} app${s.apps === 1 ? '' : 's'}: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.infos} info`,
  );
  return out.join('\n');
}

/** A relative URI reference: each segment percent-encoded, so `#`, `?` and spaces survive. */
function relativeUri(displayed: string): string {
  return displayed.split('/').map(encodeURIComponent).join('/');
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0, for code-scanning UIs. Locations are relative to %SRCROOT% (the current directory). */
export function formatSarif(reports: readonly AppReport[], cwd: string, rules: readonly RuleInfo[], version: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = reports.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.rule,
      ...(ruleIndex.has(f.rule) ? { ruleIndex: ruleIndex.get(f.rule) } : {}),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relativeUri(fileOf(cwd, r, f)), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  // pathToFileURL gets drive letters and percent-encoding right; SARIF wants the base to end with a slash.
  const rootUri = pathToFileURL(cwd).href.replace(/\/?$/, '/');
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'de-migrate',
              version,
              informationUri: 'https://github.com/de-migrate/de-migrate',
              rules: rules.map((r) => ({
                id: r.id,
                shortDescription: { text: r.title },
                helpUri: r.docsUrl,
                defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
              })),
            },
          },
          originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
          results,
        },
      ],
    },
    null,
    2,
  );
}
