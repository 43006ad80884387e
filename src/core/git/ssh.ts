import { CoreError } from '../errors';

/**
 * How git reaches a server over SSH. Every choice is explicit (STYLE §4): the port, the identity,
 * batch mode (never a prompt that nobody can answer), host-key policy and timeouts. `configFile`
 * makes ssh read that file instead of `~/.ssh/config`, so tests never read the real home folder.
 */
export interface SshSettings {
  readonly identityFile?: string;
  readonly knownHostsFile?: string;
  readonly configFile?: string;
  /**
   * `accept-new` trusts a host seen for the first time and refuses one whose key changed (what
   * answering "yes" at ssh's first prompt does); `yes` refuses unknown hosts too.
   */
  readonly strictHostKeyChecking: 'yes' | 'accept-new';
  readonly connectTimeoutSeconds: number;
  /**
   * A private folder for OpenSSH connection sharing: the pre-flight's `ls-remote` and the push then
   * use one SSH connection instead of two (a key exchange and login saved). Unset on Windows, whose
   * OpenSSH cannot share connections.
   */
  readonly controlDir?: string;
}

export const DEFAULT_SSH_SETTINGS: SshSettings = Object.freeze({ strictHostKeyChecking: 'accept-new', connectTimeoutSeconds: 20 });

/** Where a DE4 server's Dokku accepts git over SSH (reference §2.1: `dokku@<host>`, port 3022). */
export interface De4SshTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

export const DE4_SSH_PORT = 3022;
export const DE4_SSH_USER = 'dokku';

/** DE4 app names are Dokku app names: lowercase letters, digits and dashes. */
const APP_NAME = /^[a-z0-9][a-z0-9-]*$/;
const HOST = /^[A-Za-z0-9][A-Za-z0-9.-]*$|^\[?[0-9A-Fa-f:.]+:[0-9A-Fa-f:.]*\]?$/;
const USER = /^[A-Za-z0-9._-]+$/;

export function isDe4AppName(name: string): boolean {
  return APP_NAME.test(name) && name.length <= 100;
}

/** `ssh://dokku@host:3022/app`: the URL form carries the port, so no ssh config entry is needed. */
export function de4CloneUrl(target: De4SshTarget, app: string): string {
  if (!isDe4AppName(app)) {
    throw new CoreError('invalid-input', `"${app}" is not a DE4 app name.`, {
      hint: 'App names use lowercase letters, digits and dashes.',
    });
  }
  if (!HOST.test(target.host) || !USER.test(target.user) || !Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    throw new CoreError('invalid-input', `The SSH address ${target.user}@${target.host}:${target.port} is not valid.`, {
      hint: 'Check sshHost, sshUser and sshPort of the server in the deMigrate.de4.servers setting.',
    });
  }
  const host = target.host.includes(':') && !target.host.startsWith('[') ? `[${target.host}]` : target.host;
  return `ssh://${target.user}@${host}:${target.port}/${app}`;
}

/** POSIX single-quoting: git runs GIT_SSH_COMMAND through `sh -c`. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Path characters ssh takes literally in an option value (a leading `~` is its home, as intended). */
const PLAIN_PATH = /^[A-Za-z0-9_./:@+~-]+$/;

/**
 * `Key=path` for `ssh -o`. ssh splits option values at spaces (UserKnownHostsFile takes several
 * files), reads `"` and `\` in them, and expands `%x` tokens and `${VAR}` in key, known-hosts and
 * control paths. So a path is double-quoted with `%` doubled; `${` has no escape and is refused.
 */
function sshPathOption(key: string, file: string, suffix = ''): string {
  if (file.includes('${')) {
    throw new CoreError('invalid-input', `ssh cannot use the path ${file}: it contains "\${", which ssh reads as a variable.`, {
      hint: 'Move or rename the file (or folder) so its path has no "${".',
    });
  }
  return PLAIN_PATH.test(file) ? `${key}=${file}${suffix}` : `${key}="${file.replace(/[\\"]/g, '\\$&').replace(/%/g, '%%')}${suffix}"`;
}

/** The argv of the ssh client git should run (without the host and command git appends). */
export function sshArgv(s: SshSettings): string[] {
  const argv = ['ssh'];
  if (s.configFile !== undefined) {
    argv.push('-F', s.configFile);
  }
  if (s.identityFile !== undefined) {
    // `-i` warns about a missing file, but ssh would also expand a `%` in it after that check.
    const id = s.identityFile;
    argv.push(...(/[%$]/.test(id) ? ['-o', sshPathOption('IdentityFile', id)] : ['-i', id]), '-o', 'IdentitiesOnly=yes');
  }
  if (s.knownHostsFile !== undefined) {
    argv.push('-o', sshPathOption('UserKnownHostsFile', s.knownHostsFile));
  }
  argv.push(
    '-o',
    'BatchMode=yes',
    '-o',
    `StrictHostKeyChecking=${s.strictHostKeyChecking}`,
    '-o',
    `ConnectTimeout=${Math.max(1, Math.round(s.connectTimeoutSeconds))}`,
    // A server that stops answering mid-transfer is given up on after about a minute.
    '-o',
    'ServerAliveInterval=15',
    '-o',
    'ServerAliveCountMax=4',
  );
  if (s.controlDir !== undefined) {
    // %C is a hash of host, port and user: short enough for a socket path, one per server.
    argv.push('-o', 'ControlMaster=auto', '-o', sshPathOption('ControlPath', `${s.controlDir}/`, '%C'), '-o', 'ControlPersist=15');
  }
  return argv;
}

/**
 * The environment git needs to use these SSH settings and never prompt: GIT_SSH_COMMAND (quoted),
 * no terminal prompt, and no askpass helper.
 */
export function sshGitEnv(s: SshSettings): Record<string, string> {
  return {
    GIT_SSH_COMMAND: sshArgv(s).map(shellQuote).join(' '),
    GIT_TERMINAL_PROMPT: '0',
    SSH_ASKPASS_REQUIRE: 'never',
  };
}
