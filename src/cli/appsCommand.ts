import { De4Client } from '../core/api/de4Client';
import type { De4AppSummary } from '../core/api/de4Types';
import type { HttpClient, Logger } from '../core/ports';
import { UsageError, type AppsArgs } from './args';

/** What `de-migrate apps` touches the world with; tests pass a loopback server's client. */
export interface AppsPorts {
  readonly http: HttpClient;
  /** Where DE4_API_KEY is read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: Logger;
  readonly signal?: AbortSignal;
}

export const API_KEY_VARIABLE = 'DE4_API_KEY';

/** The JSON output; `version` changes only when a field changes meaning or goes away. */
export interface AppsJson {
  readonly version: 1;
  readonly server: string;
  readonly user: string;
  /** Whether every app on the server was listed (an admin key with --all). */
  readonly all: boolean;
  readonly apps: readonly {
    readonly name: string;
    readonly owner: string | null;
    readonly urlOnServer: string | null;
    readonly running: boolean | null;
  }[];
}

/** Lists a DE4 server's apps; 0 when listed. Failures throw (the CLI maps them to exit code 2). */
export async function runApps(args: AppsArgs, stdout: (text: string) => void, ports: AppsPorts): Promise<number> {
  const apiKey = ports.env[API_KEY_VARIABLE]?.trim();
  if (apiKey === undefined || apiKey === '') {
    throw new UsageError(`Set the DE4 API key in the ${API_KEY_VARIABLE} environment variable (DE4: username menu → Manage API Key).`);
  }
  const { log, signal } = ports;
  const client = new De4Client({
    baseUrl: args.de4,
    http: ports.http,
    getAuth: () => Promise.resolve({ username: args.user, apiKey }),
    log,
  });
  // Checks the key first (one cheap query) and whether --all can be honoured.
  const current = await client.current(signal);
  let all = args.all;
  if (all && !current.isAdmin) {
    log.warn(`${current.username} is not a DE4 admin, so only their own apps are listed (--all needs an admin key).`);
    all = false;
  }
  const apps = await client.listApps({ all }, signal);
  if (args.format === 'json') {
    const out: AppsJson = {
      version: 1,
      server: client.baseUrl,
      user: current.username,
      all,
      apps: apps.map((a) => ({ name: a.name, owner: a.owner ?? null, urlOnServer: a.urlOnServer ?? null, running: a.running ?? null })),
    };
    stdout(JSON.stringify(out, null, 2) + '\n');
  } else {
    stdout(formatAppsTable(apps, client.baseUrl, all) + '\n');
  }
  return 0;
}

function runningText(running: boolean | undefined): string {
  return running === undefined ? 'unknown' : running ? 'yes' : 'no';
}

/** A plain table (name, owner, running) and a one-line summary. */
export function formatAppsTable(apps: readonly De4AppSummary[], server: string, all: boolean): string {
  const scope = all ? 'all apps' : 'own apps';
  if (apps.length === 0) {
    return `No apps on ${server} (${scope}).`;
  }
  const rows = [['NAME', 'OWNER', 'RUNNING'], ...apps.map((a) => [a.name, a.owner ?? '-', runningText(a.running)])];
  const widths = [0, 1].map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const lines = rows.map((r) => `${(r[0] ?? '').padEnd(widths[0] ?? 0)}  ${(r[1] ?? '').padEnd(widths[1] ?? 0)}  ${r[2] ?? ''}`);
  lines.push('', `${apps.length} ${apps.length === 1 ? 'app' : 'apps'} on ${server} (${scope}).`);
  return lines.join('\n');
}
