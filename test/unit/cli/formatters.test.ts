import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { atLeast, displayPath, formatJson, formatSarif, formatText, summarise } from '../../../src/cli/formatters';
import type { AppReport } from '../../../src/core/engine/checkApp';
import type { Finding } from '../../../src/core/model/types';
import type { RuleInfo } from '../../../src/core/rules';

const cwd = path.resolve('/ws');

function finding(over: Partial<Finding> = {}): Finding {
  return {
    rule: 'runtime-txt',
    severity: 'warning',
    file: 'runtime.txt',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 13 } },
    message: 'DE5 ignores runtime.txt.',
    fixes: [],
    ...over,
  };
}

const REPORTS: AppReport[] = [
  {
    root: path.join(cwd, 'apps', 'sales'),
    kind: 'pip',
    findings: [
      finding(),
      finding({
        rule: 'legacy-dash-packages',
        severity: 'error',
        file: 'requirements.txt',
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 27 } },
        message: 'dash-core-components is bundled in dash 2.',
        fixes: [
          {
            title: 'Remove dash-core-components',
            safety: 'unsafe',
            edits: [
              {
                kind: 'replace',
                file: 'requirements.txt',
                range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } },
                newText: '',
              },
            ],
          },
        ],
      }),
    ],
  },
  { root: cwd, kind: 'unknown', findings: [finding({ rule: 'service-env-var', severity: 'info', file: 'sub dir/app.py' })] },
];

const RULES: RuleInfo[] = [
  { id: 'parse-error', title: 'A file does not parse', defaultSeverity: 'error', docsUrl: 'https://example.invalid/#parse-error' },
  { id: 'runtime-txt', title: 'runtime.txt is ignored', defaultSeverity: 'warning', docsUrl: 'https://example.invalid/#runtime-txt' },
];

describe('cli/formatters', () => {
  it('ranks severities for --min-severity', () => {
    assert.equal(atLeast('error', 'warning'), true);
    assert.equal(atLeast('warning', 'warning'), true);
    assert.equal(atLeast('info', 'warning'), false);
    assert.equal(atLeast('hint', 'info'), false);
    assert.equal(atLeast('hint', 'hint'), true);
  });

  it('shows paths relative to the current folder with forward slashes', () => {
    assert.equal(displayPath(cwd, cwd), '.');
    assert.equal(displayPath(cwd, path.join(cwd, 'a', 'b.txt')), 'a/b.txt');
    assert.equal(displayPath(cwd, path.resolve(cwd, '..', 'other')), '../other');
  });

  it('counts hints with infos in the summary', () => {
    const r: AppReport = { root: cwd, kind: 'pip', findings: [finding({ severity: 'hint' }), finding({ severity: 'error' })] };
    assert.deepEqual(summarise([r, ...REPORTS]), { apps: 3, errors: 2, warnings: 1, infos: 2 });
  });

  it('prints the documented JSON shape exactly', () => {
    assert.deepEqual(JSON.parse(formatJson(REPORTS, cwd)), {
      version: 1,
      apps: [
        {
          root: 'apps/sales',
          kind: 'pip',
          findings: [
            {
              rule: 'runtime-txt',
              severity: 'warning',
              file: 'apps/sales/runtime.txt',
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 13 } },
              message: 'DE5 ignores runtime.txt.',
              fixes: [],
            },
            {
              rule: 'legacy-dash-packages',
              severity: 'error',
              file: 'apps/sales/requirements.txt',
              range: { start: { line: 2, character: 0 }, end: { line: 2, character: 27 } },
              message: 'dash-core-components is bundled in dash 2.',
              fixes: [{ title: 'Remove dash-core-components', safety: 'unsafe' }],
            },
          ],
        },
        {
          root: '.',
          kind: 'unknown',
          findings: [
            {
              rule: 'service-env-var',
              severity: 'info',
              file: 'sub dir/app.py',
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 13 } },
              message: 'DE5 ignores runtime.txt.',
              fixes: [],
            },
          ],
        },
      ],
      summary: { apps: 2, errors: 1, warnings: 1, infos: 1 },
    });
  });

  it('prints text with one-based line:column and the fix titles', () => {
    const text = formatText(REPORTS, cwd);
    assert.match(text, /^apps\/sales \(pip\)$/m);
    assert.match(
      text,
      /^ {2}apps\/sales\/requirements\.txt:3:1 {2}error {2}dash-core-components is bundled in dash 2\. {2}legacy-dash-packages \[fix: Remove dash-core-components \(unsafe\)\]$/m,
    );
    assert.match(text, /^2 apps: 1 error, 1 warning, 1 info$/m);
    assert.match(
      formatText([{ root: cwd, kind: 'pip', findings: [] }], cwd),
      /^\. \(pip\)\n {2}no problems\n\n1 app: 0 errors, 0 warnings, 0 info$/,
    );
  });

  describe('SARIF 2.1.0', () => {
    const sarif = JSON.parse(formatSarif(REPORTS, cwd, RULES, '1.2.3')) as {
      version: string;
      $schema: string;
      runs: {
        tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; helpUri: string }[] } };
        originalUriBaseIds: Record<string, { uri: string }>;
        results: {
          ruleId: string;
          ruleIndex?: number;
          level: string;
          message: { text: string };
          locations: {
            physicalLocation: {
              artifactLocation: { uri: string; uriBaseId: string };
              region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
            };
          }[];
        }[];
      }[];
    };

    it('has the required top-level properties and a described tool', () => {
      assert.equal(sarif.version, '2.1.0');
      assert.match(sarif.$schema, /sarif-2\.1\.0/);
      assert.equal(sarif.runs.length, 1);
      const driver = sarif.runs[0]?.tool.driver;
      assert.equal(driver?.name, 'de-migrate');
      assert.equal(driver?.version, '1.2.3');
      assert.deepEqual(
        driver?.rules.map((r) => r.id),
        ['parse-error', 'runtime-txt'],
      );
      assert.equal(driver?.rules[1]?.helpUri, 'https://example.invalid/#runtime-txt');
    });

    it('maps findings to results with one-based regions relative to %SRCROOT%', () => {
      const results = sarif.runs[0]?.results ?? [];
      assert.equal(results.length, 3);
      const [runtime, legacy, info] = results;
      assert.equal(runtime?.ruleId, 'runtime-txt');
      assert.equal(runtime?.ruleIndex, 1);
      assert.equal(runtime?.level, 'warning');
      assert.equal(legacy?.ruleIndex, undefined, 'a rule missing from the catalog has no index');
      assert.equal(legacy?.level, 'error');
      assert.equal(info?.level, 'note');
      assert.equal(legacy?.message.text, 'dash-core-components is bundled in dash 2.');
      assert.deepEqual(legacy?.locations[0]?.physicalLocation, {
        artifactLocation: { uri: 'apps/sales/requirements.txt', uriBaseId: '%SRCROOT%' },
        region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 28 },
      });
      assert.equal(info?.locations[0]?.physicalLocation.artifactLocation.uri, 'sub%20dir/app.py');
      const base = sarif.runs[0]?.originalUriBaseIds['%SRCROOT%']?.uri ?? '';
      assert.match(base, /^file:\/\/\/.*\/$/);
    });
  });
});
