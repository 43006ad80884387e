import * as assert from 'node:assert/strict';
import { combineFixes, combineSafeFixes } from '../../../../src/core/engine/combineFixes';
import type { Finding, Fix } from '../../../../src/core/model/types';
import { range, replaceEdit } from '../../../../src/core/model/text';

const fix = (title: string, safety: Fix['safety'], edits: Fix['edits']): Fix => ({ title, safety, edits });
const finding = (rule: string, fixes: Fix[]): Finding => ({
  rule,
  severity: 'warning',
  file: 'requirements.txt',
  range: range(0, 0, 0, 0),
  message: rule,
  fixes,
});

describe('engine/combineFixes', () => {
  it('takes fixes whole, skips one that overlaps an earlier one, and keeps touching edits', () => {
    const a = fix('a', 'safe', [replaceEdit('r.txt', range(0, 0, 0, 5), 'A')]);
    const overlapping = fix('b', 'safe', [replaceEdit('r.txt', range(0, 3, 0, 8), 'B'), replaceEdit('x.txt', range(0, 0, 0, 1), 'X')]);
    const touching = fix('c', 'safe', [replaceEdit('r.txt', range(0, 5, 0, 6), 'C')]);
    const { edits, skipped } = combineFixes([a, overlapping, touching]);
    assert.deepEqual(
      edits.map((e) => (e.kind === 'replace' ? e.newText : e.kind)),
      ['A', 'C'],
      'b is skipped whole, its x.txt edit with it',
    );
    assert.deepEqual(skipped, [overlapping]);
  });

  it('takes the same fix offered by several findings once', () => {
    const shared = () => fix('remove', 'unsafe', [replaceEdit('r.txt', range(1, 0, 2, 0), '')]);
    const { edits, skipped } = combineFixes([shared(), shared()]);
    assert.equal(edits.length, 1);
    assert.deepEqual(skipped, []);
  });

  it('never combines two whole-file edits of one file, nor two insertions at one point', () => {
    const create = (t: string): Fix => fix(t, 'safe', [{ kind: 'create', file: 'Aptfile', content: t }]);
    const insert = (t: string): Fix => fix(t, 'safe', [replaceEdit('r.txt', range(3, 0, 3, 0), t)]);
    assert.equal(combineFixes([create('x\n'), create('y\n')]).skipped.length, 1);
    assert.equal(combineFixes([insert('a\n'), insert('b\n')]).skipped.length, 1);
  });

  it('combineSafeFixes takes only the safe fixes of the findings and counts them', () => {
    const safe = fix('safe', 'safe', [replaceEdit('r.txt', range(0, 0, 0, 1), 'S')]);
    const unsafe = fix('unsafe', 'unsafe', [replaceEdit('r.txt', range(5, 0, 5, 1), 'U')]);
    const result = combineSafeFixes([finding('one', [safe, unsafe]), finding('two', [])]);
    assert.equal(result.offered, 1);
    assert.deepEqual(result.edits, safe.edits);
    assert.equal(combineSafeFixes([finding('only-unsafe', [unsafe])]).offered, 0);
  });
});
