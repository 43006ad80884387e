// Findings quote lines of the user's files, and those lines may hold a URL with a password or an
// Anaconda token: the engine masks them once, so the editor, the CLI and reports all get the mask.
import * as assert from 'node:assert/strict';
import { checkApp } from '../../../../src/core/engine/checkApp';
import { DEFAULT_ENGINE_CONFIG } from '../../../../src/core/engine/config';
import { ALL_RULES } from '../../../../src/core/rules';
import { snapshotOf } from '../../../support/snapshotBuilder';

const PASSWORD = 'S3CRET-pw-81c2';
const TOKEN = 'S3CRET-tok-4d9e';

describe('engine: credentials in quoted URLs are masked in every finding', () => {
  it('masks a password in a DE4 index URL and a conda channel token, keeping the URLs recognisable', () => {
    const report = checkApp(
      snapshotOf({
        'requirements.txt': `--extra-index-url https://ci:${PASSWORD}@de4.example.com/Docs/packages/\ndash==2.9.3\n`,
        '.condarc': `channels:\n  - https://conda.anaconda.org/t/${TOKEN}/private\n  - defaults\n`,
        Procfile: 'web: gunicorn app:server\n',
        'app.py': 'import dash\napp = dash.Dash(__name__)\nserver = app.server\n',
      }),
      ALL_RULES,
      DEFAULT_ENGINE_CONFIG,
    );
    const quoting = report.findings.filter((f) => f.message.includes('://'));
    assert.ok(quoting.length >= 2, `findings quoting a URL: ${quoting.map((f) => f.rule).join(', ')}`);
    for (const f of report.findings) {
      for (const text of [f.message, ...f.fixes.map((x) => x.title)]) {
        assert.ok(!text.includes(PASSWORD) && !text.includes(TOKEN), `${f.rule}: ${text}`);
      }
    }
    assert.ok(
      quoting.some((f) => f.message.includes('https://ci:***@de4.example.com')),
      quoting.map((f) => f.message).join('\n'),
    );
  });
});
