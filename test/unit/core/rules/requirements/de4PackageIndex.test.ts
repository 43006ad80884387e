import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { de4PackageIndexRule, isDe4PackageIndex } from '../../../../../src/core/rules/requirements/de4PackageIndex';
import { applyFix, onlyFinding, run } from './ruleHarness';

describe('de4-package-index', () => {
  it('recognises the DE4 index URL in the forms the corpus uses', () => {
    for (const url of [
      'https://dash-demo.plotly.host/Docs/packages',
      'https://dash-demo.plotly.host/Docs/packages/',
      'http://10.0.0.5:8080/Docs/packages',
      'dash.example.com/Docs/packages',
      'https://${DE_HOST}/Docs/packages',
    ]) {
      assert.equal(isDe4PackageIndex(url), true, url);
    }
    for (const url of ['https://pypi.org/simple', 'https://de5.example.com/packages', 'https://x/Docs/packages/extra']) {
      assert.equal(isDe4PackageIndex(url), false, url);
    }
  });

  it('rewrites the URL safely when the DE5 host is set, keeping the option spelling', () => {
    const cases: [string, string][] = [
      ['--extra-index-url=https://de4.example.com/Docs/packages\ndash\n', '--extra-index-url=https://de5.example.com/packages\ndash\n'],
      [
        '--extra-index-url https://de4.example.com/Docs/packages/\r\ndash\r\n',
        '--extra-index-url https://de5.example.com/packages\r\ndash\r\n',
      ],
      ['-i https://de4.example.com/Docs/packages', '-i https://de5.example.com/packages'],
      ['--index-url https://de4.example.com/Docs/packages  # DE4\n', '--index-url https://de5.example.com/packages  # DE4\n'],
    ];
    for (const [before, after] of cases) {
      const r = run(de4PackageIndexRule, { 'requirements.txt': before }, { de5Host: 'de5.example.com' });
      const f = onlyFinding(r);
      assert.equal(f.fixes?.[0]?.safety, 'safe', before);
      assert.match(f.message, /https:\/\/de5\.example\.com\/packages/);
      assert.doesNotMatch(f.message, /deMigrate\.de5\.host/);
      assert.equal(applyFix(r.app, f.fixes?.[0]), after, before);
    }
  });

  it('offers an unsafe removal and names the setting when no DE5 host is set', () => {
    const r = run(de4PackageIndexRule, {
      'requirements.txt': 'dash==2.0\n--extra-index-url=https://de4.example.com/Docs/packages\ngunicorn\n',
    });
    const f = onlyFinding(r);
    assert.deepEqual(f.range, range(1, 0, 1, 55));
    assert.match(f.message, /https:\/\/<de5-host>\/packages/);
    assert.match(f.message, /deMigrate\.de5\.host/);
    assert.equal(f.fixes?.[0]?.safety, 'unsafe');
    assert.equal(applyFix(r.app, f.fixes?.[0]), 'dash==2.0\ngunicorn\n');
  });

  it('removes the last line without leaving a blank one, and only the option when it shares its line', () => {
    const last = run(de4PackageIndexRule, { 'requirements.txt': 'dash\n--extra-index-url https://h/Docs/packages' });
    assert.equal(applyFix(last.app, last.findings[0]?.fixes?.[0]), 'dash');
    const shared = run(de4PackageIndexRule, { 'requirements.txt': '--extra-index-url https://h/Docs/packages  --trusted-host h\ndash\n' });
    assert.equal(applyFix(shared.app, shared.findings[0]?.fixes?.[0]), '--trusted-host h\ndash\n');
  });

  it('leaves other indexes, find-links and other files alone', () => {
    const r = run(de4PackageIndexRule, {
      'requirements.txt': '--extra-index-url https://pypi.example.com/simple\n--find-links https://h/Docs/packages\ndash\n',
      'requirements-dev.txt': '--extra-index-url https://h/Docs/packages\n',
    });
    assert.deepEqual(r.findings, []);
  });

  it('checks included root files and survives malformed lines', () => {
    const r = run(de4PackageIndexRule, {
      'requirements.txt': '--index-url\n-r base-requirements.txt\n',
      'base-requirements.txt': '--extra-index-url https://h/Docs/packages\n',
    });
    assert.equal(onlyFinding(r).file, 'base-requirements.txt');
  });
});
