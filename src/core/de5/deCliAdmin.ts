import { CoreError } from '../errors';
import type { Logger, ProcessResult, ProcessRunner } from '../ports';
import { NULL_LOGGER } from '../ports';
import type { De5Admin, De5ServiceType } from './appSetup';

/**
 * De5Admin over Plotly's documented `de` CLI (reference §3.10). Authentication is the CLI's own:
 * a keyfile from `de login`, or — when a password is given — `--no-keyfile` with the
 * DASH_ENTERPRISE_* variables, so the password never appears in an argument list.
 */
export interface DeCliOptions {
  readonly runner: ProcessRunner;
  /** The executable (`de` on PATH by default, or a configured path). */
  readonly command: string;
  readonly host: string;
  readonly username?: string;
  readonly password?: string;
  readonly log?: Logger;
  readonly timeoutMs?: number;
}

/** `de --version` answers: the CLI is installed and runs. */
export async function deCliVersion(runner: ProcessRunner, command: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const r = await runner.run(command, ['--version'], { timeoutMs: 20_000, ...(signal ? { signal } : {}) });
    return r.code === 0 ? r.stdout.trim() || r.stderr.trim() : undefined;
  } catch {
    return undefined;
  }
}

export class DeCliAdmin implements De5Admin {
  readonly kind = 'cli' as const;

  constructor(private readonly o: DeCliOptions) {}

  private async de(args: readonly string[], signal?: AbortSignal): Promise<ProcessResult> {
    const auth = this.o.password !== undefined && this.o.username !== undefined;
    const argv = ['--host', this.o.host, ...(auth ? ['--no-keyfile'] : []), ...args];
    const env: Record<string, string> = { DASH_ENTERPRISE_HOST: this.o.host };
    if (auth) {
      env['DASH_ENTERPRISE_USERNAME'] = this.o.username ?? '';
      env['DASH_ENTERPRISE_PASSWORD'] = this.o.password ?? '';
    }
    // Values of --add-environment-variable are secrets: only names reach the log.
    const shown = argv.map((a, i) => (argv[i - 1] === '--add-environment-variable' ? `${a.split('=')[0] ?? ''}=***` : a));
    (this.o.log ?? NULL_LOGGER).info(`[de] ${this.o.command} ${shown.join(' ')}`);
    return this.o.runner.run(this.o.command, argv, { env, timeoutMs: this.o.timeoutMs ?? 120_000, ...(signal ? { signal } : {}) });
  }

  private fail(what: string, r: ProcessResult): CoreError {
    const said = (r.stderr.trim() || r.stdout.trim()).split(/\r?\n/).slice(-3).join(' ');
    const auth = /unauthori[sz]ed|401|login|credentials|password/i.test(said);
    return new CoreError(auth ? 'auth-failed' : 'remote-rejected', `de ${what} failed: ${said || `exit code ${r.code}`}`, {
      hint: auth
        ? `Log in with \`de --host ${this.o.host} login\`, or set the DE5 password for this server.`
        : 'See the DE Migrate log for the command.',
    });
  }

  async appExists(app: string, signal?: AbortSignal): Promise<boolean> {
    const r = await this.de(['apps', 'exists', '-n', app], signal);
    const text = `${r.stdout}\n${r.stderr}`;
    // The documented answer for a missing app: `App [<app>] does not exist on [<host>].`
    if (/does not exist/i.test(text)) {
      return false;
    }
    if (r.code !== 0) {
      throw this.fail('apps exists', r);
    }
    return true;
  }

  async createApp(app: string, signal?: AbortSignal): Promise<void> {
    const r = await this.de(['apps', 'create', '-n', app], signal);
    if (r.code !== 0) {
      throw this.fail('apps create', r);
    }
  }

  async setEnvironmentVariable(app: string, name: string, value: string, signal?: AbortSignal): Promise<void> {
    const r = await this.de(['apps', 'update', '--name', app, '--add-environment-variable', `${name}=${value}`], signal);
    if (r.code !== 0) {
      throw this.fail(`apps update (${name})`, {
        ...r,
        stdout: r.stdout.split(value).join('***'),
        stderr: r.stderr.split(value).join('***'),
      });
    }
  }

  async serviceExists(app: string, type: De5ServiceType, signal?: AbortSignal): Promise<boolean> {
    const r = await this.de(['services', 'exists', '-n', app, '-t', type], signal);
    if (r.code !== 0 && !/false/i.test(r.stdout)) {
      throw this.fail('services exists', r);
    }
    // Documented: prints `False` when the service is absent.
    return !/^\s*false\s*$/im.test(r.stdout);
  }

  async createService(app: string, type: De5ServiceType, signal?: AbortSignal): Promise<void> {
    const r = await this.de(['services', 'create', '--app-name', app, '--type', type], signal);
    if (r.code !== 0) {
      throw this.fail('services create', r);
    }
  }

  async enablePersistentFilesystem(app: string, signal?: AbortSignal): Promise<void> {
    const r = await this.de(['apps', 'update', '--name', app, '--persistent-filesystem'], signal);
    if (r.code !== 0) {
      throw this.fail('apps update --persistent-filesystem', r);
    }
  }
}

/** When the `de` CLI is not installed: nothing can be changed, so the caller shows a checklist. */
export class ManualDe5Admin implements De5Admin {
  readonly kind = 'manual' as const;

  private refuse(): Promise<never> {
    return Promise.reject(new CoreError('not-found', 'The `de` CLI is not installed, so DE5 cannot be changed from here.'));
  }

  appExists(): Promise<boolean> {
    return this.refuse();
  }
  createApp(): Promise<void> {
    return this.refuse();
  }
  setEnvironmentVariable(): Promise<void> {
    return this.refuse();
  }
  serviceExists(): Promise<boolean> {
    return this.refuse();
  }
  createService(): Promise<void> {
    return this.refuse();
  }
  enablePersistentFilesystem(): Promise<void> {
    return this.refuse();
  }
}
