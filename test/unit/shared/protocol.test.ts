import * as assert from 'node:assert/strict';
import { parseHostMessage, parseWebviewMessage } from '../../../src/shared/protocol';
import {
  countFindings,
  InvalidReportError,
  reportCounts,
  validateReport,
  type MigrationReport,
  type ReportApp,
} from '../../../src/shared/report';
import { webviewCsp, webviewHtml } from '../../../src/shared/webviewHtml';

function report(): MigrationReport {
  const findings = [{ rule: 'runtime-txt', severity: 'warning' as const, file: 'runtime.txt', line: 1, message: 'm', hasSafeFix: true }];
  const apps: ReportApp[] = [{ name: 'sales', dir: 'apps/sales', findings, counts: countFindings(findings), setupSteps: [], dataGaps: [] }];
  return { version: 1, generatedAt: '2025-01-02T03:04:05.000Z', title: 't', apps, counts: reportCounts(apps) };
}

describe('shared report model', () => {
  it('validateReport keeps only the model’s fields', () => {
    const r = report();
    const app = r.apps[0];
    assert.ok(app);
    const withExtras = { ...r, secret: 'x', apps: [{ ...app, env: { A: 'value' }, findings: [{ ...app.findings[0], value: 'v' }] }] };
    assert.deepEqual(validateReport(withExtras), r);
    assert.ok(!JSON.stringify(validateReport(withExtras)).includes('value'));
  });

  it('validateReport names the first bad field', () => {
    const r = report();
    const app = r.apps[0];
    assert.ok(app);
    const cases: [unknown, RegExp][] = [
      [null, /report should be an object/],
      [{ ...r, version: 2 }, /report\.version should be 1/],
      [{ ...r, apps: {} }, /report\.apps should be a list/],
      [{ ...r, apps: [{ ...app, findings: [{ ...app.findings[0], line: 0 }] }] }, /report\.apps\[0\]\.findings\[0\]\.line/],
      [
        { ...r, apps: [{ ...app, status: { step: 'converted', failed: { step: 'nope', reason: '', at: '' } } }] },
        /status\.failed\.step should be one of/,
      ],
      [{ ...r, counts: { ...r.counts, errors: -1 } }, /report\.counts\.errors/],
    ];
    for (const [value, message] of cases) {
      assert.throws(
        () => validateReport(value),
        (err: unknown) => err instanceof InvalidReportError && message.test(err.message),
      );
    }
  });
});

describe('shared protocol', () => {
  it('parses host messages and drops malformed ones', () => {
    const r = report();
    assert.deepEqual(parseHostMessage({ type: 'init', report: r }), { type: 'init', report: r });
    assert.deepEqual(parseHostMessage({ type: 'init', report: r, app: 'sales' }), { type: 'init', report: r, app: 'sales' });
    assert.deepEqual(parseHostMessage({ type: 'update', report: r, extra: 1 }), { type: 'update', report: r });
    assert.deepEqual(parseHostMessage({ type: 'reply', id: 3, ok: false, error: 'no' }), { type: 'reply', id: 3, ok: false, error: 'no' });
    assert.deepEqual(parseHostMessage({ type: 'reply', id: 3, ok: true }), { type: 'reply', id: 3, ok: true });
    for (const bad of [
      undefined,
      null,
      'init',
      [],
      { type: 'init' },
      { type: 'init', report: { ...r, version: 2 } },
      { type: 'init', report: r, app: 7 },
      { type: 'update', report: null },
      { type: 'reply', id: 0, ok: true },
      { type: 'reply', id: 1.5, ok: true },
      { type: 'reply', id: '1', ok: true },
      { type: 'reply', id: 1 },
      { type: 'reply', id: 1, ok: false, error: 42 },
      { type: 'ready' },
    ]) {
      assert.equal(parseHostMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('parses webview messages and drops malformed ones, including paths outside the app', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'openFile', id: 1, app: 'a', file: 'src/app.py', line: 3, x: 1 }), {
      type: 'openFile',
      id: 1,
      app: 'a',
      file: 'src/app.py',
      line: 3,
    });
    assert.deepEqual(parseWebviewMessage({ type: 'fixApp', id: 2, app: 'a' }), { type: 'fixApp', id: 2, app: 'a' });
    assert.deepEqual(parseWebviewMessage({ type: 'retryStep', id: 3, app: 'a' }), { type: 'retryStep', id: 3, app: 'a' });
    assert.deepEqual(parseWebviewMessage({ type: 'export', id: 4, format: 'md' }), { type: 'export', id: 4, format: 'md' });
    for (const bad of [
      null,
      { type: 'openFile', app: 'a', file: 'f', line: 1 },
      { type: 'openFile', id: 1, app: 'a', file: 'f', line: 0 },
      { type: 'openFile', id: 1, app: 'a', file: '../../etc/passwd', line: 1 },
      { type: 'openFile', id: 1, app: 'a', file: '/etc/passwd', line: 1 },
      { type: 'openFile', id: 1, app: 'a', file: 'C:/x', line: 1 },
      { type: 'openFile', id: 1, app: 'a', file: 'a\\..\\b', line: 1 },
      { type: 'fixApp', id: 1, app: '' },
      { type: 'retryStep', id: -1, app: 'a' },
      { type: 'export', id: 1, format: 'pdf' },
      { type: 'init', report: report() },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('the page loads only the bundle: CSP with default-src none, a nonce, and styles from the webview only', () => {
    assert.equal(
      webviewCsp('https://x.vscode-cdn.net', 'abc'),
      "default-src 'none'; script-src 'nonce-abc'; style-src https://x.vscode-cdn.net",
    );
    const html = webviewHtml({
      cspSource: 'https://x',
      nonce: 'n1',
      scriptUri: 'https://x/main.js',
      styleUri: 'https://x/main.css',
      title: 'A "report"',
    });
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-n1'; style-src https:\/\/x">/,
    );
    assert.match(html, /<script nonce="n1" src="https:\/\/x\/main\.js"><\/script>/);
    assert.match(html, /<title>A &quot;report&quot;<\/title>/);
    assert.equal(html.match(/<script/g)?.length, 1);
  });
});
