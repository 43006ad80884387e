/**
 * What the DE4 App Manager API returns, after runtime validation and normalisation (reference §1.4).
 * Every field the server may omit or null is `undefined` here; lists the server omits or nulls are
 * empty. So consumers never test for null and never see the server's casing quirks.
 */

/** The account the API key belongs to (`current`). */
export interface De4Current {
  readonly username: string;
  readonly isAdmin: boolean;
}

/** One row of the app listing: only the cheap fields (the docs warn that some fields are slow). */
export interface De4AppSummary {
  readonly name: string;
  /** The owner's username. */
  readonly owner: string | undefined;
  readonly urlOnServer: string | undefined;
  /** `status.running`; DE4 sends a boolean or 1/0 (reference §1.4). */
  readonly running: boolean | undefined;
}

export interface De4Collaborators {
  /** Viewer usernames of a Restricted app. */
  readonly users: readonly string[];
  /** Viewer groups (LDAP) of a Restricted app. */
  readonly teams: readonly string[];
}

export interface De4Contact {
  readonly name: string | undefined;
  readonly email: string | undefined;
}

export interface De4AppMetadata {
  readonly title: string | undefined;
  readonly description: string | undefined;
  /** Split from DE4's comma-separated string (or taken as is when the server sends a list). */
  readonly tags: readonly string[];
  /** Lowercase: `restricted`, `authenticated` or `unauthenticated`. */
  readonly permissionLevel: string | undefined;
  readonly showInPortal: boolean | undefined;
  readonly sortRank: number | undefined;
  readonly contact: De4Contact;
}

/** A DE4 directory mapping (host folder → container folder). */
export interface De4Mount {
  readonly hostDir: string;
  readonly targetDir: string;
  readonly status: string | undefined;
}

/** A process type and its scale (the DOKKU_SCALE equivalent). */
export interface De4Process {
  readonly type: string;
  readonly number: number | undefined;
  readonly status: string | undefined;
}

export interface De4Timestamps {
  /** ISO-8601 without a time zone, e.g. `2021-03-01T09:58:12.000001`. */
  readonly created: string | undefined;
  readonly updated: string | undefined;
}

export interface De4GitRevision {
  readonly sha1: string | undefined;
  readonly subject: string | undefined;
}

export interface De4Dependencies {
  /** Installed packages as `name==version` lines. */
  readonly python: string | undefined;
}

export interface De4Analytics {
  readonly timestamps: De4Timestamps;
  readonly gitRevision: De4GitRevision;
  readonly dependencies: De4Dependencies;
}

export interface De4EnvironmentVariable {
  readonly name: string;
  readonly value: string | undefined;
  readonly status: string | undefined;
  /** Platform-created variables are read-only; false when the server does not say. */
  readonly readonly: boolean;
}

export interface De4LinkedService {
  readonly name: string;
  /** Lowercase (`redis`, `postgres`): DE4 sends `REDIS` or `redis` depending on the version. */
  readonly serviceType: string;
  readonly created: string | undefined;
  readonly status: string | undefined;
}

export interface De4AppStatus {
  /** DE4 sends a boolean or 1/0 (reference §1.4). */
  readonly running: boolean | undefined;
  readonly deploying: boolean | undefined;
  readonly canScale: boolean | undefined;
}

/** Everything the migration needs to know about one app (reference §1.4, §1.7). */
export interface De4AppDetail {
  readonly name: string;
  /** The owner's username. */
  readonly owner: string | undefined;
  readonly urlOnServer: string | undefined;
  readonly collaborators: De4Collaborators;
  readonly metadata: De4AppMetadata;
  readonly hasWorkspace: boolean | undefined;
  readonly mounts: readonly De4Mount[];
  readonly processes: readonly De4Process[];
  readonly analytics: De4Analytics;
  readonly environmentVariables: readonly De4EnvironmentVariable[];
  readonly linkedServices: readonly De4LinkedService[];
  readonly status: De4AppStatus;
}
