import type { De4AppDetail, De4AppSummary, De4Current, De4EnvironmentVariable, De4LinkedService, De4Mount, De4Process } from './de4Types';
import {
  mapList,
  optionalBoolean,
  optionalFlag,
  optionalInteger,
  optionalNumber,
  optionalObject,
  optionalString,
  requireName,
  requireObject,
  stringList,
  type JsonObject,
} from './validate';

/**
 * The DE4 queries this extension sends and the readers that validate their answers (reference
 * §1.3–1.7). Only the fields that are needed are asked for: the docs warn some fields are slow. The
 * detail query also pages, since the `name` filter may match more apps than fit on one page.
 */

export const CURRENT_QUERY = 'query Current { current { username isAdmin } }';

export const LIST_QUERY =
  'query ListApps($page: Int, $all: Boolean) { apps(page: $page, allApps: $all) ' +
  '{ apps { name owner { username } urlOnServer status { running } } nextPage } }';

export const DETAIL_QUERY =
  'query AppDetail($name: String, $all: Boolean, $page: Int) { apps(name: $name, allApps: $all, page: $page) { apps { ' +
  'name owner { username } urlOnServer ' +
  'collaborators { users teams } ' +
  'metadata { title description tags permissionLevel showInPortal sortRank contact { name email } } ' +
  'hasWorkspace ' +
  'mounts { hostDir targetDir status } ' +
  'processes { type number status } ' +
  'analytics { timestamps { created updated } gitRevision { sha1 subject } dependencies { python } } ' +
  'environmentVariables { name value status readonly } ' +
  'linkedServices { name serviceType created status } ' +
  'status { running deploying canScale } ' +
  '} nextPage } }';

export function readCurrent(data: JsonObject): De4Current {
  const current = requireObject(data['current'], 'data.current');
  return {
    username: requireName(current['username'], 'data.current.username'),
    isAdmin: optionalBoolean(current['isAdmin'], 'data.current.isAdmin') ?? false,
  };
}

export interface RawAppsPage {
  /** The app objects, each with the path it was read from (for messages). */
  readonly apps: readonly { readonly item: JsonObject; readonly path: string }[];
  readonly nextPage: number | undefined;
}

/** `data.apps`: the page's apps (absent entries dropped) and `nextPage`. */
export function readAppsPage(data: JsonObject): RawAppsPage {
  const page = optionalObject(data['apps'], 'data.apps');
  return {
    apps: mapList(page['apps'], 'data.apps.apps', (item, path) => ({ item, path })),
    nextPage: optionalInteger(page['nextPage'], 'data.apps.nextPage'),
  };
}

function ownerOf(app: JsonObject, path: string): string | undefined {
  return optionalString(optionalObject(app['owner'], `${path}.owner`)['username'], `${path}.owner.username`);
}

export function readAppSummary(app: JsonObject, path: string): De4AppSummary {
  return {
    name: requireName(app['name'], `${path}.name`),
    owner: ownerOf(app, path),
    urlOnServer: optionalString(app['urlOnServer'], `${path}.urlOnServer`),
    running: optionalFlag(optionalObject(app['status'], `${path}.status`)['running'], `${path}.status.running`),
  };
}

/** DE4 stores tags as one comma-separated string; a list is accepted too. */
function readTags(value: unknown, path: string): readonly string[] {
  const parts = typeof value === 'string' ? value.split(',') : stringList(value, path);
  return parts.map((t) => t.trim()).filter((t) => t !== '');
}

function readMount(m: JsonObject, path: string): De4Mount {
  return {
    hostDir: requireName(m['hostDir'], `${path}.hostDir`),
    targetDir: requireName(m['targetDir'], `${path}.targetDir`),
    status: optionalString(m['status'], `${path}.status`),
  };
}

function readProcess(p: JsonObject, path: string): De4Process {
  return {
    type: requireName(p['type'], `${path}.type`),
    number: optionalInteger(p['number'], `${path}.number`),
    status: optionalString(p['status'], `${path}.status`),
  };
}

