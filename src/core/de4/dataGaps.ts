import type { De4AppMetadataFile } from './appMetadata';
import type { De4MetadataAnchor } from './metadataFile';

/**
 * What no migration script moves for an app (reference §1.10, seeds: "Postgres and Redis data is not
 * migrated", mapped-directory data, workspaces), with the concrete steps to move it by hand.
 * Steps are Markdown-ish text; commands are in backticks with the app, service and host filled in.
 * A step whose DE5 side is not documented by Plotly says so in its text.
 */
export interface DataGap {
  /** `service`: a linked service that is neither Redis nor Postgres. */
  readonly kind: 'redis' | 'postgres' | 'service' | 'mount' | 'workspace';
  /** E.g. "The data in Redis service sales-dash-redis is not migrated". */
  readonly title: string;
  readonly detail: string;
  readonly steps: readonly string[];
  /** One sentence naming the gap and its first step (the `data-not-migrated` message). */
  readonly summary: string;
  readonly anchor: De4MetadataAnchor;
}

export interface DataGapOptions {
  /** DE4 host for Dokku SSH commands; defaults to the host of `source.server`. */
  readonly sshHost?: string;
  /** Defaults to 3022, DE4's git/Dokku SSH port. */
  readonly sshPort?: number;
  /** Defaults to `dokku`. */
  readonly sshUser?: string;
}

const DE4_SSH_PORT = 3022;

/** A word the shell reads as itself; anything else is single-quoted. */
function sh(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A local file name built from a name that may hold anything. */
function fileName(base: string, ext: string): string {
  const safe = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.-]+/, '');
  return `${safe || 'data'}${ext}`;
}

