import type { De4AppMetadataFile } from '../de4/appMetadata';
import { maskUrlCredentials } from '../report/maskCredentials';
import { CoreError, errorMessage, throwIfAborted } from '../errors';
import { fingerprint, judgeHostKey, knownHostsLine, knownHostsName, parseKeyscan, recordedKeys } from '../git/knownHosts';
import { DE5_REMOTE, lsRemote, planPush, runPush, type PushOutcome, type RemoteHead } from '../git/push';
import { sshGitEnv, type SshSettings } from '../git/ssh';
import type { GitProgress, GitRunner, HttpClient, Logger, NetProbe, ProcessRunner } from '../ports';
import { NULL_LOGGER } from '../ports';
import { planAppSetup, runAppSetup, setupChecklist, type De5Admin, type SetupResult } from './appSetup';
import { isBranchName, requireDe5AppName, sshEndpoint } from './serverConfig';
import { verifyDeployed, type VerifyResult } from './verify';

/**
 * Push to Dash Enterprise 5, step by step (issue: gate, pre-flight, app setup, push, verify). Every
 * question goes through `PushUi` so the editor asks with dialogs and the CLI with flags.
 */

export interface PushAppInput {
  /** The app folder (a git repository, or inside one). */
  readonly appDir: string;
  /** The app's name on DE5. */
  readonly app: string;
  readonly remoteUrl: string;
  /** A branch chosen by setting or per app; otherwise the remote's HEAD (asked when empty). */
  readonly branch: string | undefined;
  /** SSH settings; `knownHostsFile` is the managed file, checked strictly. */
  readonly ssh: SshSettings & { readonly knownHostsFile: string };
  /** The managed known-hosts file's current text. */
  readonly knownHostsText: string;
  /** Error findings left in the app, and whether the user chose to push anyway. */
  readonly errorCount: number;
  readonly overrideErrors: boolean;
  readonly metadata: De4AppMetadataFile | undefined;
  readonly admin: De5Admin;
  /** Where the deployed app answers; undefined skips the check. */
  readonly appUrl: string | undefined;
  readonly verifyTimeoutMs: number;
}

export interface PushUi {
  step(text: string): void;
  progress(p: GitProgress): void;
  /** An unknown host: show the fingerprint and ask. */
  confirmHostKey(host: string, port: number, fingerprint: string, keyType: string): Promise<boolean>;
  /** Appends lines to the managed known-hosts file. */
  rememberHostKeys(lines: string): Promise<void>;
  /** The remote is empty: which branch to create (`main` suggested; DE4 used `master`). */
  chooseBranch(suggested: string): Promise<string | undefined>;
  valueFor(name: string): Promise<string | undefined>;
  /** DE5 has commits this checkout lacks: overwrite them? (the second confirmation) */
  confirmForce(branch: string): Promise<boolean>;
  /** Steps only the user can do (no `de` CLI). */
  checklist(lines: readonly string[]): void;
}

