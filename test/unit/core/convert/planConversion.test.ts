import * as assert from 'node:assert/strict';
import { applyToSnapshot } from '../../../../src/core/convert/applyToSnapshot';
import { planConversion } from '../../../../src/core/convert/planConversion';
import { DEFAULT_ENGINE_CONFIG } from '../../../../src/core/engine/config';
import { LineIndex } from '../../../../src/core/model/text';
import type { RuleFinding } from '../../../../src/core/model/types';
import type { Rule } from '../../../../src/core/rules/rule';
import { snapshotOf } from '../../../support/snapshotBuilder';

const AT0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function rule(id: string, check: Rule['check']): Rule {
  return { id, defaultSeverity: 'warning', title: id, check };
}

// runtime.txt → project.toml (create, or merge into an existing one), then delete runtime.txt.
const moveRuntime = rule('move-runtime', (app) => {
  const rt = app.file('runtime.txt');
  if (!rt) {
    return [];
  }
  const existing = app.file('project.toml')?.text ?? '';
  const finding: RuleFinding = {
    file: 'runtime.txt',
    range: AT0,
    message: 'runtime.txt is ignored.',
    fixes: [
      {
        title: 'Move to project.toml',
        safety: 'safe',
        edits: [
          { kind: 'create', file: 'project.toml', content: `${existing}python = "${rt.text.trim()}"\n`, overwrite: true },
          { kind: 'delete', file: 'runtime.txt' },
        ],
      },
    ],
  };
  return [finding];
});

// project.toml needs a schema line first: only offered once project.toml exists (so it takes a second round).
const schemaFirst = rule('schema-first', (app) => {
  const f = app.file('project.toml');
  if (!f || f.text.startsWith('[_]')) {
    return [];
  }
  return [
    {
      file: 'project.toml',
      range: AT0,
      message: 'Add the schema.',
      fixes: [
        {
          title: 'Add schema',
          safety: 'safe',
          edits: [{ kind: 'replace', file: 'project.toml', range: AT0, newText: '[_]\nschema-version = "0.2"\n' }],
        },
      ],
    },
  ];
});

// An unsafe deletion.
const dropChecks = rule('drop-checks', (app) =>
  app.has('CHECKS')
    ? [
        {
          file: 'CHECKS',
          range: AT0,
          message: 'CHECKS is not read.',
          fixes: [{ title: 'Delete CHECKS', safety: 'unsafe', edits: [{ kind: 'delete', file: 'CHECKS' }] }],
        },
      ]
    : [],
);

// Replaces one line of requirements.txt, keeping the rest.
const bumpDash = rule('bump-dash', (app) => {
  const f = app.file('requirements.txt');
  if (!f) {
    return [];
  }
  const index = new LineIndex(f.text);
  const line = index.lines().findIndex((l) => l === 'dash==1.0');
  return line < 0
    ? []
    : [
        {
          file: 'requirements.txt',
          range: index.lineRange(line),
          message: 'old dash',
          fixes: [
            {
              title: 'Bump dash',
              safety: 'safe',
              edits: [{ kind: 'replace', file: 'requirements.txt', range: index.lineRange(line), newText: 'dash==2.0' }],
            },
          ],
        },
      ];
});

const RULES = [moveRuntime, schemaFirst, dropChecks, bumpDash];

const APP = {
  'runtime.txt': 'python-3.9.7\n',
  'requirements.txt': '# deps\r\nflask\r\ndash==1.0\r\npandas\r\n',
  CHECKS: 'WAIT=5\n',
  Procfile: 'web: gunicorn app:server\n',
};

