// The text of the files the DE5 git stand-in writes into its state directory (sshd_config,
// authorized_keys, known_hosts, client config) and the host key fingerprint. Pure functions.
import { createHash } from 'node:crypto';
import { knownHostsName } from '../de4Ssh/sshFiles.mjs';

export { knownHostsName };

/** Paths end up in sshd_config, authorized_keys and shell command lines; refuse what would need escaping. */
export function checkPath(value, what) {
  if (/["'\\\n\r]/.test(value)) {
    throw new Error(`de5Ssh: the ${what} path must not contain quotes, backslashes or newlines: ${value}`);
  }
  return value;
}

const sq = (value) => `'${value}'`;
const dq = (value) => `"${value}"`;

/**
 * sshd_config for a loopback, key-only, git-only server.
 * @param {{ port: number, hostKey: string, authorizedKeys: string, pidFile: string, user: string, logLevel: string,
 *   env: Record<string, string>, noPenalties: boolean }} o
 *   `env`: set for every session (SetEnv; the client cannot override it). `noPenalties`: OpenSSH ≥ 9.8
 *   would otherwise block 127.0.0.1 for a while after the failed logins the wrong-key tests make.
 */
export function sshdConfig(o) {
  const env = Object.entries(o.env).map(([k, v]) => dq(`${k}=${v}`));
  return [
    '# Loopback DE5 git endpoint for tests and `npm start`; written by scripts/de5Ssh.',
    'ListenAddress 127.0.0.1',
    `Port ${o.port}`,
    `HostKey ${dq(o.hostKey)}`,
    `AuthorizedKeysFile ${dq(o.authorizedKeys)}`,
    `PidFile ${dq(o.pidFile)}`,
    'AuthenticationMethods publickey',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'HostbasedAuthentication no',
    'UsePAM no',
    // The state directory lives in a temp dir whose modes sshd would otherwise reject.
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    `AllowUsers ${o.user}`,
    'PermitTTY no',
    'PermitUserRC no',
    'PermitTunnel no',
    'AllowTcpForwarding no',
    'AllowAgentForwarding no',
    'X11Forwarding no',
    'PrintMotd no',
    'PrintLastLog no',
    'UseDNS no',
    'LoginGraceTime 15',
    'MaxAuthTries 3',
    ...(o.noPenalties ? ['PerSourcePenalties no'] : []),
    // Lets protocol v2 through: git's ssh transport sends GIT_PROTOCOL with SendEnv.
    'AcceptEnv GIT_PROTOCOL',
    // SHLVL=1: bash (the login shell in forced-git-shell mode) then skips ~/.bashrc, which is slow
    // and could print into the git protocol. The DE5_SSH_* variables tell git-user mode's shared
    // git-shell-commands/de5-serve which server's config to use.
    `SetEnv SHLVL=1 ${env.join(' ')}`.trimEnd(),
    `LogLevel ${o.logLevel}`,
    '',
  ].join('\n');
}

/** authorized_keys options: the key may run the forced command and nothing else. */
function keyLine(command, publicKey) {
  return `restrict,command="${command}" ${publicKey}\n`;
}

/**
 * authorized_keys line for mode forced-git-shell: sshd runs the command through the current user's
 * login shell, so the command line quotes its (checked) paths.
 */
export function forcedCommandLine({ node, script, config, publicKey }) {
  return keyLine([node, script, config].map(sq).join(' '), publicKey);
}

/** authorized_keys line for mode git-user: git-shell runs `git-shell-commands/<command>` from the user's home. */
export function gitShellCommandLine({ command, publicKey }) {
  return keyLine(command, publicKey);
}

/** `ssh-ed25519 AAAA…` without the comment. */
export function publicKeyWithoutComment(publicKeyLine) {
  const [type, key] = publicKeyLine.trim().split(/\s+/);
  return `${type} ${key}`;
}

/** `SHA256:…` exactly as `ssh-keygen -lf` prints it: unpadded base64 of the SHA-256 of the key blob. */
export function fingerprint(publicKeyLine) {
  const blob = Buffer.from(publicKeyLine.trim().split(/\s+/)[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** One known_hosts line for 127.0.0.1:port (bracketed unless the port is 22). */
export function knownHostsLine(host, port, publicKeyLine) {
  return `${knownHostsName(host, port)} ${publicKeyWithoutComment(publicKeyLine)}\n`;
}

/**
 * A client config for `ssh -F`: nothing from ~/.ssh or /etc/ssh, only our key, only our known_hosts,
 * never a prompt.
 */
export function clientConfig({ host, port, user, identityFile, knownHostsFile }) {
  return [
    '# ssh client settings for the loopback DE5 git endpoint (use with ssh -F); written by scripts/de5Ssh.',
    `Host ${host}`,
    `  Port ${port}`,
    `  User ${user}`,
    'Host *',
    `  IdentityFile ${dq(identityFile)}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${dq(knownHostsFile)}`,
    '  GlobalKnownHostsFile /dev/null',
    '  StrictHostKeyChecking yes',
    '  UpdateHostKeys no',
    '  BatchMode yes',
    '  PasswordAuthentication no',
    '  KbdInteractiveAuthentication no',
    '  ConnectTimeout 10',
    '  ForwardAgent no',
    '  ControlMaster no',
    '  ControlPath none',
    '',
  ].join('\n');
}

/** GIT_SSH_COMMAND for this server (git runs it through a shell, hence the quoting). */
export function gitSshCommand({ port, identityFile, knownHostsFile, sshConfigFile }) {
  return [
    'ssh',
    `-F ${sq(sshConfigFile)}`,
    `-i ${sq(identityFile)}`,
    '-o IdentitiesOnly=yes',
    '-o BatchMode=yes',
    `-o UserKnownHostsFile=${sq(knownHostsFile)}`,
    '-o StrictHostKeyChecking=yes',
    `-p ${port}`,
  ].join(' ');
}
