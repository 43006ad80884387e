import * as assert from 'node:assert/strict';
import { replaceEditsBetween } from '../../../../src/core/convert/editsBetween';
import { diffLines, splitLineUnits } from '../../../../src/core/convert/lineDiff';
import { unifiedDiff } from '../../../../src/core/convert/unifiedDiff';
import { applyTextEdits } from '../../../../src/core/model/text';
import type { FileEdit } from '../../../../src/core/model/types';

function applyReplaces(text: string, edits: readonly FileEdit[]): string {
  return applyTextEdits(
    text,
    edits.flatMap((e) => (e.kind === 'replace' ? [e] : [])),
  );
}

/** A small deterministic generator, so the property test is reproducible. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('convert/lineDiff', () => {
  it('splits into units that keep their line breaks', () => {
    assert.deepEqual(splitLineUnits('a\r\nb\nc\rd'), ['a\r\n', 'b\n', 'c\r', 'd']);
    assert.deepEqual(splitLineUnits(''), []);
    assert.equal(splitLineUnits('x\r\ny\n').join(''), 'x\r\ny\n');
  });

  it('finds the minimal change runs', () => {
    const runs = diffLines(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e']);
    assert.deepEqual(
      runs.map((r) => [r.kind, r.oldStart, r.oldCount, r.newStart, r.newCount]),
      [
        ['equal', 0, 1, 0, 1],
        ['change', 1, 1, 1, 1],
        ['equal', 2, 2, 2, 2],
        ['change', 4, 0, 4, 1],
      ],
    );
  });

  it('replace edits rebuild the new text exactly (random texts, CRLF and no final newline included)', () => {
    const rnd = lcg(42);
    const words = ['a', 'b', 'c', 'dash==2.0', ''];
    const eols = ['\n', '\r\n', '\r'];
    const text = (): string => {
      const n = Math.floor(rnd() * 8);
      let t = '';
      for (let i = 0; i < n; i++) {
        t += (words[Math.floor(rnd() * words.length)] ?? '') + (i === n - 1 && rnd() < 0.3 ? '' : (eols[Math.floor(rnd() * 3)] ?? '\n'));
      }
      return t;
    };
    for (let i = 0; i < 500; i++) {
      const a = text();
      const b = text();
      const edits = replaceEditsBetween('f', a, b);
      assert.equal(applyReplaces(a, edits), b, JSON.stringify({ a, b }));
      if (a === b) {
        assert.equal(edits.length, 0);
      }
    }
  });

  it('touches only the changed line of a long file', () => {
    const a = Array.from({ length: 50 }, (_, i) => `line${i}`).join('\n') + '\n';
    const b = a.replace('line20\n', 'LINE20\n');
    const edits = replaceEditsBetween('f', a, b);
    assert.equal(edits.length, 1);
    const e = edits[0];
    assert.ok(e?.kind === 'replace');
    assert.deepEqual(e.range, { start: { line: 20, character: 0 }, end: { line: 21, character: 0 } });
    assert.equal(e.newText, 'LINE20\n');
  });
});

describe('convert/unifiedDiff', () => {
  it('prints a git-style hunk with context', () => {
    const a = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n';
    const b = 'one\ntwo\nthree\nFOUR\nfive\nsix\nseven\n';
    assert.equal(
      unifiedDiff('app/x.txt', a, b),
      [
        '--- a/app/x.txt',
        '+++ b/app/x.txt',
        '@@ -1,7 +1,7 @@',
        ' one',
        ' two',
        ' three',
        '-four',
        '+FOUR',
        ' five',
        ' six',
        ' seven',
        '',
      ].join('\n'),
    );
  });

  it('shows created and deleted files against /dev/null', () => {
    assert.equal(unifiedDiff('Aptfile', undefined, 'libpq-dev\n'), '--- /dev/null\n+++ b/Aptfile\n@@ -0,0 +1 @@\n+libpq-dev\n');
    assert.equal(
      unifiedDiff('runtime.txt', 'python-3.9.7', undefined),
      '--- a/runtime.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-python-3.9.7\n\\ No newline at end of file\n',
    );
  });

  it('splits far-apart changes into separate hunks with correct ranges', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join('\n') + '\n';
    const b = a.replace('l2\n', 'L2\n').replace('l18\n', '');
    const d = unifiedDiff('f', a, b);
    assert.match(d, /^@@ -1,5 \+1,5 @@$/m);
    assert.match(d, /^@@ -15,6 \+15,5 @@$/m);
  });

  it('is empty for equal texts', () => {
    assert.equal(unifiedDiff('f', 'a\n', 'a\n'), '');
  });
});