function readEnvVar(v: JsonObject, path: string): De4EnvironmentVariable {
  return {
    name: requireName(v['name'], `${path}.name`),
    value: optionalString(v['value'], `${path}.value`),
    status: optionalString(v['status'], `${path}.status`),
    readonly: optionalBoolean(v['readonly'], `${path}.readonly`) ?? false,
  };
}

function readLinkedService(s: JsonObject, path: string): De4LinkedService {
  return {
    name: requireName(s['name'], `${path}.name`),
    // The enum's casing differs between DE4 versions (REDIS vs redis): compare in lowercase.
    serviceType: requireName(s['serviceType'], `${path}.serviceType`).toLowerCase(),
    created: optionalString(s['created'], `${path}.created`),
    status: optionalString(s['status'], `${path}.status`),
  };
}

export function readAppDetail(app: JsonObject, path: string): De4AppDetail {
  const collaborators = optionalObject(app['collaborators'], `${path}.collaborators`);
  const metadata = optionalObject(app['metadata'], `${path}.metadata`);
  const contact = optionalObject(metadata['contact'], `${path}.metadata.contact`);
  const analytics = optionalObject(app['analytics'], `${path}.analytics`);
  const timestamps = optionalObject(analytics['timestamps'], `${path}.analytics.timestamps`);
  const gitRevision = optionalObject(analytics['gitRevision'], `${path}.analytics.gitRevision`);
  const dependencies = optionalObject(analytics['dependencies'], `${path}.analytics.dependencies`);
  const status = optionalObject(app['status'], `${path}.status`);
  return {
    name: requireName(app['name'], `${path}.name`),
    owner: ownerOf(app, path),
    urlOnServer: optionalString(app['urlOnServer'], `${path}.urlOnServer`),
    collaborators: {
      users: stringList(collaborators['users'], `${path}.collaborators.users`),
      teams: stringList(collaborators['teams'], `${path}.collaborators.teams`),
    },
    metadata: {
      title: optionalString(metadata['title'], `${path}.metadata.title`),
      description: optionalString(metadata['description'], `${path}.metadata.description`),
      tags: readTags(metadata['tags'], `${path}.metadata.tags`),
      permissionLevel: optionalString(metadata['permissionLevel'], `${path}.metadata.permissionLevel`)?.toLowerCase(),
      showInPortal: optionalBoolean(metadata['showInPortal'], `${path}.metadata.showInPortal`),
      sortRank: optionalNumber(metadata['sortRank'], `${path}.metadata.sortRank`),
      contact: {
        name: optionalString(contact['name'], `${path}.metadata.contact.name`),
        email: optionalString(contact['email'], `${path}.metadata.contact.email`),
      },
    },
    hasWorkspace: optionalBoolean(app['hasWorkspace'], `${path}.hasWorkspace`),
    mounts: mapList(app['mounts'], `${path}.mounts`, readMount),
    processes: mapList(app['processes'], `${path}.processes`, readProcess),
    analytics: {
      timestamps: {
        created: optionalString(timestamps['created'], `${path}.analytics.timestamps.created`),
        updated: optionalString(timestamps['updated'], `${path}.analytics.timestamps.updated`),
      },
      gitRevision: {
        sha1: optionalString(gitRevision['sha1'], `${path}.analytics.gitRevision.sha1`),
        subject: optionalString(gitRevision['subject'], `${path}.analytics.gitRevision.subject`),
      },
      dependencies: {
        python: optionalString(dependencies['python'], `${path}.analytics.dependencies.python`),
      },
    },
    environmentVariables: mapList(app['environmentVariables'], `${path}.environmentVariables`, readEnvVar),
    linkedServices: mapList(app['linkedServices'], `${path}.linkedServices`, readLinkedService),
    status: {
      running: optionalFlag(status['running'], `${path}.status.running`),
      deploying: optionalFlag(status['deploying'], `${path}.status.deploying`),
      canScale: optionalFlag(status['canScale'], `${path}.status.canScale`),
    },
  };
}
