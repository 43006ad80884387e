import type { MigrationReport, ReportApp } from '../../shared/report';
import { codeSpans, findingsBySeverity, plural, SEVERITY_HEADINGS, serverLine, statusText, stepStates } from '../../shared/reportText';

/** Every piece of report text goes through this: the report holds file content and server data. */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Markdown-ish text with its backtick spans as <code>. */
function rich(text: string): string {
  return codeSpans(text)
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part)))
    .join('');
}

// Light by default, dark when the reader's system is; no fonts or images to fetch.
const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --border: #d1d9e0;
  --error: #cf222e; --warning: #9a6700; --info: #0969da; --ok: #1a7f37; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --border: #3d444d;
    --error: #ff7b72; --warning: #d29922; --info: #58a6ff; --ok: #3fb950; }
}
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
  max-width: 1100px; margin: 0 auto; padding: 24px; }
h1, h2, h3, h4 { line-height: 1.25; } h2 { border-bottom: 1px solid var(--border); padding-bottom: 4px; margin-top: 40px; }
.muted { color: var(--muted); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; background: var(--panel);
  border: 1px solid var(--border); border-radius: 4px; padding: 0 4px; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid var(--border); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); } td.num, th.num { text-align: right; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; padding: 0; list-style: none; }
.counts li { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 6px 12px; }
.counts b { font-size: 18px; display: block; }
.error { color: var(--error); } .warning { color: var(--warning); } .info, .hint { color: var(--info); }
.done { color: var(--ok); } .failed { color: var(--error); } .pending { color: var(--muted); }
.steps { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; list-style: none; }
.gap { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 8px 16px; margin: 8px 0; }
.gap h4 { margin: 4px 0; }
`;

const MARK = { done: '✓', failed: '✗', pending: '○' } as const;

function appSection(app: ReportApp, index: number): string {
  const out: string[] = [`<section class="app" id="app-${index}">`, `<h2>${esc(app.name)}</h2>`];
  if (app.dir !== '') {
    out.push(`<p class="muted">Folder: <code>${esc(app.dir)}</code></p>`);
  }
  const failed = app.status?.failed;
  out.push('<h3>Status</h3>', `<p><strong class="${failed ? 'failed' : ''}">${esc(statusText(app))}</strong></p>`, '<ul class="steps">');
  out.push(...stepStates(app).map((s) => `<li class="${s.state}">${MARK[s.state]} ${esc(s.step)}</li>`), '</ul>');

  out.push('<h3>Findings</h3>');
  const groups = findingsBySeverity(app.findings);
  if (groups.length === 0) {
    out.push('<p class="muted">No findings.</p>');
  }
  for (const g of groups) {
    out.push(`<h4 class="${g.severity}">${SEVERITY_HEADINGS[g.severity]} (${g.findings.length})</h4>`, '<ul>');
    for (const f of g.findings) {
      const fix = f.hasSafeFix ? ' <span class="done">(safe fix available)</span>' : '';
      out.push(`<li><code>${esc(`${f.file}:${f.line}`)}</code> ${esc(f.message)} <span class="muted">${esc(f.rule)}</span>${fix}</li>`);
    }
    out.push('</ul>');
  }

  out.push('<h3>Conversion</h3>');
  if (!app.conversion) {
    out.push('<p class="muted">Nothing to convert (or not planned).</p>');
  } else {
    out.push('<table><thead><tr><th>File</th><th>Change</th><th class="num">Added</th><th class="num">Removed</th></tr></thead><tbody>');
    out.push(
      ...app.conversion.files.map(
        (f) =>
          `<tr><td><code>${esc(f.file)}</code></td><td>${esc(f.change)}</td><td class="num done">+${f.added}</td>` +
          `<td class="num failed">−${f.removed}</td></tr>`,
      ),
      '</tbody></table>',
    );
    if (app.conversion.fixes.length > 0) {
      out.push('<p>Fixes applied:</p><ul>', ...app.conversion.fixes.map((t) => `<li>${esc(t)}</li>`), '</ul>');
    }
  }

  out.push('<h3>DE5 setup</h3>', '<ol>', ...app.setupSteps.map((s) => `<li><code>${esc(s)}</code></li>`), '</ol>');

  out.push('<h3>Data not migrated</h3>');
  if (app.dataGaps.length === 0) {
    out.push('<p class="muted">No data gaps known (no DE4 metadata, or nothing outside git).</p>');
  }
  for (const g of app.dataGaps) {
    out.push('<div class="gap">', `<h4>☐ ${esc(g.title)}</h4>`, `<p>${rich(g.detail)}</p>`, '<ol>');
    out.push(...g.steps.map((s) => `<li>${rich(s)}</li>`), '</ol>', '</div>');
  }
  out.push('</section>');
  return out.join('\n');
}

/**
 * The report as one self-contained HTML file: inline CSS, no script, nothing fetched (its own CSP
 * says so to the browser that opens it), every report value HTML-escaped.
 */
export function exportHtml(report: MigrationReport): string {
  const c = report.counts;
  const server = serverLine(report);
  const count = (n: number, label: string, cls = '') => `<li class="${cls}"><b>${n}</b>${esc(label)}</li>`;
  const rows = report.apps.map(
    (a, i) =>
      `<tr><td><a href="#app-${i}">${esc(a.name)}</a></td><td><code>${esc(a.dir)}</code></td>` +
      `<td class="${a.status?.failed ? 'failed' : ''}">${esc(statusText(a))}</td><td class="num">${a.counts.errors}</td>` +
      `<td class="num">${a.counts.warnings}</td><td class="num">${a.dataGaps.length}</td></tr>`,
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(report.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${esc(report.title)}</h1>`,
    `<p class="muted">Generated ${esc(report.generatedAt)}${server ? ` · ${esc(server)}` : ''}</p>`,
    '<section id="summary">',
    '<ul class="counts">',
    count(c.apps, c.apps === 1 ? 'app' : 'apps'),
    count(c.verified, 'verified on DE5', 'done'),
    count(c.failed, 'failed', 'failed'),
    count(c.errors, c.errors === 1 ? 'error' : 'errors', 'error'),
    count(c.warnings, c.warnings === 1 ? 'warning' : 'warnings', 'warning'),
    count(c.dataGaps, c.dataGaps === 1 ? 'data gap' : 'data gaps'),
    '</ul>',
    '</section>',
    `<section id="apps"><h2>Apps</h2><p class="muted">${esc(plural(c.apps, 'app'))}</p>`,
    '<table><thead><tr><th>App</th><th>Folder</th><th>Status</th><th class="num">Errors</th><th class="num">Warnings</th>' +
      '<th class="num">Data gaps</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></section>',
    ...report.apps.map(appSection),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
