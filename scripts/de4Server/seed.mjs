// Deterministic fixture data for the loopback DE4 API server: three users and 34 apps covering what
// the migration cares about (pip and conda apps, Redis/Postgres services, mounts, platform and user
// env vars, viewers, permission levels, a workspace, running and stopped apps, web/worker processes).
// Values are stored in one canonical form (serviceType lowercase, running boolean); the server turns
// them into the casing/type a quirk asks for. `manyApps(n)` makes large sets for the bench.
// A deployed app's `gitRevision.sha1` is the real sha of its deploy commit (scripts/de4Ssh), so the
// API names the commit the loopback SSH server serves.
import { createHash } from 'node:crypto';
import { deployedCommit } from '../de4Ssh/gitObjects.mjs';
import { DE4_HOST } from './constants.mjs';

export { DE4_HOST };

export const SEED_USERS = [
  {
    username: 'admin',
    apiKey: 'admin-key-123',
    isAdmin: true,
    isDashCreator: true,
    sshKeys: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAdmin admin@laptop',
  },
  {
    username: 'alice',
    apiKey: 'alice-key-123',
    isAdmin: false,
    isDashCreator: true,
    sshKeys: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlice alice@laptop\nssh-rsa AAAAB3NzaC1yc2EAAAADAQABAlice alice@ci',
  },
  { username: 'bob', apiKey: 'bob-key-123', isAdmin: false, isDashCreator: true, sshKeys: '' },
];

const PIP_DEPS = [
  'dash==1.19.0',
  'dash-core-components==1.15.0',
  'dash-html-components==1.1.2',
  'Flask==1.1.2',
  'gunicorn==20.0.4',
  'pandas==1.2.3',
  'plotly==4.14.3',
];
const CONDA_DEPS = [
  'dash==1.21.0',
  'numpy==1.21.2',
  'scipy==1.7.1',
  'pandas==1.3.3',
  'xarray==0.19.0',
  'netCDF4==1.5.7',
  'gunicorn==20.1.0',
];

/** ISO-8601 without zone, with microseconds (the reference's format), `day` days after 2021-01-04. */
export function timestamp(day, micro = 1) {
  const d = new Date(Date.UTC(2021, 0, 4 + day, 9 + (day % 8), (day * 7) % 60, (day * 13) % 60));
  return `${d.toISOString().slice(0, 19)}.${String(micro).padStart(6, '0')}`;
}

function sha1(text) {
  return createHash('sha1').update(text).digest('hex');
}

function platformEnv(name, extra = []) {
  return [
    { name: 'DASH_APP_NAME', value: name, status: 'set', readonly: true },
    { name: 'DASH_SECRET_KEY', value: sha1(`secret:${name}`).slice(0, 32), status: 'set', readonly: true },
    { name: 'DASH_DOMAIN_BASE', value: DE4_HOST, status: 'set', readonly: true },
    ...extra,
  ];
}

function service(app, type, day) {
  return { name: `${app}-${type}`, serviceType: type, created: timestamp(day, 424242), status: 'running' };
}

/**
 * One app with every documented field set; `o` overrides top-level fields. `day` spreads timestamps.
 * Unless the result has no deploy (`gitRevision.sha1` null or an error), its `gitRevision` is set to
 * the deploy commit of the final record (deployedCommit), whatever `o` gave.
 * @returns {object} the app in canonical form
 */
export function makeApp(name, owner, day, o = {}) {
  const running = o.running ?? true;
  const deps = o.deps ?? PIP_DEPS;
  const app = {
    name,
    owner: { username: owner },
    urlOnServer: `https://${DE4_HOST}/${name}`,
    thumbnailUrl: null,
    logs: { app: `${timestamp(day)} [INFO] Booting worker with pid: ${1000 + day}\n`, failed: '' },
    collaborators: { users: [], teams: [] },
    metadata: {
      title: null,
      description: null,
      tags: null,
      permissionLevel: 'restricted',
      showInPortal: false,
      sortRank: null,
      contact: { name: null, email: null },
    },
    hasWorkspace: false,
    mounts: [],
    processes: [{ type: 'web', number: running ? 1 : 0, status: running ? 'running' : 'stopped' }],
    analytics: {
      timestamps: { created: timestamp(day), updated: timestamp(day + 30, 601909), visited: timestamp(day + 60, 33), error: null },
      // Replaced by the deploy commit's sha below, once the record is final.
      gitRevision: { sha1: sha1(`rev:${name}`), subject: `Deploy ${name}`, error: null },
      resources: {
        cpuUsage: running ? '0.4%' : '0%',
        containersRunning: running ? 1 : 0,
        memoryUsage: running ? '180 MiB' : '0 B',
        memoryCapacity: '2 GiB',
        imageSize: '1.1 GB',
        diskCapacity: '50 GB',
        containerSize: '12 MB',
        error: null,
      },
      dependencies: { python: deps.join('\n'), error: null },
      appname: name,
    },
    environmentVariables: platformEnv(name),
    linkedServices: [],
    status: { running, deploying: false, canScale: true },
    resources: [
      { type: 'web', status: 'ok', request: { cpu: '250m', gpu: null, memory: '512Mi' }, limit: { cpu: '1', gpu: null, memory: '1Gi' } },
    ],
  };
  const rest = { ...o };
  delete rest.deps;
  delete rest.running;
  const result = { ...app, ...rest };
  const commit = deployedCommit(result);
  if (commit !== null) {
    result.analytics = { ...result.analytics, gitRevision: { sha1: commit.sha, subject: `Deploy ${name}`, error: null } };
  }
  return result;
}

