import { oneOf, parseOptions, UsageError } from './args';

export interface PushArgs {
  readonly command: 'push';
  readonly path: string;
  readonly de5: string;
  readonly app?: string;
  readonly remoteUrl?: string;
  readonly branch?: string;
  /** Trust a new host key on first use and take defaults instead of asking (CI). */
  readonly yes: boolean;
  readonly acceptHostKey?: string;
  readonly forceErrors: boolean;
  readonly overwrite: boolean;
  readonly identityFile?: string;
  readonly knownHosts?: string;
  readonly sshConfig?: string;
  readonly sshUser?: string;
  readonly sshPort?: number;
  readonly deCli?: string;
  readonly envFile?: string;
  readonly appUrl?: string;
  readonly verifySeconds: number;
  readonly format: 'text' | 'json';
  readonly verbose: boolean;
}

function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function intOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  }
  return n;
}

export function parsePushArgs(rest: readonly string[]): PushArgs {
  const { values, positionals } = parseOptions(rest, {
    de5: { type: 'string' },
    app: { type: 'string' },
    'remote-url': { type: 'string' },
    branch: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    'accept-host-key': { type: 'string' },
    'force-errors': { type: 'boolean' },
    overwrite: { type: 'boolean' },
    'identity-file': { type: 'string' },
    'known-hosts': { type: 'string' },
    'ssh-config': { type: 'string' },
    'ssh-user': { type: 'string' },
    'ssh-port': { type: 'string' },
    'de-cli': { type: 'string' },
    'env-file': { type: 'string' },
    'app-url': { type: 'string' },
    'verify-seconds': { type: 'string' },
    format: { type: 'string' },
    verbose: { type: 'boolean' },
  });
  const [only, ...more] = positionals;
  if (only === undefined || more.length > 0) {
    throw new UsageError('push takes exactly one app folder.');
  }
  if (values.de5 === undefined) {
    throw new UsageError('push needs --de5 <host>, the DE5 server.');
  }
  const sshPort = intOption('--ssh-port', values['ssh-port'], 1, 65535);
  return {
    command: 'push',
    path: only,
    de5: values.de5,
    ...defined({
      app: values.app,
      remoteUrl: values['remote-url'],
      branch: values.branch,
      acceptHostKey: values['accept-host-key'],
      identityFile: values['identity-file'],
      knownHosts: values['known-hosts'],
      sshConfig: values['ssh-config'],
      sshUser: values['ssh-user'],
      sshPort,
      deCli: values['de-cli'],
      envFile: values['env-file'],
      appUrl: values['app-url'],
    }),
    yes: values.yes ?? false,
    forceErrors: values['force-errors'] ?? false,
    overwrite: values.overwrite ?? false,
    verifySeconds: intOption('--verify-seconds', values['verify-seconds'], 0, 3600) ?? 300,
    format: oneOf('--format', values.format, ['text', 'json'], 'text', 'text or json for push'),
    verbose: values.verbose ?? false,
  };
}
