import * as assert from 'node:assert/strict';
import { DE4_METADATA_FILE, serializeDe4Metadata } from '../../../../../src/core/de4/appMetadata';
import { checkApp } from '../../../../../src/core/engine/checkApp';
import { DEFAULT_ENGINE_CONFIG } from '../../../../../src/core/engine/config';
import { ALL_RULES } from '../../../../../src/core/rules';
import { dataNotMigratedRule } from '../../../../../src/core/rules/app/dataNotMigrated';
import { de4Metadata } from '../../../../support/de4AppBuilder';
import { appOf, snapshotOf } from '../../../../support/snapshotBuilder';
import { run, textAt } from '../python/ruleHarness';

const FULL = serializeDe4Metadata(
  de4Metadata({
    linkedServices: [
      { name: 'sales-dash-redis', serviceType: 'REDIS' },
      { name: 'sales-db', serviceType: 'postgres' },
    ],
    mounts: [{ hostDir: '/srv/app-data', targetDir: '/data' }],
    hasWorkspace: true,
  }),
);

describe('data-not-migrated', () => {
  it('reports each gap on its own entry of .de-migrate/de4-app.json, without fixes', () => {
    const findings = run(dataNotMigratedRule, { [DE4_METADATA_FILE]: FULL, 'app.py': 'import dash\n' });
    assert.deepEqual(
      findings.map((f) => [f.file, f.fixes, f.severity]),
      Array.from({ length: 4 }, () => [DE4_METADATA_FILE, undefined, undefined]),
    );
    const covered = findings.map((f) => textAt(FULL, f.range));
    assert.match(covered[0] ?? '', /^\{\s+"name": "sales-dash-redis",\s+"type": "redis"\s+\}$/);
    assert.match(covered[1] ?? '', /^\{\s+"name": "sales-db",\s+"type": "postgres"\s+\}$/);
    assert.match(covered[2] ?? '', /^\{\s+"hostDir": "\/srv\/app-data",\s+"targetDir": "\/data"\s+\}$/);
    assert.equal(covered[3], '"hasWorkspace": true');
    assert.equal(
      findings[0]?.message,
      'The data in Redis service sales-dash-redis is not migrated: export it with ' +
        '`ssh -p 3022 dokku@de4.example.com redis:export sales-dash-redis > sales-dash-redis.dump` and import it into a new DE5 Redis service.',
    );
    assert.match(
      findings[1]?.message ?? '',
      /Postgres service sales-db .*`ssh -p 3022 dokku@de4\.example\.com postgres:export sales-db > sales-db\.dump`/,
    );
    assert.match(
      findings[2]?.message ?? '',
      /mounted directory \/data .*`tar -czf sales-dash-data\.tgz -C \/srv\/app-data \.`.*`\.\.\/mount`/,
    );
    assert.match(findings[3]?.message ?? '', /DE4 workspace of sales-dash is not migrated/);
  });

  it('is silent without metadata, or when the app has nothing to move', () => {
    assert.deepEqual(run(dataNotMigratedRule, { 'app.py': 'import dash\n' }), []);
    const empty = serializeDe4Metadata(de4Metadata({ linkedServices: [], mounts: [], hasWorkspace: false }));
    assert.deepEqual(run(dataNotMigratedRule, { [DE4_METADATA_FILE]: empty }), []);
    assert.deepEqual(run(dataNotMigratedRule, { [DE4_METADATA_FILE]: FULL }, { skipped: { [DE4_METADATA_FILE]: 'too-large' } }), []);
  });

  it('leaves a broken file to one parse-error finding at the broken field, and never throws', () => {
    const broken = FULL.replace('"targetDir": "/data"', '"targetDir": false');
    assert.deepEqual(run(dataNotMigratedRule, { [DE4_METADATA_FILE]: broken }), []);
    for (const text of [broken, '{', '', '[1]', FULL.replace('"schemaVersion": 1', '"schemaVersion": 3')]) {
      const report = checkApp(
        snapshotOf({ [DE4_METADATA_FILE]: text, Procfile: 'web: gunicorn app:server\n' }),
        ALL_RULES,
        DEFAULT_ENGINE_CONFIG,
      );
      const about = report.findings.filter((f) => f.file === DE4_METADATA_FILE);
      assert.deepEqual(
        about.map((f) => [f.rule, f.severity]),
        [['parse-error', 'error']],
        text,
      );
      assert.match(about[0]?.message ?? '', /^\.de-migrate\/de4-app\.json (is not valid|was written by a newer)/);
      assert.ok(!report.findings.some((f) => f.rule === 'rule-failed'));
    }
    const [f] = checkApp(snapshotOf({ [DE4_METADATA_FILE]: broken }), ALL_RULES, DEFAULT_ENGINE_CONFIG).findings.filter(
      (x) => x.file === DE4_METADATA_FILE,
    );
    assert.equal(textAt(broken, f?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), 'false');
  });

  it('parses the metadata once for every rule that reads it', () => {
    const app = appOf({ [DE4_METADATA_FILE]: FULL });
    const first = app.de4Metadata();
    assert.equal(app.de4Metadata().meta, first.meta, 'the same object: parsed once');
    assert.equal(first.file?.path, DE4_METADATA_FILE);
    assert.equal(first.error, undefined);
    assert.deepEqual(appOf({}).de4Metadata(), {});
    const bad = appOf({ [DE4_METADATA_FILE]: '{}' }).de4Metadata();
    assert.equal(bad.meta, undefined);
    assert.equal(bad.error?.code, 'invalid-input');
  });
});
