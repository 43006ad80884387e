import assert from 'node:assert/strict';
import { combineFixes } from '../../../../../src/core/engine/combineFixes';
import { range } from '../../../../../src/core/model/text';
import { legacyDashPackagesRule } from '../../../../../src/core/rules/requirements/legacyDashPackages';
import { applyFix, run } from './ruleHarness';

describe('legacy-dash-packages', () => {
  it('reports each legacy line and offers one identical fix on each', () => {
    const text = 'dash==1.19.0\ndash-core-components==1.15.0\ndash_html_components==1.1.2  # html\ngunicorn\ndash-table==4.11.2\n';
    const r = run(legacyDashPackagesRule, { 'requirements.txt': text });
    assert.deepEqual(
      r.findings.map((f) => f.range),
      [range(1, 0, 1, 28), range(2, 0, 2, 27), range(4, 0, 4, 18)],
    );
    const fixes = r.findings.map((f) => f.fixes?.[0]);
    assert.ok(fixes.every((f) => JSON.stringify(f) === JSON.stringify(fixes[0])));
    assert.equal(fixes[0]?.safety, 'unsafe');
    assert.equal(fixes[0]?.title, 'Remove legacy Dash component packages');
    assert.equal(combineFixes(fixes.flatMap((f) => (f ? [f] : []))).edits.length, fixes[0]?.edits.length);
    assert.equal(
      applyFix(r.app, fixes[0]),
      'dash>=2\n# dash-core-components==1.15.0, dash_html_components==1.1.2, dash-table==4.11.2: bundled in dash>=2 (removed by de-migrate)\ngunicorn\n',
      'the removed lines stay named, in one comment where the first one was',
    );
  });

  it('keeps a dash that already allows 2 and adds one when dash is missing', () => {
    const ok = run(legacyDashPackagesRule, { 'requirements.txt': 'dash>=1.0\r\ndash-table\r\n' });
    assert.equal(applyFix(ok.app, ok.findings[0]?.fixes?.[0]), 'dash>=1.0\r\n# dash-table: bundled in dash>=2 (removed by de-migrate)\r\n');
    const missing = run(legacyDashPackagesRule, { 'requirements.txt': 'pandas\ndash-html-components==1.0\ndash-core-components==1.0' });
    assert.equal(
      applyFix(missing.app, missing.findings[0]?.fixes?.[0]),
      'pandas\n# dash-html-components==1.0, dash-core-components==1.0: bundled in dash>=2 (removed by de-migrate)\ndash>=2',
    );
  });

  it('removes adjacent lines at the end of a file without a final newline', () => {
    const r = run(legacyDashPackagesRule, { 'requirements.txt': 'dash<2\ndash-core-components\ndash-html-components' });
    assert.equal(
      applyFix(r.app, r.findings[0]?.fixes?.[0]),
      'dash>=2\n# dash-core-components, dash-html-components: bundled in dash>=2 (removed by de-migrate)',
    );
  });

  it('removes legacy lines from included root files too', () => {
    const r = run(legacyDashPackagesRule, { 'requirements.txt': 'dash==2.9\n-r base.txt\n', 'base.txt': 'dash-table==5.0.0\npandas\n' });
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0]?.file, 'base.txt');
    assert.equal(
      applyFix(r.app, r.findings[0]?.fixes?.[0], 'base.txt'),
      '# dash-table==5.0.0: bundled in dash>=2 (removed by de-migrate)\npandas\n',
    );
  });

  it('writes one comment per file, on one line even for a continued requirement, and re-checking finds nothing', () => {
    const files = {
      'requirements.txt': 'dash-table>=4,<5 \\\n    --hash=sha256:abc\n-r base.txt\ndash-html-components\n',
      'base.txt': 'Dash_Core_Components @ https://example.com/dcc.tar.gz\n',
    };
    const r = run(legacyDashPackagesRule, files);
    const fix = r.findings[0]?.fixes?.[0];
    const requirements = applyFix(r.app, fix);
    const base = applyFix(r.app, fix, 'base.txt');
    assert.equal(
      requirements,
      '# dash-table>=4,<5, dash-html-components: bundled in dash>=2 (removed by de-migrate)\ndash>=2\n-r base.txt\n',
    );
    assert.equal(base, '# Dash_Core_Components @ https://example.com/dcc.tar.gz: bundled in dash>=2 (removed by de-migrate)\n');
    assert.deepEqual(run(legacyDashPackagesRule, { 'requirements.txt': requirements, 'base.txt': base }).findings, []);
  });

  it('leaves apps without legacy packages alone and survives malformed lines', () => {
    assert.deepEqual(run(legacyDashPackagesRule, { 'requirements.txt': 'dash>=2\ndash-bootstrap-components\n' }).findings, []);
    const r = run(legacyDashPackagesRule, { 'requirements.txt': 'dash-table=4\ndash-table==4.0\n' });
    assert.deepEqual(
      r.findings.map((f) => f.range.start.line),
      [1],
    );
  });
});
