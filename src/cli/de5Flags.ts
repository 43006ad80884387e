import { isBranchName, normaliseDe5Servers, type De5ServerConfig } from '../core/de5/serverConfig';
import { UsageError } from './args';

/** Flags people try for the API key: refused with the reason, not as "unknown". */
const KEY_FLAGS = ['--api-key', '--key', '--token'];

/** The DE5 side of `push` and `migrate`: one set of flags, parsed once. */
export interface De5Flags {
  readonly branch?: string;
  /** Trust a new host key on first use and take defaults instead of asking (CI). */
  readonly yes: boolean;
  readonly acceptHostKey?: string;
  readonly forceErrors: boolean;
  readonly identityFile?: string;
  readonly knownHosts?: string;
  readonly sshConfig?: string;
  readonly sshUser?: string;
  readonly sshPort?: number;
  readonly deCli?: string;
  readonly envFile?: string;
  readonly appUrl?: string;
  readonly verifySeconds: number;
}

export const DE5_FLAG_OPTIONS = {
  branch: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'accept-host-key': { type: 'string' },
  'force-errors': { type: 'boolean' },
  'identity-file': { type: 'string' },
  'known-hosts': { type: 'string' },
  'ssh-config': { type: 'string' },
  'ssh-user': { type: 'string' },
  'ssh-port': { type: 'string' },
  'de-cli': { type: 'string' },
  'env-file': { type: 'string' },
  'app-url': { type: 'string' },
  'verify-seconds': { type: 'string' },
} as const;

type De5Values = {
  [K in keyof typeof DE5_FLAG_OPTIONS]?: (typeof DE5_FLAG_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

/** Drops undefined fields, so optional properties stay absent rather than undefined. */
export function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function intOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  }
  return n;
}

/** People try `--api-key`; it is refused with the reason, not as an unknown flag. */
export function refuseKeyFlags(rest: readonly string[]): void {
  if (rest.some((a) => KEY_FLAGS.includes(a.split('=')[0] ?? ''))) {
    throw new UsageError('The API key is read from the DE4_API_KEY environment variable only, never from a flag.');
  }
}

export function de5Flags(values: De5Values): De5Flags {
  // The branch goes into a git refspec: refused here, before anything runs.
  if (values.branch !== undefined && !isBranchName(values.branch)) {
    throw new UsageError(`--branch ${JSON.stringify(values.branch)} is not a branch name.`);
  }
  return {
    ...defined({
      branch: values.branch,
      acceptHostKey: values['accept-host-key'],
      identityFile: values['identity-file'],
      knownHosts: values['known-hosts'],
      sshConfig: values['ssh-config'],
      sshUser: values['ssh-user'],
      sshPort: intOption('--ssh-port', values['ssh-port'], 1, 65535),
      deCli: values['de-cli'],
      envFile: values['env-file'],
      appUrl: values['app-url'],
    }),
    yes: values.yes ?? false,
    forceErrors: values['force-errors'] ?? false,
    verifySeconds: intOption('--verify-seconds', values['verify-seconds'], 0, 3600) ?? 300,
  };
}

/** The DE5 server `push` and `migrate` name with `--de5` and the SSH and app-URL flags. */
export function de5ServerOf(args: { readonly de5: string } & Pick<De5Flags, 'sshUser' | 'sshPort' | 'appUrl'>): De5ServerConfig {
  const [server] = normaliseDe5Servers([
    {
      host: args.de5,
      ...(args.sshUser ? { sshUser: args.sshUser } : {}),
      ...(args.sshPort ? { sshPort: args.sshPort } : {}),
      ...(args.appUrl ? { appUrlTemplate: args.appUrl } : {}),
    },
  ]);
  if (!server) {
    throw new UsageError(`--de5 "${args.de5}" is not a host name.`);
  }
  return server;
}
