import * as assert from 'node:assert/strict';
import {
  DE4_METADATA_FILE,
  DE4_METADATA_SCHEMA_VERSION,
  buildDe4Metadata,
  parseDe4Metadata,
  serializeDe4Metadata,
} from '../../../../src/core/de4/appMetadata';
import { CoreError } from '../../../../src/core/errors';
import { DE4_TEST_SAVED_AT, de4AppDetail, de4Metadata } from '../../../support/de4AppBuilder';

/** The CoreError `parseDe4Metadata` throws for this text. */
function parseError(text: string): CoreError {
  try {
    parseDe4Metadata(text);
  } catch (err) {
    assert.ok(err instanceof CoreError, String(err));
    return err;
  }
  assert.fail(`expected ${text} to be rejected`);
}

/** The serialized metadata with one top-level field replaced (or removed with `undefined`). */
function withField(key: string, value: unknown): string {
  const o = JSON.parse(serializeDe4Metadata(de4Metadata())) as Record<string, unknown>;
  o[key] = value;
  return JSON.stringify(o);
}

describe('DE4 app metadata file', () => {
  it('is built from an app detail: names of variables only, platform ones marked, services lowercase', () => {
    const meta = buildDe4Metadata('https://de4.example.com', de4AppDetail(), DE4_TEST_SAVED_AT);
    assert.equal(DE4_METADATA_FILE, '.de-migrate/de4-app.json');
    assert.equal(meta.schemaVersion, DE4_METADATA_SCHEMA_VERSION);
    assert.deepEqual(meta.source, {
      server: 'https://de4.example.com',
      app: 'sales-dash',
      urlOnServer: 'https://de4.example.com/sales-dash',
    });
    assert.equal(meta.savedAt, '2024-05-06T07:08:09.000Z');
    assert.deepEqual(meta.deployed, { sha: 'abc123', subject: 'Fix chart', time: '2021-04-02T08:00:00.000000' });
    assert.deepEqual(meta.access, { permissionLevel: 'restricted', users: ['bob'], teams: ['analysts'] });
    assert.deepEqual(meta.environmentVariables, [
      { name: 'API_TOKEN', readonly: false, platform: false },
      { name: 'DASH_APP_NAME', readonly: true, platform: true },
      { name: 'REDIS_URL', readonly: false, platform: true },
    ]);
    assert.deepEqual(meta.linkedServices, [{ name: 'sales-dash-redis', type: 'redis' }]);
    assert.deepEqual(meta.mounts, [{ hostDir: '/srv/app-data', targetDir: '/data' }]);
    assert.deepEqual(meta.processes, [
      { type: 'web', count: 1 },
      { type: 'worker', count: 2 },
    ]);
    assert.equal(meta.hasWorkspace, true);
    assert.deepEqual(meta.portal, { title: 'Sales', tags: ['finance', 'weekly'], showInPortal: true });
    const text = serializeDe4Metadata(meta);
    assert.doesNotMatch(text, /secret-value|redis:\/\/u:p/, 'no variable value is ever written');
    assert.doesNotMatch(text, /null/);
    assert.ok(text.endsWith('}\n'));
  });

  it('keeps a user variable that only starts like a platform one', () => {
    const meta = de4Metadata({
      environmentVariables: [
        { name: 'DATABASE_URL_REPORTING', value: 'x', readonly: false },
        { name: 'DATABASE_URL', value: 'y', readonly: false },
        { name: 'DASH_SECRET_KEY', value: 'z', readonly: false },
      ],
    });
    assert.deepEqual(
      meta.environmentVariables.map((v) => [v.name, v.platform]),
      [
        ['DATABASE_URL_REPORTING', false],
        ['DATABASE_URL', true],
        ['DASH_SECRET_KEY', true],
      ],
    );
  });

  it('round-trips through serialize and parse, and serializes the same app the same way', () => {
    const meta = de4Metadata();
    const text = serializeDe4Metadata(meta);
    assert.deepEqual(parseDe4Metadata(text), meta);
    assert.equal(serializeDe4Metadata(parseDe4Metadata(text)), text);
    assert.equal(serializeDe4Metadata(de4Metadata()), text);
    const sparse = de4Metadata({ owner: null, urlOnServer: null, hasWorkspace: null, mounts: null, linkedServices: [], metadata: {} });
    assert.deepEqual(parseDe4Metadata(serializeDe4Metadata(sparse)), sparse);
    assert.equal(sparse.hasWorkspace, undefined);
    assert.equal('owner' in sparse, false);
  });

  it('reads hand-written files: lists may be missing, casing is normalised, unknown fields are ignored', () => {
    const meta = parseDe4Metadata(
      JSON.stringify({
        schemaVersion: 1,
        source: { server: 'https://de4.example.com', app: 'a' },
        savedAt: '2024-01-01T00:00:00.000Z',
        linkedServices: [{ name: 'db', type: 'POSTGRES' }],
        environmentVariables: [{ name: 'DASH_X' }],
        addedLater: { anything: true },
      }),
    );
    assert.deepEqual(meta.linkedServices, [{ name: 'db', type: 'postgres' }]);
    assert.deepEqual(meta.environmentVariables, [{ name: 'DASH_X', readonly: false, platform: true }]);
    assert.deepEqual(meta.mounts, []);
    assert.deepEqual(meta.access, { users: [], teams: [] });
    assert.equal('addedLater' in meta, false);
  });

  it('names the exact field of a broken file, with a hint, never a TypeError', () => {
    const cases: [string, RegExp][] = [
      ['{"schemaVersion": 1,', /is not JSON/],
      ['[]', /the file should be an object/],
      [withField('schemaVersion', undefined), /schemaVersion should be a positive whole number/],
      [withField('schemaVersion', 0), /schemaVersion should be a positive whole number/],
      [withField('schemaVersion', 1.5), /schemaVersion should be a positive whole number/],
      [withField('source', 'x'), /source should be an object/],
      [withField('source', { server: 'https://x' }), /source\.app should be a non-empty string/],
      [withField('savedAt', ''), /savedAt should be a non-empty string/],
      [
        withField('linkedServices', [{ name: 'a', type: 'redis' }, { name: 'b' }]),
        /linkedServices\[1\]\.type should be a non-empty string/,
      ],
      [withField('mounts', { hostDir: '/a', targetDir: '/b' }), /mounts should be a list/],
      [withField('hasWorkspace', 'yes'), /hasWorkspace should be true or false/],
      [withField('processes', [{ type: 'web', count: -1 }]), /processes\[0\]\.count should be a whole number/],
      [withField('environmentVariables', [{ name: 'A', readonly: 'no' }]), /environmentVariables\[0\]\.readonly should be true or false/],
    ];
    for (const [text, message] of cases) {
      const err = parseError(text);
      assert.equal(err.code, 'invalid-input', text);
      assert.match(err.message, /^\.de-migrate\/de4-app\.json is not valid: /, text);
      assert.match(err.message, message, text);
      assert.match(err.hint ?? '', /DE4 Apps view/);
    }
  });

  it('refuses a file from a newer schema, saying so rather than misreading it', () => {
    const err = parseError(withField('schemaVersion', DE4_METADATA_SCHEMA_VERSION + 1));
    assert.equal(err.code, 'invalid-input');
    assert.match(err.message, /written by a newer version of de-migrate \(schema 2\)/);
    assert.match(err.hint ?? '', /Update the extension/);
  });
});