describe('convert/planConversion', () => {
  it('applies safe fixes over several rounds and expresses the result against the original', () => {
    const original = snapshotOf(APP);
    const plan = planConversion(original, RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: false });
    assert.equal(plan.converged, true);
    assert.equal(plan.converted.files.get('project.toml')?.text, '[_]\nschema-version = "0.2"\npython = "python-3.9.7"\n');
    assert.equal(plan.converted.files.has('runtime.txt'), false);
    assert.equal(plan.converted.files.get('requirements.txt')?.text, '# deps\r\nflask\r\ndash==2.0\r\npandas\r\n');
    assert.ok(plan.converted.files.has('CHECKS'), 'unsafe fix not taken');
    assert.deepEqual(
      plan.applied.map((a) => [a.rule, a.round]),
      [
        ['bump-dash', 1],
        ['move-runtime', 1],
        ['schema-first', 2],
      ],
    );
    assert.deepEqual(plan.created, ['project.toml']);
    assert.deepEqual(
      plan.edits.map((e) => [e.kind, e.file]),
      [
        ['create', 'project.toml'],
        ['replace', 'requirements.txt'],
        ['delete', 'runtime.txt'],
      ],
    );
    const bump = plan.edits.find((e) => e.kind === 'replace');
    assert.ok(bump?.kind === 'replace');
    assert.deepEqual(bump.range, { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } });
    // The edits against the original give the converted files.
    const replayed = applyToSnapshot(original, plan.edits);
    assert.deepEqual([...replayed.files.entries()], [...plan.converted.files.entries()]);
    assert.deepEqual([...replayed.sizes.entries()], [...plan.converted.sizes.entries()]);
    assert.deepEqual(
      plan.remaining.map((f) => f.rule),
      ['drop-checks'],
    );
  });

  it('takes unsafe fixes when asked', () => {
    const plan = planConversion(snapshotOf(APP), RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: true });
    assert.equal(plan.converted.files.has('CHECKS'), false);
    assert.ok(plan.edits.some((e) => e.kind === 'delete' && e.file === 'CHECKS'));
    assert.deepEqual(plan.remaining, []);
  });

  it('is idempotent and deterministic', () => {
    const a = planConversion(snapshotOf(APP), RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: true });
    const b = planConversion(snapshotOf(APP), RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: true });
    assert.deepEqual(a.edits, b.edits);
    const again = planConversion(a.converted, RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: true });
    assert.deepEqual(again.edits, []);
    assert.equal(again.converged, true);
  });

  it('gives up after the round limit when a fix never settles', () => {
    const flip = rule('flip', (app) => {
      const t = app.file('x')?.text ?? '';
      return [
        {
          file: 'x',
          range: AT0,
          message: 'flip',
          fixes: [
            { title: 'flip', safety: 'safe', edits: [{ kind: 'create', file: 'x', content: t === 'a' ? 'b' : 'a', overwrite: true }] },
          ],
        },
      ];
    });
    const plan = planConversion(snapshotOf({ x: 'a' }), [flip], DEFAULT_ENGINE_CONFIG, { includeUnsafe: false, maxRounds: 3 });
    assert.equal(plan.converged, false);
    assert.equal(plan.rounds, 3);
  });

  it('rejects a fix whose edits cannot apply and applies the others', () => {
    const broken = rule('broken', () => [
      {
        file: 'x',
        range: AT0,
        message: 'broken',
        fixes: [
          { title: 'Edit a missing file', safety: 'safe', edits: [{ kind: 'replace', file: 'missing.txt', range: AT0, newText: 'x' }] },
        ],
      },
    ]);
    const plan = planConversion(snapshotOf(APP), [broken, bumpDash], DEFAULT_ENGINE_CONFIG, { includeUnsafe: false });
    assert.deepEqual(
      plan.rejected.map((r) => r.rule),
      ['broken'],
    );
    assert.equal(plan.converted.files.get('requirements.txt')?.text.includes('dash==2.0'), true);
    assert.equal(plan.converged, true);
  });

  it('stops when cancelled', () => {
    const c = new AbortController();
    c.abort();
    assert.throws(
      () => planConversion(snapshotOf(APP), RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: false, signal: c.signal }),
      /cancelled/,
    );
  });

  it('skips a later fix that collides with an earlier one in the same round and takes it next round', () => {
    const second = rule('second-writer', (app) =>
      app.has('project.toml') && !app.file('project.toml')?.text.includes('second')
        ? [
            {
              file: 'project.toml',
              range: AT0,
              message: 's',
              fixes: [
                {
                  title: 'second',
                  safety: 'safe',
                  edits: [
                    {
                      kind: 'create',
                      file: 'project.toml',
                      content: (app.file('project.toml')?.text ?? '') + 'second = 1\n',
                      overwrite: true,
                    },
                  ],
                },
              ],
            },
          ]
        : [],
    );
    const plan = planConversion(
      snapshotOf({ 'runtime.txt': 'python-3.10.1\n', 'project.toml': '' }),
      [moveRuntime, second],
      DEFAULT_ENGINE_CONFIG,
      { includeUnsafe: false },
    );
    assert.equal(plan.converged, true);
    const text = plan.converted.files.get('project.toml')?.text ?? '';
    assert.ok(text.includes('python = "python-3.10.1"') && text.includes('second = 1'), text);
  });
});
