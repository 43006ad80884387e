import { readAppDetail } from '../../src/core/api/de4Payloads';
import type { De4AppDetail } from '../../src/core/api/de4Types';
import { buildDe4Metadata, type De4AppMetadataFile } from '../../src/core/de4/appMetadata';

/**
 * A DE4 App Manager `apps` detail payload (reference §1.4, §1.7) with every field filled in, as the
 * server sends it (`REDIS` casing, 1/0 flags, comma-separated tags). Overrides replace top-level fields.
 */
export function de4AppPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'sales-dash',
    owner: { username: 'alice' },
    urlOnServer: 'https://de4.example.com/sales-dash',
    collaborators: { users: ['bob'], teams: ['analysts'] },
    metadata: {
      title: 'Sales',
      description: null,
      tags: 'finance, weekly',
      permissionLevel: 'RESTRICTED',
      showInPortal: true,
      sortRank: null,
      contact: { name: 'Alice', email: 'alice@example.com' },
    },
    hasWorkspace: true,
    mounts: [{ hostDir: '/srv/app-data', targetDir: '/data', status: 'ok' }],
    processes: [
      { type: 'web', number: 1, status: '' },
      { type: 'worker', number: 2, status: '' },
    ],
    environmentVariables: [
      { name: 'API_TOKEN', value: 'secret-value', status: 'set', readonly: false },
      { name: 'DASH_APP_NAME', value: 'sales-dash', status: null, readonly: true },
      { name: 'REDIS_URL', value: 'redis://u:p@redis:6379', status: null, readonly: false },
    ],
    linkedServices: [{ name: 'sales-dash-redis', serviceType: 'REDIS', created: '2021-03-01T10:00:00.000000', status: 'running' }],
    analytics: {
      timestamps: { created: '2021-03-01T09:58:12.000001', updated: '2021-04-02T08:00:00.000000' },
      gitRevision: { sha1: 'abc123', subject: 'Fix chart' },
      dependencies: { python: 'dash==1.19.0\n' },
    },
    status: { running: 1, deploying: false, canScale: true },
    ...overrides,
  };
}

/** The payload read through the real payload reader, so the types are the client's own. */
export function de4AppDetail(overrides: Record<string, unknown> = {}): De4AppDetail {
  return readAppDetail(de4AppPayload(overrides), 'data.apps.apps[0]');
}

export const DE4_TEST_SERVER = 'https://de4.example.com';
export const DE4_TEST_SAVED_AT = new Date('2024-05-06T07:08:09.000Z');

/** `.de-migrate/de4-app.json` content for an app built from the payload above. */
export function de4Metadata(overrides: Record<string, unknown> = {}): De4AppMetadataFile {
  return buildDe4Metadata(DE4_TEST_SERVER, de4AppDetail(overrides), DE4_TEST_SAVED_AT);
}
