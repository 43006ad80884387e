import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { checkApp } from '../../../../src/core/engine/checkApp';
import { DEFAULT_ENGINE_CONFIG } from '../../../../src/core/engine/config';
import { buildReport } from '../../../../src/core/report/buildReport';
import { exportHtml, exportMarkdown } from '../../../../src/core/report/exportReport';
import { maskUrlCredentials } from '../../../../src/core/report/maskCredentials';
import { ALL_RULES } from '../../../../src/core/rules';
import { snapshotOf } from '../../../support/snapshotBuilder';

describe('report/maskUrlCredentials', () => {
  const cases: [string, string][] = [
    ['--index-url https://ci:pa55+word@pypi.internal.example/simple', '--index-url https://ci:***@pypi.internal.example/simple'],
    ['(https://alice:pw@de4.example.com/Docs/packages); DE5', '(https://alice:***@de4.example.com/Docs/packages); DE5'],
    ['https://:token@host/x and http://ghp_abc123@github.com/o/r.git', 'https://:***@host/x and http://***@github.com/o/r.git'],
    ['channels: https://conda.example/t/tk-12345678/internal', 'channels: https://conda.example/t/***/internal'],
    ['"postgres://u:p%40ss@db:5432/x"', '"postgres://u:***@db:5432/x"'],
    // Not credentials: an SSH user, a port, a path with @, a short /t/ segment, text without URLs.
    ['ssh://git@de5.example.com:22/app', 'ssh://git@de5.example.com:22/app'],
    ['https://host:8080/a@b', 'https://host:8080/a@b'],
    ['https://example.com/t/abc/', 'https://example.com/t/abc/'],
    ['user:password@host is not a URL', 'user:password@host is not a URL'],
  ];
  for (const [text, masked] of cases) {
    it(`masks ${text}`, () => {
      assert.equal(maskUrlCredentials(text), masked);
    });
  }
});

describe('report/buildReport masks URL credentials', () => {
  it('in finding messages and failure reasons, so no export carries them', () => {
    const root = path.resolve('/work/apps/private-index');
    const app = snapshotOf(
      {
        'requirements.txt': 'dash==2.16.1\ngunicorn==21.2.0\n--extra-index-url https://alice:S3CRET-pw@de4.example.com/Docs/packages\n',
        Procfile: 'web: gunicorn app:server\n',
        'app.py': 'import dash\napp = dash.Dash(__name__)\nserver = app.server\n',
      },
      { root },
    );
    const fromEngine = checkApp(app, ALL_RULES, DEFAULT_ENGINE_CONFIG);
    assert.ok(
      fromEngine.findings.some((f) => f.message.includes('alice:***@')),
      'the rule quotes the URL, and the engine masks it',
    );
    // The report masks again, for findings that did not come through the engine.
    const check = {
      ...fromEngine,
      findings: [
        ...fromEngine.findings,
        {
          rule: 'de4-package-index',
          severity: 'warning' as const,
          file: 'requirements.txt',
          range: { start: { line: 2, character: 0 }, end: { line: 2, character: 10 } },
          message: 'Unmasked https://alice:S3CRET-pw@de4.example.com/Docs/packages',
          fixes: [],
        },
      ],
    };
    const reason = 'git clone https://deploy:S3CRET-pw@git.example.com/x.git failed';
    const report = buildReport({
      generatedAt: new Date('2025-01-02T03:04:05.000Z'),
      checks: [check],
      state: {
        schemaVersion: 1,
        apps: {
          'private-index': {
            app: 'private-index',
            step: 'cloned',
            failed: { step: 'converted', reason, at: '2025-01-01T00:00:00Z' },
            updatedAt: '2025-01-01T00:00:00Z',
          },
        },
      },
      stateBase: path.dirname(root),
    });
    for (const text of [JSON.stringify(report), exportMarkdown(report), exportHtml(report)]) {
      assert.ok(!text.includes('S3CRET-pw'));
    }
    assert.ok(report.apps[0]?.findings.some((f) => f.message.includes('https://alice:***@de4.example.com')));
    assert.equal(report.apps[0]?.status?.failed?.reason, 'git clone https://deploy:***@git.example.com/x.git failed');
  });
});
