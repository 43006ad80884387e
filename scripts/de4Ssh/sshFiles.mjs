// The text of the files the SSH stand-in writes into its state directory: sshd_config,
// authorized_keys (forced command), known_hosts and a client config. Pure string builders.

/** Paths end up in sshd_config, authorized_keys and a shell command line; refuse the characters that would need escaping there. */
export function checkPath(value, what) {
  if (/["'\\\n\r]/.test(value)) {
    throw new Error(`de4Ssh: the ${what} path must not contain quotes, backslashes or newlines: ${value}`);
  }
  return value;
}

/** Single-quoted for a POSIX shell (sshd runs the forced command through the user's shell). */
function sq(value) {
  return `'${value}'`;
}

/** Double-quoted for ssh(d)_config, which splits unquoted values at spaces. */
function dq(value) {
  return `"${value}"`;
}

/**
 * sshd_config for a loopback, key-only, git-only server.
 * @param {{ port: number, hostKey: string, authorizedKeys: string, pidFile: string, user: string, logLevel: string }} o
 */
export function sshdConfig(o) {
  return [
    '# Loopback DE4 (Dokku) git endpoint for tests and `npm start`; written by scripts/de4Ssh.',
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
    // Lets protocol v2 through: git's ssh transport sends GIT_PROTOCOL with SendEnv.
    'AcceptEnv GIT_PROTOCOL',
    // sshd runs the forced command through the user's shell, and bash sources ~/.bashrc for a
    // top-level shell on a network connection: slow (a second per connection with pyenv) and a
    // risk to the git protocol if it prints. A shell started at SHLVL 1 is not top-level.
    'SetEnv SHLVL=1',
    `LogLevel ${o.logLevel}`,
    '',
  ].join('\n');
}

/**
 * One authorized_keys line: the key may only run the Dokku stand-in (like Dokku's sshcommand).
 * @param {{ node: string, shell: string, config: string, publicKey: string }} o
 */
export function authorizedKeysLine(o) {
  const command = [o.node, o.shell, o.config].map(sq).join(' ');
  return `command="${command}",no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc ${o.publicKey}\n`;
}

/** The known_hosts host pattern ssh looks up for 127.0.0.1:port. */
export function knownHostsName(host, port) {
  return port === 22 ? host : `[${host}]:${port}`;
}

/**
 * A client config for `ssh -F`, so neither ~/.ssh/config nor the system one is read, host keys come
 * only from our known_hosts, only our key is offered and nothing ever prompts.
 * @param {{ host: string, port: number, user: string, identityFile: string, knownHostsFile: string }} o
 */
export function clientConfig(o) {
  return [
    '# ssh client settings for the loopback DE4 git endpoint (use with ssh -F); written by scripts/de4Ssh.',
    `Host ${o.host}`,
    `  Port ${o.port}`,
    `  User ${o.user}`,
    'Host *',
    `  IdentityFile ${dq(o.identityFile)}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${dq(o.knownHostsFile)}`,
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

/**
 * GIT_SSH_COMMAND for cloning from the stand-in (git runs it through a shell, hence the quoting).
 * @param {{ port: number, identityFile: string, knownHostsFile: string, sshConfigFile: string }} o
 */
export function gitSshCommand(o) {
  return [
    'ssh',
    `-F ${sq(o.sshConfigFile)}`,
    `-i ${sq(o.identityFile)}`,
    '-o IdentitiesOnly=yes',
    '-o BatchMode=yes',
    `-o UserKnownHostsFile=${sq(o.knownHostsFile)}`,
    '-o StrictHostKeyChecking=yes',
    `-p ${o.port}`,
  ].join(' ');
}
