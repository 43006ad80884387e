import assert from 'node:assert/strict';
import { lt } from '@renovatebot/pep440';
import { range } from '../../../../../src/core/model/text';
import { pinIncompatiblePythonRule } from '../../../../../src/core/rules/requirements/pinIncompatiblePython';
import { firstReleaseFor, lastReleaseFor, PYTHON_SUPPORT } from '../../../../../src/core/rules/requirements/pythonSupport';
import { applyFix, onlyFinding, run } from './ruleHarness';

describe('pin-incompatible-python', () => {
  it('flags a pin with no build for the default DE5 Python and relaxes it', () => {
    const r = run(pinIncompatiblePythonRule, { 'requirements.txt': 'dash\nnumpy==1.19.5  # old\n' });
    const f = onlyFinding(r);
    assert.deepEqual(f.range, range(1, 0, 1, 13));
    assert.match(f.message, /`numpy==1\.19\.5` has no build for Python 3\.10/);
    assert.match(f.message, /DE5's default/);
    assert.equal(f.fixes?.[0]?.safety, 'unsafe');
    assert.equal(applyFix(r.app, f.fixes?.[0]), 'dash\nnumpy>=1.21.3  # old\n');
  });

  it('uses the Python the app declares and says where it came from', () => {
    const r = run(pinIncompatiblePythonRule, {
      'runtime.txt': 'python-3.8.10\n',
      'requirements.txt': 'pandas==1.1.4\nscikit-learn~=0.21.0\n',
    });
    assert.deepEqual(
      r.findings.map((f) => f.message.match(/Python (\d\.\d+)/)?.[1]),
      ['3.8'],
    );
    assert.match(r.findings[0]?.message ?? '', /scikit-learn.*from runtime\.txt/);
    assert.equal(applyFix(r.app, r.findings[0]?.fixes?.[0]), 'pandas==1.1.4\nscikit-learn>=0.22\n');
  });

  it('flags caps as well as pins, and leaves floors and unpinned packages alone', () => {
    assert.equal(run(pinIncompatiblePythonRule, { 'requirements.txt': 'scipy<1.7\n' }).findings.length, 1);
    assert.equal(run(pinIncompatiblePythonRule, { 'requirements.txt': 'Pillow<=8.3.1\n' }).findings.length, 1);
    for (const line of ['numpy', 'numpy>=1.16', 'numpy==1.26.4', 'numpy<2', 'numpy~=1.21.3', 'requests==2.0.0']) {
      assert.deepEqual(run(pinIncompatiblePythonRule, { 'requirements.txt': `${line}\n` }).findings, [], line);
    }
  });

  it('says when a pin is too new for an old Python, without a fix', () => {
    const r = run(pinIncompatiblePythonRule, { 'runtime.txt': 'python-3.8.12\n', 'requirements.txt': 'numpy==1.26.4\n' });
    const f = onlyFinding(r);
    assert.match(f.message, /needs a newer Python than 3\.8/);
    assert.match(f.message, /1\.24\.4/);
    assert.equal(f.fixes, undefined);
  });

  it('never throws on malformed input', () => {
    assert.deepEqual(
      run(pinIncompatiblePythonRule, { 'runtime.txt': 'python-x\n', 'requirements.txt': 'numpy=1.0\nnumpy==${V}\n' }).findings,
      [],
    );
  });
});

describe('pythonSupport table', () => {
  it('borrows from neighbouring minors when one is not listed', () => {
    const lxml = PYTHON_SUPPORT['lxml'];
    assert.ok(lxml);
    assert.equal(firstReleaseFor(lxml, '3.11'), '4.6.4');
    assert.equal(firstReleaseFor(lxml, '3.9'), undefined);
    const numpy = PYTHON_SUPPORT['numpy'];
    assert.ok(numpy);
    assert.equal(firstReleaseFor(numpy, '3.14'), '2.1.0');
    assert.equal(lastReleaseFor(numpy, '3.7'), '1.24.4');
    assert.equal(lastReleaseFor(numpy, '3.11'), undefined);
  });

  it('lists every release in ascending order per package', () => {
    for (const [name, s] of Object.entries(PYTHON_SUPPORT)) {
      const firsts = Object.entries(s.first).sort(([a], [b]) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
      for (let i = 1; i < firsts.length; i++) {
        assert.ok(lt(firsts[i - 1]?.[1] ?? '', firsts[i]?.[1] ?? ''), `${name} ${firsts[i]?.[0]}`);
      }
    }
  });
});
