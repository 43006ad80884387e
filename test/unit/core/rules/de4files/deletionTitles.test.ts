// Issue #7, "nothing lost": an unsafe fix that deletes a DE4 file (or app.json key) names in its
// title, which is what a conversion reports as applied, every fact it drops, for any file content.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { collectFacts, droppedFacts, type Fact } from '../../../../../src/core/convert/facts';
import type { Fix } from '../../../../../src/core/model/types';
import { appJsonScriptsRule } from '../../../../../src/core/rules/de4files/appJsonScripts';
import { buildpacksFileRule } from '../../../../../src/core/rules/de4files/buildpacksFile';
import { checksFileRule } from '../../../../../src/core/rules/de4files/checksFile';
import { dokkuScaleRule } from '../../../../../src/core/rules/de4files/dokkuScale';
import type { Rule } from '../../../../../src/core/rules/rule';
import { snapshotOf } from '../../../../support/snapshotBuilder';
import { run } from './de4RuleHarness';

const RUNS = 2000;
/** Fixed so runs are reproducible; FC_SEED explores other inputs locally. */
const SEED = /^-?\d+$/.test(process.env['FC_SEED'] ?? '') ? Number(process.env['FC_SEED']) : 0x7171_0007;

/** Any text on one line: printable, unicode, quotes, backslashes, tabs and the odd control character. */
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: fc.constantFrom('"', '\\', ' ', '\t', ',', ';', '#', '=', '/', 'a', '\u00a0', '\u2028'), maxLength: 12 }),
);
const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const count = fc.oneof(fc.stringMatching(/^\d{1,4}$/), fc.constantFrom('0', '007', '99999999999999999999999'));
const space = fc.constantFrom('', ' ', '  ', '\t');

/** A file of `lines`, with blank and comment lines mixed in, LF or CRLF, with or without a final newline. */
function fileOf(lines: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const line = fc.oneof({ weight: 4, arbitrary: lines }, fc.constant(''), fc.constant('# off: x=1'), anyText);
  return fc
    .tuple(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([ls, eol, final]) => ls.join(eol) + (final && ls.length > 0 ? eol : ''));
}

const dokkuScale = fileOf(fc.tuple(name, space, space, count).map(([p, a, b, c]) => `${p}${a}=${b}${c}`));
const checks = fileOf(
  fc.oneof(
    fc.tuple(fc.constantFrom('WAIT', 'TIMEOUT', 'ATTEMPTS'), count).map(([k, v]) => `${k}=${v}`),
    fc
      .tuple(fc.constantFrom('/', '/app/_dash-layout', 'https://x.example.com/h', '/a\\"b'), fc.option(anyText), space)
      .map(([p, expected, s]) => (expected === null ? p : `${p} ${s}${expected}`)),
  ),
);
const buildpacks = fileOf(
  fc
    .tuple(
      fc.constantFrom('https://github.com/heroku/heroku-buildpack-python', 'git@github.com:x/apt.git', 'file:///tmp/b\\"p'),
      fc.option(name),
    )
    .map(([url, ref]) => (ref === null ? url : `${url}#${ref}`)),
);
const healthchecks = fc
  .dictionary(
    anyText,
    fc.dictionary(anyText, fc.oneof(fc.record({ httpGet: fc.record({ path: anyText, port: fc.nat() }) }), fc.constant({})), { maxKeys: 3 }),
    { maxKeys: 3 },
  )
  .map((hc) => JSON.stringify({ healthchecks: hc, name: 'x' }, null, 2));

const formation = fc
  .dictionary(
    anyText,
    fc.record(
      {
        quantity: fc.oneof(fc.nat(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(1e23), anyText),
        size: fc.oneof(anyText, fc.nat()),
      },
      { requiredKeys: [] },
    ),
    { maxKeys: 4 },
  )
  .map((f) => JSON.stringify({ formation: f, name: 'x' }, null, 2));
const cron = fc
  .array(
    fc.record({ command: fc.oneof(anyText, fc.nat()), schedule: fc.oneof(anyText, fc.constant('*/10 * * * *')) }, { requiredKeys: [] }),
    {
      maxLength: 4,
    },
  )
  .map((jobs) => JSON.stringify({ cron: jobs, name: 'x' }, null, 2));

/** The facts of `file` that `rule`'s deleting fix drops but its title does not name. */
function unnamed(rule: Rule, file: string, text: string, kinds: readonly Fact['kind'][], isDeletion: (fix: Fix) => boolean): Fact[] {
  const files = { [file]: text };
  const fixes = run(rule, files).flatMap((f) => f.fixes ?? []);
  const deletion = fixes.filter(isDeletion);
  assert.ok(deletion.length <= 1, `${deletion.length} deleting fixes`);
  const facts = collectFacts(snapshotOf(files)).filter((f) => kinds.includes(f.kind));
  if (deletion.length === 0) {
    assert.equal(file, 'app.json', 'only an app.json that does not parse cleanly goes without a deleting fix');
    return [];
  }
  return droppedFacts(
    facts,
    deletion.map((d) => d.title),
  );
}

describe('de4files: deleting fixes name every fact they drop in their title', () => {
  const deletes =
    (file: string) =>
    (fix: Fix): boolean =>
      fix.edits.some((e) => e.kind === 'delete' && e.file === file);
  const cases = [
    { rule: dokkuScaleRule, file: 'DOKKU_SCALE', text: dokkuScale, kinds: ['scale'], isDeletion: deletes('DOKKU_SCALE') },
    { rule: checksFileRule, file: 'CHECKS', text: checks, kinds: ['check', 'check-setting'], isDeletion: deletes('CHECKS') },
    { rule: buildpacksFileRule, file: '.buildpacks', text: buildpacks, kinds: ['buildpack'], isDeletion: deletes('.buildpacks') },
    {
      rule: appJsonScriptsRule,
      file: 'app.json',
      text: healthchecks,
      kinds: ['healthcheck'],
      isDeletion: (fix: Fix) => fix.title.startsWith('Remove `healthchecks`'),
    },
    {
      rule: appJsonScriptsRule,
      file: 'app.json',
      text: formation,
      kinds: ['formation'],
      isDeletion: (fix: Fix) => fix.title.startsWith('Remove `formation`'),
    },
    {
      rule: appJsonScriptsRule,
      file: 'app.json',
      text: cron,
      kinds: ['cron'],
      isDeletion: (fix: Fix) => fix.title.startsWith('Remove `cron`'),
    },
  ] as const;

  for (const c of cases) {
    it(`${c.rule.id}: ${RUNS} generated ${c.file} files (${c.kinds.join(', ')})`, () => {
      let facts = 0;
      fc.assert(
        fc.property(c.text, (text) => {
          facts += collectFacts(snapshotOf({ [c.file]: text })).filter((f) => (c.kinds as readonly string[]).includes(f.kind)).length;
          assert.deepEqual(unnamed(c.rule, c.file, text, c.kinds, c.isDeletion), []);
        }),
        { numRuns: RUNS, seed: SEED },
      );
      assert.ok(facts > RUNS, `only ${facts} facts generated`);
    });
  }

  it('can fail: a title that names nothing leaves the facts unnamed', () => {
    const text = 'web=1\nworker=02\n';
    const silent = droppedFacts(collectFacts(snapshotOf({ DOKKU_SCALE: text })), ['Delete DOKKU_SCALE']);
    assert.deepEqual(
      silent.map((f) => f.value),
      ['web=1', 'worker=2'],
    );
    assert.deepEqual(unnamed(dokkuScaleRule, 'DOKKU_SCALE', text, ['scale'], deletes('DOKKU_SCALE')), []);
  });
});