function featuredApps() {
  return [
    makeApp('sales-dash', 'alice', 1, {
      collaborators: { users: ['bob'], teams: ['analysts'] },
      metadata: {
        title: 'Sales dashboard',
        description: 'Weekly sales by region',
        tags: 'sales,weekly',
        permissionLevel: 'restricted',
        showInPortal: true,
        sortRank: 1,
        contact: { name: 'Alice Example', email: 'alice@example.com' },
      },
      hasWorkspace: true,
      mounts: [{ hostDir: '/srv/app-data', targetDir: '/data', status: 'mounted' }],
      processes: [
        { type: 'web', number: 2, status: 'running' },
        { type: 'worker', number: 1, status: 'running' },
      ],
      environmentVariables: platformEnv('sales-dash', [
        { name: 'DASH_ENTERPRISE_ENV', value: 'WORKSPACE', status: 'set', readonly: true },
        { name: 'REDIS_URL', value: 'redis://sales-dash-redis:6379', status: 'set', readonly: true },
        { name: 'API_TOKEN', value: 'tok-sales-0001', status: 'set', readonly: false },
        { name: 'LOG_LEVEL', value: 'info', status: 'set', readonly: false },
      ]),
      linkedServices: [service('sales-dash', 'redis', 1)],
    }),
    makeApp('inventory-pg', 'bob', 2, {
      metadata: {
        title: 'Inventory',
        description: null,
        tags: null,
        permissionLevel: 'unauthenticated',
        showInPortal: true,
        sortRank: 2,
        contact: { name: null, email: null },
      },
      environmentVariables: platformEnv('inventory-pg', [
        { name: 'DATABASE_URL', value: 'postgres://inventory-pg-postgres:5432/db', status: 'set', readonly: true },
        // A user variable that a prefix test on DATABASE_URL would wrongly drop (reference §1.8).
        { name: 'DATABASE_URL_REPORTING', value: 'postgres://reporting.example.com/r', status: 'set', readonly: false },
      ]),
      linkedServices: [service('inventory-pg', 'postgres', 2)],
    }),
    makeApp('climate-conda', 'alice', 3, {
      running: false,
      deps: CONDA_DEPS,
      metadata: {
        title: 'Climate explorer',
        description: 'Conda app',
        tags: 'conda',
        permissionLevel: 'authenticated',
        showInPortal: false,
        sortRank: null,
        contact: { name: null, email: null },
      },
      mounts: [{ hostDir: '/srv/app-data', targetDir: '/data', status: 'mounted' }],
      environmentVariables: platformEnv('climate-conda', [{ name: 'NETCDF_PATH', value: '/data/netcdf', status: 'set', readonly: false }]),
    }),
    makeApp('ml-forecast', 'admin', 4, {
      deps: CONDA_DEPS,
      collaborators: { users: ['alice', 'bob'], teams: ['data-science', 'ops'] },
      mounts: [
        { hostDir: '/srv/app-data', targetDir: '/data', status: 'mounted' },
        { hostDir: '/srv/models', targetDir: '/models', status: 'mounted' },
      ],
      processes: [
        { type: 'web', number: 1, status: 'running' },
        { type: 'worker', number: 2, status: 'running' },
      ],
      environmentVariables: platformEnv('ml-forecast', [
        { name: 'REDIS_URL', value: 'redis://ml-forecast-redis:6379', status: 'set', readonly: true },
        { name: 'DATABASE_URL', value: 'postgres://ml-forecast-postgres:5432/db', status: 'set', readonly: true },
        { name: 'MODEL_BUCKET', value: 's3://models-example', status: 'set', readonly: false },
      ]),
      linkedServices: [service('ml-forecast', 'redis', 4), service('ml-forecast', 'postgres', 4)],
    }),
    // Its name contains another app's name, so a `name:` query returns two apps (reference §1.3).
    makeApp('sales-dash-v2', 'bob', 5, { collaborators: { users: ['alice'], teams: [] } }),
    makeApp('hr-portal', 'admin', 6, {
      running: false,
      metadata: {
        title: 'HR portal',
        description: 'Internal',
        tags: 'hr',
        permissionLevel: 'authenticated',
        showInPortal: true,
        sortRank: 3,
        contact: { name: 'HR', email: 'hr@example.com' },
      },
      analytics: {
        ...makeApp('hr-portal', 'admin', 6).analytics,
        timestamps: { created: timestamp(6), updated: null, visited: null, error: null },
        gitRevision: { sha1: null, subject: null, error: 'no deploy yet' },
      },
    }),
  ];
}

/** Plain apps to fill pages: owners rotate, every third stopped, every fourth conda, every fifth unauthenticated. */
function fillerApps(count) {
  const owners = ['alice', 'bob', 'admin'];
  return Array.from({ length: count }, (_, i) => {
    const name = `report-${String(i + 1).padStart(2, '0')}`;
    return makeApp(name, owners[i % 3], 10 + i, {
      running: i % 3 !== 2,
      deps: i % 4 === 3 ? CONDA_DEPS : PIP_DEPS,
      metadata: { ...makeApp(name, 'x', 0).metadata, permissionLevel: i % 5 === 4 ? 'unauthenticated' : 'restricted' },
    });
  });
}

/** The 34 seeded apps (4 pages of 10). A fresh copy on every call. */
export function seedApps() {
  return [...featuredApps(), ...fillerApps(28)];
}

/** `n` small apps named bench-app-00001… for the listing bench; owners rotate over the seed users. */
export function manyApps(n) {
  const owners = ['admin', 'alice', 'bob'];
  const width = Math.max(5, String(n).length);
  return Array.from({ length: n }, (_, i) => makeApp(`bench-app-${String(i + 1).padStart(width, '0')}`, owners[i % 3], i % 365));
}
