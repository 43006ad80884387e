import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { dashSnapshotsVersionRule } from '../../../../../src/core/rules/requirements/dashSnapshotsVersion';
import { applyFix, onlyFinding, run } from './ruleHarness';

describe('dash-snapshots-version', () => {
  it('flags a pin below 2.2.1 and rewrites the specifier', () => {
    const r = run(dashSnapshotsVersionRule, { 'requirements.txt': 'dash_snapshots==1.3.2 ; python_version >= "3"\ngunicorn' });
    const f = onlyFinding(r);
    assert.deepEqual(f.range, range(0, 0, 0, 21));
    assert.equal(f.fixes?.[0]?.safety, 'safe');
    assert.equal(applyFix(r.app, f.fixes?.[0]), 'dash_snapshots>=2.2.1 ; python_version >= "3"\ngunicorn');
  });

  it('flags caps and leaves fine requirements alone', () => {
    assert.equal(run(dashSnapshotsVersionRule, { 'requirements.txt': 'dash-snapshots<2.2\n' }).findings.length, 1);
    for (const line of ['dash-snapshots', 'dash-snapshots==2.2.1', 'dash-snapshots>=1.0', 'dash-snapshots<3']) {
      assert.deepEqual(run(dashSnapshotsVersionRule, { 'requirements.txt': `${line}\n` }).findings, [], line);
    }
  });

  it('never throws on malformed input', () => {
    assert.deepEqual(run(dashSnapshotsVersionRule, { 'requirements.txt': 'dash-snapshots=1\n\\\n--x\n' }).findings, []);
  });
});
