import assert from 'node:assert/strict';
import { parseRequirements, type VersionSpecifier } from '../../../../../src/core/parsers/requirements';
import { allowsAtLeast, allowsAtMost, requiresAtLeast } from '../../../../../src/core/rules/requirements/versionBounds';

function specs(spec: string): readonly VersionSpecifier[] {
  const r = parseRequirements(`pkg${spec}\n`);
  assert.deepEqual(r.issues, [], spec);
  return r.value.requirements[0]?.specifiers ?? [];
}

describe('versionBounds', () => {
  it('knows when caps rule out a minimum', () => {
    const table: [string, boolean][] = [
      ['', true],
      ['==0.0.1', false],
      ['==0.0.6', true],
      ['===0.0.5', false],
      ['<0.0.6', false],
      ['<0.0.7', true],
      ['<=0.0.6', true],
      ['<=0.0.5', false],
      ['~=0.0.3', true], // ~=0.0.3 means >=0.0.3,==0.0.*, which includes 0.0.6
      ['~=0.0.3,<0.0.5', false],
      ['==0.0.*', true],
      ['>=0.0.1,<0.0.6', false],
      ['>=0.0.1', true],
      ['!=0.0.6', true],
      ['>0.0.1', true],
    ];
    for (const [spec, expected] of table) {
      assert.equal(allowsAtLeast(specs(spec), '0.0.6'), expected, spec);
    }
    assert.equal(allowsAtLeast(specs('~=1.2.3'), '1.3'), false);
    assert.equal(allowsAtLeast(specs('~=1.2'), '1.9'), true);
    assert.equal(allowsAtLeast(specs('~=1.2'), '2.0'), false);
    assert.equal(allowsAtLeast(specs('==1.*'), '2'), false);
  });

  it('knows when floors rule out a maximum', () => {
    assert.equal(allowsAtMost(specs('==1.26.0'), '1.24.4'), false);
    assert.equal(allowsAtMost(specs('>=1.25'), '1.24.4'), false);
    assert.equal(allowsAtMost(specs('>1.24.4'), '1.24.4'), false);
    assert.equal(allowsAtMost(specs('>=1.20'), '1.24.4'), true);
    assert.equal(allowsAtMost(specs('<2'), '1.24.4'), true);
  });

  it('knows when every allowed version is at least a minimum', () => {
    assert.equal(requiresAtLeast(specs('==3.0.4'), '3'), true);
    assert.equal(requiresAtLeast(specs('>=3'), '3'), true);
    assert.equal(requiresAtLeast(specs('~=3.1'), '3'), true);
    assert.equal(requiresAtLeast(specs('>=2.5'), '3'), false);
    assert.equal(requiresAtLeast(specs(''), '3'), false);
    assert.equal(requiresAtLeast(specs('<4'), '3'), false);
  });

  it('ignores what is not a PEP 440 version instead of throwing', () => {
    assert.equal(allowsAtLeast(specs('===custom-build'), '1.0'), true);
    assert.equal(
      allowsAtLeast(
        [{ operator: '==', version: '${VERSION}', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }],
        '1.0',
      ),
      true,
    );
  });
});