export interface PushPorts {
  readonly git: GitRunner;
  readonly net: NetProbe;
  readonly process: ProcessRunner;
  readonly http: HttpClient;
  readonly log?: Logger;
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface PushAppResult {
  readonly sha: string;
  readonly branch: string;
  readonly remoteUrl: string;
  readonly upToDate: boolean;
  readonly setup: SetupResult | { readonly checklist: readonly string[] };
  readonly verified: VerifyResult | undefined;
}

/** Refuses a push while errors remain, unless the user explicitly overrides (logged). */
export function gate(input: Pick<PushAppInput, 'errorCount' | 'overrideErrors' | 'app'>, log: Logger): void {
  if (input.errorCount === 0) {
    return;
  }
  if (!input.overrideErrors) {
    throw new CoreError('invalid-input', `${input.app} still has ${input.errorCount} error finding(s); it was not pushed.`, {
      hint: 'Fix them (see the Problems panel), or push anyway and accept that DE5 may fail to build it.',
    });
  }
  log.warn(`[push] ${input.app}: pushing with ${input.errorCount} error finding(s) left, as the user chose`);
}

/**
 * The refusal when nobody is there to confirm a new host key (CLI, fleet): the fingerprint to
 * compare, and what went wrong with a fingerprint that was given.
 */
export function untrustedHostKey(
  host: string,
  port: number,
  fingerprint: string,
  type: string,
  given: string | undefined,
  hint: string,
): CoreError {
  return new CoreError(
    'host-key-unknown',
    given === undefined
      ? `${host}:${port} is not trusted yet; its host key fingerprint is ${fingerprint} (${type}).`
      : `The host key of ${host}:${port} is ${fingerprint} (${type}), not the fingerprint given (${given}).`,
    { hint },
  );
}

/**
 * Scans the server's host key and judges it against the known-hosts text: a recorded key passes, a
 * changed one is refused, a new one is shown through `ui` and recorded only if accepted. Resolves
 * with the fingerprint of a newly trusted key. Used by the push and before a fleet migration.
 */
export async function checkHostKey(
  host: string,
  port: number,
  known: { readonly text: string; readonly file: string },
  ui: Pick<PushUi, 'confirmHostKey' | 'rememberHostKeys'>,
  ports: Pick<PushPorts, 'process' | 'log' | 'signal'>,
): Promise<string | undefined> {
  const scan = await ports.process.run('ssh-keyscan', ['-T', '10', '-p', String(port), '--', host], {
    timeoutMs: 30_000,
    ...(ports.signal ? { signal: ports.signal } : {}),
  });
  const offered = parseKeyscan(scan.stdout);
  const name = knownHostsName(host, port);
  const verdict = judgeHostKey(offered, recordedKeys(known.text, name));
  switch (verdict.kind) {
    case 'known':
      return undefined;
    case 'no-key':
      throw new CoreError('io-failed', `${host}:${port} did not present an SSH host key.`, {
        hint: `Check the git SSH host and port. ssh-keyscan said: ${scan.stderr.trim().slice(0, 200) || 'nothing'}`,
      });
    case 'changed':
      throw new CoreError(
        'host-key-unknown',
        `The SSH host key of ${host}:${port} has CHANGED (now ${verdict.fingerprint}); git did not connect.`,
        {
          hint: `This can mean someone is intercepting the connection. If the server was reinstalled, confirm the new key with your admin and remove the old line for ${name} from ${known.file}.`,
        },
      );
    case 'unknown': {
      const ok = await ui.confirmHostKey(host, port, verdict.fingerprint, verdict.key.type);
      if (!ok) {
        throw new CoreError('cancelled', 'The host key was not accepted.');
      }
      await ui.rememberHostKeys(offered.map((k) => knownHostsLine(name, k)).join(''));
      (ports.log ?? NULL_LOGGER).info(`[push] trusted ${name} ${verdict.key.type} ${fingerprint(verdict.key)}`);
      return verdict.fingerprint;
    }
  }
}

async function preflight(input: PushAppInput, ui: PushUi, ports: PushPorts): Promise<{ head: RemoteHead | undefined; address: string }> {
  const endpoint = sshEndpoint(input.remoteUrl);
  if (!endpoint) {
    throw new CoreError('invalid-input', `${maskUrlCredentials(input.remoteUrl)} is not an SSH git URL.`, {
      hint: 'Use ssh://git@<de5-host>:22/<app> (remoteUrlTemplate in deMigrate.de5.servers).',
    });
  }
  const address = `${endpoint.host}:${endpoint.port}`;
  ui.step(`Checking ${address}…`);
  const reachable = await ports.net.canConnect(endpoint.host, endpoint.port, {
    timeoutMs: 10_000,
    ...(ports.signal ? { signal: ports.signal } : {}),
  });
  throwIfAborted(ports.signal);
  if (!reachable) {
    throw new CoreError('io-failed', `Cannot reach ${address}: DE5's git SSH port does not answer.`, {
      hint: 'DE5 takes git pushes on port 22 (DE4 used 3022): check the host, the port and any firewall or VPN.',
    });
  }
  // A recorded host is checked by ssh itself (StrictHostKeyChecking=yes), so no scan is needed up
  // front; only when ssh refuses its key does a scan name the new fingerprint.
  const recorded = recordedKeys(input.knownHostsText, knownHostsName(endpoint.host, endpoint.port)).length > 0;
  if (!recorded) {
    await checkHostKey(endpoint.host, endpoint.port, { text: input.knownHostsText, file: input.ssh.knownHostsFile }, ui, ports);
  }
  ui.step('Checking access to the repository…');
  try {
    return {
      head: await lsRemote(input.remoteUrl, input.ssh, ports.git, input.appDir, { address, app: input.app }, ports.signal),
      address,
    };
  } catch (err) {
    if (err instanceof CoreError && err.code === 'not-found') {
      return { head: undefined, address };
    }
    if (recorded && err instanceof CoreError && err.code === 'host-key-unknown') {
      await checkHostKey(endpoint.host, endpoint.port, { text: input.knownHostsText, file: input.ssh.knownHostsFile }, ui, ports);
    }
    throw err;
  }
}

async function setUp(input: PushAppInput, ui: PushUi, ports: PushPorts, repoExists: boolean): Promise<PushAppResult['setup']> {
  const actions = planAppSetup(input.metadata);
  if (input.admin.kind === 'manual') {
    const lines = setupChecklist(input.app, repoExists ? actions.filter((a) => a.kind !== 'create-app') : actions);
    ui.checklist(lines);
    (ports.log ?? NULL_LOGGER).info(`[push] DE5 steps to do by hand (no de CLI):\n  ${lines.join('\n  ')}`);
    if (!repoExists) {
      throw new CoreError(
        'not-found',
        `${input.app} does not exist on DE5 yet, and without the \`de\` CLI it cannot be created from here.`,
        {
          hint: 'Create it in the DE5 App Manager (the checklist in the log lists every step), then push again.',
        },
      );
    }
    return { checklist: lines };
  }
  ui.step('Setting the app up on DE5…');
  return runAppSetup(input.admin, actions, {
    app: input.app,
    valueFor: (name) => ui.valueFor(name),
    onStep: (t) => ui.step(t),
    ...(ports.signal ? { signal: ports.signal } : {}),
    ...(ports.log ? { log: ports.log } : {}),
    ...(ports.sleep ? { sleep: ports.sleep } : {}),
  });
}

function requireBranchName(branch: string): string {
  if (!isBranchName(branch)) {
    throw new CoreError('invalid-input', `"${branch}" is not a branch name.`, {
      hint: 'Branch names use letters, digits, ".", "_", "-" and "/", and do not start with "-" or "/".',
    });
  }
  return branch;
}

async function currentRemote(git: GitRunner, dir: string): Promise<string | undefined> {
  try {
    return (await git.run(dir, ['remote', 'get-url', DE5_REMOTE])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** After `prepareDe5`: where to push, with the app set up on DE5. */
export interface PreparedPush {
  readonly address: string;
  readonly branch: string;
  readonly setup: PushAppResult['setup'];
}

/**
 * Phase 1 (the fleet migration's `created` step): gate, pre-flight, app setup on DE5, and the deploy
 * branch. Safe to run again: every setup step checks first.
 */
export async function prepareDe5(input: PushAppInput, ui: PushUi, ports: PushPorts): Promise<PreparedPush> {
  // Names go into `de` and git argument lists, paths into GIT_SSH_COMMAND: refused before anything
  // runs or changes on DE5.
  requireDe5AppName(input.app);
  if (input.branch !== undefined) {
    requireBranchName(input.branch);
  }
  sshGitEnv(input.ssh);
  gate(input, ports.log ?? NULL_LOGGER);
  const checked = await preflight(input, ui, ports);
  const { address } = checked;
  let { head } = checked;
  const setup = await setUp(input, ui, ports, head !== undefined);
  if (head === undefined) {
    // The app was just created: its repository should exist now.
    head = await lsRemote(input.remoteUrl, input.ssh, ports.git, input.appDir, { address, app: input.app }, ports.signal);
  }
  const branch = input.branch ?? head.branch ?? (await ui.chooseBranch('main'));
  if (branch === undefined) {
    throw new CoreError('cancelled', 'No branch was chosen.');
  }
  return { address, branch: requireBranchName(branch), setup };
}

/** Phase 2 (`pushed`): the git push, asking before it would overwrite commits on DE5. */
export async function pushPrepared(input: PushAppInput, prepared: PreparedPush, ui: PushUi, ports: PushPorts): Promise<PushOutcome> {
  const log = ports.log ?? NULL_LOGGER;
  const { branch, address } = prepared;
  const push = async (force: boolean): Promise<PushOutcome> => {
    const plan = planPush({
      remoteUrl: input.remoteUrl,
      branch,
      ssh: input.ssh,
      currentRemoteUrl: await currentRemote(ports.git, input.appDir),
      force,
    });
    ui.step(force ? `Overwriting ${branch} on DE5…` : `Pushing to ${branch}…`);
    log.info(`[push] git ${plan.steps.map((s) => s.args.join(' ')).join(' && git ')}`);
    return runPush(plan, ports.git, input.appDir, {
      address,
      onProgress: (p) => ui.progress(p),
      ...(ports.signal ? { signal: ports.signal } : {}),
    });
  };
  let outcome: PushOutcome;
  try {
    outcome = await push(false);
  } catch (err) {
    if (!(err instanceof CoreError && err.code === 'remote-rejected' && /refused/.test(err.message)) || !(await ui.confirmForce(branch))) {
      throw err;
    }
    log.warn(`[push] ${input.app}: overwriting ${branch} on DE5, as the user confirmed`);
    outcome = await push(true);
  }
  log.info(`[push] ${input.app}: ${outcome.upToDate ? 'already up to date' : 'pushed'} ${outcome.sha} to ${branch}`);
  return outcome;
}

/** Phase 3 (`verified`): waits until the app answers; a failure to answer is a result, not an error. */
export async function verifyPushed(input: PushAppInput, ui: PushUi, ports: PushPorts): Promise<VerifyResult | undefined> {
  if (input.appUrl === undefined || input.verifyTimeoutMs <= 0) {
    return undefined;
  }
  ui.step(`Waiting for ${input.appUrl} to answer…`);
  let verified: VerifyResult;
  try {
    verified = await verifyDeployed(input.appUrl, ports.http, {
      timeoutMs: input.verifyTimeoutMs,
      ...(ports.signal ? { signal: ports.signal } : {}),
      ...(ports.sleep ? { sleep: ports.sleep } : {}),
    });
  } catch (err) {
    if (err instanceof CoreError && err.code === 'cancelled') {
      throw err;
    }
    verified = { ok: false, attempts: 0, last: errorMessage(err) };
  }
  (ports.log ?? NULL_LOGGER).info(`[push] ${input.app}: ${verified.ok ? 'the app answers' : `the app did not answer: ${verified.last}`}`);
  return verified;
}

/** The whole push: prepare, push, verify. */
export async function pushApp(input: PushAppInput, ui: PushUi, ports: PushPorts): Promise<PushAppResult> {
  const prepared = await prepareDe5(input, ui, ports);
  const outcome = await pushPrepared(input, prepared, ui, ports);
  const verified = await verifyPushed(input, ui, ports);
  return {
    sha: outcome.sha,
    branch: prepared.branch,
    remoteUrl: input.remoteUrl,
    upToDate: outcome.upToDate,
    setup: prepared.setup,
    verified,
  };
}
