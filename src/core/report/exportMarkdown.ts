import type { MigrationReport, ReportApp } from '../../shared/report';
import { codeSpans, findingsBySeverity, plural, SEVERITY_HEADINGS, serverLine, statusText, stepStates } from '../../shared/reportText';

/**
 * Text outside code spans: no `<` that a Markdown renderer could take for raw HTML, and no `|` that
 * would split a table cell. Code spans are left as written (they render literally).
 */
function md(text: string, cell = false): string {
  return codeSpans(text.replace(/\r?\n/g, ' '))
    .map((part, i) => {
      const t = i % 2 === 1 ? `\`${part}\`` : part.replace(/</g, '&lt;');
      return cell ? t.replace(/\|/g, '\\|') : t;
    })
    .join('');
}

/** A value shown as code, with a fence long enough for any backticks inside it. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

function appSection(app: ReportApp): string[] {
  const out: string[] = [`## ${md(app.name)}`, ''];
  if (app.dir !== '') {
    out.push(`Folder: ${code(app.dir)}`, '');
  }
  out.push('### Status', '', `Status: **${md(statusText(app))}**`, '');
  out.push(...stepStates(app).map((s) => `- [${s.state === 'done' ? 'x' : ' '}] ${s.step}${s.state === 'failed' ? ' — failed' : ''}`), '');

  out.push('### Findings', '');
  const groups = findingsBySeverity(app.findings);
  if (groups.length === 0) {
    out.push('No findings.', '');
  }
  for (const g of groups) {
    out.push(`#### ${SEVERITY_HEADINGS[g.severity]} (${g.findings.length})`, '');
    for (const f of g.findings) {
      out.push(`- ${code(`${f.file}:${f.line}`)} ${md(f.message)} (${code(f.rule)})${f.hasSafeFix ? ' — safe fix available' : ''}`);
    }
    out.push('');
  }

  out.push('### Conversion', '');
  if (!app.conversion) {
    out.push('Nothing to convert (or not planned).', '');
  } else {
    out.push('| File | Change | Lines |', '| --- | --- | --- |');
    out.push(...app.conversion.files.map((f) => `| ${md(f.file, true)} | ${f.change} | +${f.added} −${f.removed} |`), '');
    if (app.conversion.fixes.length > 0) {
      out.push('Fixes applied:', '', ...app.conversion.fixes.map((t) => `- ${md(t)}`), '');
    }
  }

  out.push('### DE5 setup', '', ...app.setupSteps.map((s, i) => `${i + 1}. ${code(s)}`), '');

  out.push('### Data not migrated', '');
  if (app.dataGaps.length === 0) {
    out.push('No data gaps known (no DE4 metadata, or nothing outside git).', '');
  }
  for (const g of app.dataGaps) {
    out.push(`- [ ] **${md(g.title)}.** ${md(g.detail)}`, ...g.steps.map((s, i) => `  ${i + 1}. ${md(s)}`), '');
  }
  return out;
}

/** The report as Markdown: a summary, the fleet table, then one section per app. */
export function exportMarkdown(report: MigrationReport): string {
  const c = report.counts;
  const server = serverLine(report);
  const out: string[] = [`# ${md(report.title)}`, '', `Generated ${report.generatedAt}.${server ? ` ${md(server)}.` : ''}`, ''];
  out.push(
    '## Summary',
    '',
    `${plural(c.apps, 'app')}: ${c.verified} verified on DE5, ${c.failed} failed; ${plural(c.errors, 'error')}, ` +
      `${plural(c.warnings, 'warning')}, ${c.infos} info; ${plural(c.dataGaps, 'data gap')}.`,
    '',
  );
  out.push('## Apps', '', '| App | Folder | Status | Errors | Warnings | Data gaps |', '| --- | --- | --- | ---: | ---: | ---: |');
  for (const a of report.apps) {
    out.push(
      `| ${md(a.name, true)} | ${md(a.dir, true)} | ${md(statusText(a), true)} | ${a.counts.errors} | ${a.counts.warnings} | ${a.dataGaps.length} |`,
    );
  }
  out.push('');
  for (const a of report.apps) {
    out.push(...appSection(a));
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
