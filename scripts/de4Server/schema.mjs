// The documented subset of the DE4 App Manager GraphQL schema (reference §1.3–1.5), as SDL for
// graphql-js. Read-only: there is no Mutation type, so any mutation fails validation with a standard
// GraphQL error. Two spots the reference says real servers disagree on are chosen per server instance:
// the casing of ServiceType values (REDIS vs redis) and whether `status.running` is a Boolean or an Int.
// Types the reference does not give (resource sizes, analytics figures) are Strings: an assumption.
import { buildSchema } from 'graphql';

/**
 * @param {{ serviceTypeCase?: 'upper' | 'lower', runningAs?: 'bool' | 'int' }} [variant]
 * @returns {string} the SDL
 */
export function schemaSdl({ serviceTypeCase = 'upper', runningAs = 'bool' } = {}) {
  const serviceTypes = serviceTypeCase === 'upper' ? 'REDIS\n  POSTGRES' : 'redis\n  postgres';
  const running = runningAs === 'int' ? 'Int' : 'Boolean';
  return `
type Query {
  current: CurrentUser
  apps(page: Int, name: String, allApps: Boolean): AppsPage
  appsCount: [AppsCount]
  services: [Service]
  sshKeys: SshKeys
}

type CurrentUser {
  username: String
  isAdmin: Boolean
}

type AppsPage {
  apps: [App]
  nextPage: Int
}

"Values as seen on the wire; the UI calls them Restricted, Authenticated, Unauthenticated."
enum PermissionLevels {
  restricted
  authenticated
  unauthenticated
}

enum ServiceType {
  ${serviceTypes}
}

type App {
  name: String
  owner: Owner
  urlOnServer: String
  thumbnailUrl: String
  logs: Logs
  collaborators: Collaborators
  metadata: AppMetadata
  hasWorkspace: Boolean
  mounts: [Mount]
  processes: [Process]
  analytics: Analytics
  environmentVariables: [EnvironmentVariable]
  linkedServices: [Service]
  status: AppStatus
  resources: [Resource]
}

type Owner {
  username: String
}

type Logs {
  app: String
  failed: String
}

type Collaborators {
  users: [String]
  teams: [String]
}

type AppMetadata {
  title: String
  description: String
  "Comma-separated, as updateApp writes them."
  tags: String
  permissionLevel: PermissionLevels
  showInPortal: Boolean
  sortRank: Int
  contact: Contact
}

type Contact {
  name: String
  email: String
}

type Mount {
  hostDir: String
  targetDir: String
  status: String
}

type Process {
  type: String
  number: Int
  status: String
}

type Analytics {
  timestamps: Timestamps
  gitRevision: GitRevision
  resources: AnalyticsResources
  dependencies: Dependencies
  appname: String
}

"ISO-8601 without zone, with microseconds; updated may be null."
type Timestamps {
  created: String
  updated: String
  visited: String
  error: String
}

type GitRevision {
  sha1: String
  subject: String
  error: String
}

type AnalyticsResources {
  cpuUsage: String
  containersRunning: Int
  memoryUsage: String
  memoryCapacity: String
  imageSize: String
  diskCapacity: String
  containerSize: String
  error: String
}

type Dependencies {
  "Installed packages, one name==version per line."
  python: String
  error: String
}

type EnvironmentVariable {
  name: String
  value: String
  status: String
  readonly: Boolean
}

type Service {
  name: String
  serviceType: ServiceType
  created: String
  status: String
}

type AppStatus {
  running: ${running}
  deploying: Boolean
  canScale: Boolean
}

type Resource {
  type: String
  status: String
  request: ResourceAmount
  limit: ResourceAmount
}

type ResourceAmount {
  cpu: String
  gpu: String
  memory: String
}

type AppsCount {
  username: String
  count: Int
  user: AppsCountUser
}

type AppsCountUser {
  username: String
  isDashCreator: Boolean
}

type SshKeys {
  "Public keys, one per line."
  keys: String
}
`;
}

/** The executable schema for one server variant. */
export function buildDe4Schema(variant) {
  return buildSchema(schemaSdl(variant));
}