/** The host of the server URL (IPv6 without brackets, as ssh wants it). */
function hostOf(server: string): string {
  let host = '';
  try {
    host = new URL(server).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    // Not a URL (a hand-edited file): read it as a bare host name below.
  }
  return host || server.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[/:?#].*$/, '') || '<de4-host>';
}

interface Ctx {
  readonly app: string;
  /** `ssh -p 3022 dokku@host` */
  readonly ssh: string;
}

function dokkuExport(c: Ctx, plugin: 'redis' | 'postgres', service: string): { cmd: string; dump: string } {
  const dump = fileName(service, '.dump');
  return { cmd: `${c.ssh} ${plugin}:export ${sh(service)} > ${dump}`, dump };
}

function serviceGap(c: Ctx, s: { name: string; type: string }, index: number, sameType: number): DataGap {
  const anchor: De4MetadataAnchor = { section: 'linkedServices', index };
  const create = (type: string) =>
    `Create the app's ${type === 'redis' ? 'Redis' : 'Postgres'} service on DE5: \`de services create --app-name ${sh(c.app)} --type ${type}\` ` +
    `(check with \`de services exists -n ${sh(c.app)} -t ${type}\`).`;
  const merge =
    sameType > 1
      ? ` DE4 links ${sameType} ${s.type} services to this app; DE5 documents one service per type per app, so their data has to go into one.`
      : '';
  if (s.type === 'redis' || s.type === 'postgres' || s.type === 'postgresql') {
    const isRedis = s.type === 'redis';
    const label = isRedis ? 'Redis' : 'Postgres';
    const type = isRedis ? 'redis' : 'postgres';
    const { cmd, dump } = dokkuExport(c, type, s.name);
    const envVar = isRedis ? '`REDIS_URL`' : '`DATABASE_URL` (the DE4 name; DE5 does not document it)';
    const importStep = isRedis
      ? `Import \`${dump}\` into the DE5 Redis service. Not documented for DE5: it has no \`redis:import\`; the Dokku export is (per the Dokku plugin) a ` +
        `Redis RDB snapshot, so load it with a tool that replays RDB files against \`REDIS_URL\` (for example from the app's DE5 workspace, ` +
        `which shares the app's services), or rebuild the data from its source.`
      : `Import \`${dump}\` into the DE5 Postgres service. Not documented for DE5: the Dokku export is (per the Dokku plugin) a \`pg_dump\` archive, so from the app's ` +
        `DE5 workspace (which shares the app's services) run \`pg_restore --no-owner --no-acl --dbname "$DATABASE_URL" ${dump}\`.`;
    return {
      kind: type,
      title: `The data in ${label} service ${s.name} is not migrated`,
      detail:
        `Plotly's migration scripts recreate services but do not copy their data, and DE5 services belong to one app. ` +
        `On DE5 the app reads the service from ${envVar}.${merge}`,
      steps: [`Export the data on DE4: \`${cmd}\``, create(type), importStep],
      summary: `The data in ${label} service ${s.name} is not migrated: export it with \`${cmd}\` and import it into a new DE5 ${label} service.`,
      anchor,
    };
  }
  return {
    kind: 'service',
    title: `The data in ${s.type} service ${s.name} is not migrated`,
    detail: `DE5 documents managed Redis and Postgres services only; a DE4 \`${s.type}\` service has no DE5 counterpart.${merge}`,
    steps: [
      `Export the data on DE4, if the Dokku plugin supports it: \`${c.ssh} ${sh(`${s.type}:export`)} ${sh(s.name)} > ${fileName(s.name, '.dump')}\``,
      `Not documented for DE5: move the data to a store the DE5 app can reach, and give the app its address as an environment variable.`,
    ],
    summary: `The data in ${s.type} service ${s.name} is not migrated: DE5 documents no ${s.type} service, so export it with \`${c.ssh} ${sh(`${s.type}:export`)} ${sh(s.name)}\` and move it yourself.`,
    anchor,
  };
}

function mountGap(c: Ctx, m: { hostDir: string; targetDir: string }, index: number, count: number): DataGap {
  const archive = fileName(`${c.app}-${m.targetDir.replace(/^\/+|\/+$/g, '') || 'root'}`, '.tgz');
  const shared =
    count > 1
      ? ' The app has several mounts and one persistent filesystem: keep their files apart (e.g. in subfolders) and adjust the paths.'
      : '';
  const tar = `tar -czf ${archive} -C ${sh(m.hostDir)} .`;
  return {
    kind: 'mount',
    title: `The data in the mounted directory ${m.targetDir} is not migrated`,
    detail:
      `DE4 mapped the server folder \`${m.hostDir}\` to \`${m.targetDir}\` in the app. DE5 has no directory mappings: it has a per-app ` +
      `persistent filesystem (25 GB) at \`../mount\` relative to the app folder (\`~/mount\` in a workspace).${shared}`,
    steps: [
      `Archive the folder on the DE4 server (this needs a shell on the server, e.g. as its administrator; Dokku's SSH commands cannot read it): \`${tar}\``,
      `Enable the DE5 persistent filesystem: \`de apps update -n ${sh(c.app)} --persistent-filesystem\` (or App Manager → Persistent Filesystem).`,
      `Upload \`${archive}\` to the app's DE5 workspace and unpack it: \`tar -xzf ${archive} -C ~/mount\`. ` +
        `Not documented for DE5 beyond "save these files to your app's persistent filesystem": no bulk-copy command is documented.`,
      `Point the code at \`../mount\` instead of \`${m.targetDir}\` (the \`mapped-directory-path\` findings and fixes).`,
    ],
    summary: `The data in the mounted directory ${m.targetDir} (DE4 server folder ${m.hostDir}) is not migrated: archive it with \`${tar}\` and unpack it into the DE5 persistent filesystem (\`../mount\`).`,
    anchor: { section: 'mounts', index },
  };
}

function workspaceGap(c: Ctx, hasServices: boolean): DataGap {
  return {
    kind: 'workspace',
    title: `The DE4 workspace of ${c.app} is not migrated`,
    detail:
      "Workspaces are not migrated; DE5 can create a workspace from the app's latest commit. Files that exist only in the DE4 workspace " +
      '(uncommitted work, notebooks, scratch data) are lost.',
    steps: [
      `In the DE4 workspace, commit the work you want to keep to the app's repository, and download anything else (data, notebooks) that is not in git.`,
      `After deploying the app to DE5, create its workspace in the DE5 App Manager: it starts from the app's latest commit.`,
      ...(hasServices ? ['Restart the DE5 workspace after adding the services: they are shared with the workspace.'] : []),
    ],
    summary: `The DE4 workspace of ${c.app} is not migrated: commit or download what you need from it, then create a new workspace for the app on DE5.`,
    anchor: { section: 'hasWorkspace' },
  };
}

/**
 * One gap per linked service, one per mount and one for the workspace, in file order. Pure and
 * deterministic: the same metadata and options give the same text.
 */
export function dataGaps(meta: De4AppMetadataFile, opts: DataGapOptions = {}): DataGap[] {
  const host = opts.sshHost ?? hostOf(meta.source.server);
  const ctx: Ctx = {
    app: meta.source.app,
    ssh: `ssh -p ${opts.sshPort ?? DE4_SSH_PORT} ${sh(`${opts.sshUser ?? 'dokku'}@${host}`)}`,
  };
  const typeOf = (t: string) => (t === 'postgresql' ? 'postgres' : t);
  const out: DataGap[] = meta.linkedServices.map((s, i) =>
    serviceGap(ctx, s, i, meta.linkedServices.filter((o) => typeOf(o.type) === typeOf(s.type)).length),
  );
  out.push(...meta.mounts.map((m, i) => mountGap(ctx, m, i, meta.mounts.length)));
  if (meta.hasWorkspace === true) {
    out.push(workspaceGap(ctx, meta.linkedServices.length > 0));
  }
  return out;
}

/** The gaps as a Markdown list (CLI output, tree tooltips); empty text for no gaps. */
export function formatDataGaps(gaps: readonly DataGap[]): string {
  return gaps
    .map((g) => [`- **${g.title}.** ${g.detail}`, ...g.steps.map((s, i) => `  ${i + 1}. ${s}`)].join('\n'))
    .join('\n')
    .concat(gaps.length > 0 ? '\n' : '');
}
