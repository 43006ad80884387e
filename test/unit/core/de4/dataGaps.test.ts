import * as assert from 'node:assert/strict';
import { parseDe4Metadata, serializeDe4Metadata, type De4AppMetadataFile } from '../../../../src/core/de4/appMetadata';
import { dataGaps, formatDataGaps } from '../../../../src/core/de4/dataGaps';
import { de4Metadata } from '../../../support/de4AppBuilder';

function metaWith(overrides: Record<string, unknown>): De4AppMetadataFile {
  return de4Metadata(overrides);
}

describe('dataGaps', () => {
  it('lists one gap per linked service, per mount and for the workspace, in file order', () => {
    const gaps = dataGaps(
      metaWith({
        linkedServices: [
          { name: 'sales-dash-redis', serviceType: 'REDIS' },
          { name: 'sales-db', serviceType: 'postgres' },
        ],
        mounts: [{ hostDir: '/srv/app-data', targetDir: '/data' }],
        hasWorkspace: true,
      }),
    );
    assert.deepEqual(
      gaps.map((g) => [g.kind, g.anchor]),
      [
        ['redis', { section: 'linkedServices', index: 0 }],
        ['postgres', { section: 'linkedServices', index: 1 }],
        ['mount', { section: 'mounts', index: 0 }],
        ['workspace', { section: 'hasWorkspace' }],
      ],
    );
    assert.deepEqual(dataGaps(metaWith({ linkedServices: [], mounts: [], hasWorkspace: false })), []);
    assert.deepEqual(dataGaps(metaWith({ linkedServices: [], mounts: [], hasWorkspace: null })), []);
  });

  it('gives Redis the Dokku export on port 3022, the DE5 service, and an import marked as undocumented', () => {
    const [g] = dataGaps(metaWith({}));
    assert.equal(g?.title, 'The data in Redis service sales-dash-redis is not migrated');
    assert.deepEqual(g?.steps.slice(0, 2), [
      'Export the data on DE4: `ssh -p 3022 dokku@de4.example.com redis:export sales-dash-redis > sales-dash-redis.dump`',
      "Create the app's Redis service on DE5: `de services create --app-name sales-dash --type redis` " +
        '(check with `de services exists -n sales-dash -t redis`).',
    ]);
    assert.match(g?.steps[2] ?? '', /^Import `sales-dash-redis\.dump` into the DE5 Redis service\. Not documented for DE5/);
    assert.match(g?.detail ?? '', /`REDIS_URL`/);
    assert.equal(
      g?.summary,
      'The data in Redis service sales-dash-redis is not migrated: export it with ' +
        '`ssh -p 3022 dokku@de4.example.com redis:export sales-dash-redis > sales-dash-redis.dump` and import it into a new DE5 Redis service.',
    );
  });

  it('gives Postgres postgres:export, the DE5 service and a pg_restore against DATABASE_URL, marked as undocumented', () => {
    const [g] = dataGaps(metaWith({ linkedServices: [{ name: 'sales-db', serviceType: 'POSTGRES' }] }), {
      sshHost: 'de4-internal',
      sshPort: 2222,
      sshUser: 'admin',
    });
    assert.equal(g?.kind, 'postgres');
    assert.equal(g?.steps[0], 'Export the data on DE4: `ssh -p 2222 admin@de4-internal postgres:export sales-db > sales-db.dump`');
    assert.match(g?.steps[1] ?? '', /`de services create --app-name sales-dash --type postgres`/);
    assert.match(g?.steps[2] ?? '', /Not documented for DE5/);
    assert.match(g?.steps[2] ?? '', /`pg_restore --no-owner --no-acl --dbname "\$DATABASE_URL" sales-db\.dump`/);
    assert.match(g?.detail ?? '', /`DATABASE_URL` \(the DE4 name; DE5 does not document it\)/);
  });

  it('says when several services of one type must become one DE5 service', () => {
    const gaps = dataGaps(
      metaWith({
        linkedServices: [
          { name: 'cache', serviceType: 'redis' },
          { name: 'queue', serviceType: 'redis' },
          { name: 'db', serviceType: 'postgres' },
        ],
      }),
    );
    assert.match(gaps[0]?.detail ?? '', /links 2 redis services to this app; DE5 documents one service per type per app/);
    assert.match(gaps[1]?.detail ?? '', /links 2 redis services/);
    assert.doesNotMatch(gaps[2]?.detail ?? '', /per type per app/);
  });

  it('gives other service types a generic gap without an invented DE5 service', () => {
    const [g] = dataGaps(metaWith({ linkedServices: [{ name: 'search', serviceType: 'elasticsearch' }] }));
    assert.equal(g?.kind, 'service');
    assert.equal(g?.title, 'The data in elasticsearch service search is not migrated');
    assert.match(g?.steps[0] ?? '', /`ssh -p 3022 dokku@de4\.example\.com elasticsearch:export search > search\.dump`/);
    assert.match(g?.steps[1] ?? '', /^Not documented for DE5/);
    assert.doesNotMatch(g?.steps.join('\n') ?? '', /de services create/);
  });

  it('moves a mount through an archive into ../mount after enabling the persistent filesystem', () => {
    const [g] = dataGaps(
      metaWith({ linkedServices: [], hasWorkspace: false, mounts: [{ hostDir: '/srv/app data', targetDir: '/data/' }] }),
    );
    assert.equal(g?.title, 'The data in the mounted directory /data/ is not migrated');
    assert.match(g?.detail ?? '', /`\/srv\/app data` to `\/data\/`.*persistent filesystem \(25 GB\) at `\.\.\/mount`/);
    assert.deepEqual(g?.steps.slice(0, 2), [
      "Archive the folder on the DE4 server (this needs a shell on the server, e.g. as its administrator; Dokku's SSH commands cannot read it): " +
        "`tar -czf sales-dash-data.tgz -C '/srv/app data' .`",
      'Enable the DE5 persistent filesystem: `de apps update -n sales-dash --persistent-filesystem` (or App Manager → Persistent Filesystem).',
    ]);
    assert.match(g?.steps[2] ?? '', /`tar -xzf sales-dash-data\.tgz -C ~\/mount`\. Not documented for DE5/);
    assert.match(g?.steps[3] ?? '', /mapped-directory-path/);
    const two = dataGaps(
      metaWith({
        linkedServices: [],
        mounts: [
          { hostDir: '/a', targetDir: '/x' },
          { hostDir: '/b', targetDir: '/y/z' },
        ],
      }),
    );
    assert.match(two[0]?.detail ?? '', /several mounts and one persistent filesystem/);
    assert.match(two[1]?.steps[0] ?? '', /tar -czf sales-dash-y_z\.tgz -C \/b \./);
  });

  it('names the workspace and mentions restarting it only when there are services', () => {
    const withServices = dataGaps(metaWith({ mounts: [] })).find((g) => g.kind === 'workspace');
    assert.equal(withServices?.title, 'The DE4 workspace of sales-dash is not migrated');
    assert.match(withServices?.detail ?? '', /latest commit/);
    assert.match(withServices?.steps.at(-1) ?? '', /Restart the DE5 workspace/);
    const alone = dataGaps(metaWith({ mounts: [], linkedServices: [] }));
    assert.equal(alone.length, 1);
    assert.doesNotMatch(alone[0]?.steps.join('\n') ?? '', /Restart/);
  });

  it('quotes names the shell would split and keeps dump file names safe', () => {
    const meta = parseDe4Metadata(
      serializeDe4Metadata(metaWith({ name: "bob's app", linkedServices: [{ name: 'a b;rm', serviceType: 'redis' }], mounts: [] })),
    );
    const [g] = dataGaps(meta);
    assert.equal(g?.steps[0], "Export the data on DE4: `ssh -p 3022 dokku@de4.example.com redis:export 'a b;rm' > a_b_rm.dump`");
    assert.match(g?.steps[1] ?? '', /--app-name 'bob'\\''s app' --type redis/);
  });

  it('takes the host from the server URL, whatever its form', () => {
    const host = (server: string) => dataGaps({ ...metaWith({ mounts: [] }), source: { server, app: 'a' } })[0]?.steps[0];
    assert.match(host('https://de4.example.com:8443/base/') ?? '', /dokku@de4\.example\.com redis/);
    assert.match(host('de4.example.com') ?? '', /dokku@de4\.example\.com redis/);
    assert.match(host('de4.example.com:443') ?? '', /dokku@de4\.example\.com redis/);
    assert.match(host('http://[::1]:9000') ?? '', /dokku@::1 redis/);
  });

  it('is deterministic and renders as a Markdown list', () => {
    const meta = metaWith({});
    assert.deepEqual(dataGaps(meta), dataGaps(meta));
    const text = formatDataGaps(dataGaps(meta));
    const lines = text.split('\n');
    assert.equal(lines[0]?.startsWith('- **The data in Redis service sales-dash-redis is not migrated.** Plotly'), true);
    assert.equal(
      lines[1],
      '  1. Export the data on DE4: `ssh -p 3022 dokku@de4.example.com redis:export sales-dash-redis > sales-dash-redis.dump`',
    );
    assert.equal(lines.filter((l) => l.startsWith('- **')).length, 3);
    assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'));
    assert.equal(formatDataGaps([]), '');
  });
});
