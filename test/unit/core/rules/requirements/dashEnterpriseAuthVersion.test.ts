import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { dashEnterpriseAuthVersionRule } from '../../../../../src/core/rules/requirements/dashEnterpriseAuthVersion';
import { applyFix, onlyFinding, run } from './ruleHarness';

describe('dash-enterprise-auth-version', () => {
  it('flags a pin below 0.0.6 and rewrites just the specifier', () => {
    const r = run(dashEnterpriseAuthVersionRule, { 'requirements.txt': 'dash==1.19.0\ndash-enterprise-auth==0.0.1  # auth\ngunicorn\n' });
    const f = onlyFinding(r);
    assert.equal(f.file, 'requirements.txt');
    assert.deepEqual(f.range, range(1, 0, 1, 27));
    assert.match(f.message, /0\.0\.6/);
    assert.equal(f.fixes?.[0]?.safety, 'safe');
    assert.equal(applyFix(r.app, f.fixes?.[0]), 'dash==1.19.0\ndash-enterprise-auth>=0.0.6  # auth\ngunicorn\n');
  });

  it('flags caps that allow nothing from 0.0.6, with any spelling of the name', () => {
    for (const line of ['dash_enterprise_auth<0.0.6', 'Dash-Enterprise-Auth~=0.0.3,<0.0.5', 'dash-enterprise-auth (<=0.0.5)']) {
      assert.equal(run(dashEnterpriseAuthVersionRule, { 'requirements.txt': `${line}\n` }).findings.length, 1, line);
    }
    const paren = run(dashEnterpriseAuthVersionRule, { 'requirements.txt': 'dash-enterprise-auth (<=0.0.5)\n' });
    assert.equal(applyFix(paren.app, paren.findings[0]?.fixes?.[0]), 'dash-enterprise-auth (>=0.0.6)\n');
  });

  it('accepts unpinned and new enough requirements', () => {
    for (const line of ['dash-enterprise-auth', 'dash-enterprise-auth==0.0.6', 'dash-enterprise-auth>=0.0.1', 'dash-enterprise-auth<0.1']) {
      assert.deepEqual(run(dashEnterpriseAuthVersionRule, { 'requirements.txt': `${line}\n` }).findings, [], line);
    }
    assert.deepEqual(run(dashEnterpriseAuthVersionRule, { Procfile: 'web: gunicorn app:server\n' }).findings, []);
  });

  it('asks for 0.2.5 when the app requires Dash 3', () => {
    const r = run(dashEnterpriseAuthVersionRule, { 'requirements.txt': 'dash==3.0.4\r\ndash-enterprise-auth==0.1.0\r\n' });
    const f = onlyFinding(r);
    assert.match(f.message, /Dash 3/);
    assert.equal(applyFix(r.app, f.fixes?.[0]), 'dash==3.0.4\r\ndash-enterprise-auth>=0.2.5\r\n');
    assert.equal(run(dashEnterpriseAuthVersionRule, { 'requirements.txt': 'dash>=3\ndash-enterprise-auth==0.2.5\n' }).findings.length, 0);
    // Dash 2 still allowed: 0.1.0 is fine.
    assert.equal(run(dashEnterpriseAuthVersionRule, { 'requirements.txt': 'dash>=2.5\ndash-enterprise-auth==0.1.0\n' }).findings.length, 0);
  });

  it('reads root files included with -r and ignores ones it does not hold', () => {
    const r = run(dashEnterpriseAuthVersionRule, {
      'requirements.txt': '-r requirements-base.txt\n-r ./nested/more.txt\n',
      'requirements-base.txt': 'dash-enterprise-auth==0.0.4\n',
    });
    const f = onlyFinding(r);
    assert.equal(f.file, 'requirements-base.txt');
    assert.equal(applyFix(r.app, f.fixes?.[0], 'requirements-base.txt'), 'dash-enterprise-auth>=0.0.6\n');
  });

  it('does not throw on a malformed file and still checks the good lines', () => {
    const r = run(dashEnterpriseAuthVersionRule, { 'requirements.txt': 'dash-enterprise-auth=0.0.1\ndash-enterprise-auth==0.0.2\n' });
    assert.deepEqual(onlyFinding(r).range, range(1, 0, 1, 27));
  });
});
