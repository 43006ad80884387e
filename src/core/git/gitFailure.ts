import { CoreError, errorMessage, isCancellation } from '../errors';

/** What was being done, for the message ("cloning sales-dash from de4.example.com"). */
export interface GitFailureContext {
  readonly action: string;
  /** Shown in hints: the host and port git connected to. */
  readonly address?: string;
  /** Next step when the server refused to serve the repository. */
  readonly refusedHint?: string;
}

/** Lines of git/ssh stderr worth showing: the remote's own words, without progress noise. */
function remoteLines(text: string): string {
  return text
    .split(/\r?\n|\r/)
    .map((l) => l.replace(/^(remote:|fatal:|error:)\s*/i, '').trim())
    .filter(
      (l) =>
        l !== '' &&
        !/^(Cloning into|Enumerating objects|Counting objects|Delta compression|Compressing objects|Writing objects|Total \d|Receiving objects|Resolving deltas|To \S+$)/i.test(
          l,
        ),
    )
    .filter((l) => !/^Warning: Permanently added/i.test(l))
    .slice(0, 4)
    .join(' ');
}

/**
 * Turns a failed git/ssh run into a CoreError with a next step. The patterns are OpenSSH's and git's
 * own wording; anything else keeps git's text. Cancellation stays cancellation.
 */
export function gitFailure(err: unknown, ctx: GitFailureContext): CoreError {
  if (isCancellation(err)) {
    return err as CoreError;
  }
  const raw = errorMessage(err);
  if (/abort/i.test(raw) && /signal/i.test(raw)) {
    return new CoreError('cancelled', 'The operation was cancelled.', { cause: err });
  }
  const said = remoteLines(raw);
  const at = ctx.address ? ` (${ctx.address})` : '';
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .* host key is known/i.test(raw)) {
    return new CoreError('host-key-unknown', `${ctx.action} failed: the server's SSH host key is unknown or has changed${at}.`, {
      hint: 'Connect once with ssh to check and accept its key, or set deMigrate.ssh.knownHostsFile.',
      cause: err,
    });
  }
  if (/Permission denied \(|Too many authentication failures|no such identity/i.test(raw)) {
    return new CoreError('auth-failed', `${ctx.action} failed: the server did not accept your SSH key${at}.`, {
      hint: 'Add your public key to your DE4 account, or point deMigrate.ssh.identityFile at the right key.',
      cause: err,
    });
  }
  if (/Connection timed out|Operation timed out|Timeout, server .* not responding/i.test(raw)) {
    return new CoreError('timeout', `${ctx.action} failed: the SSH server did not answer${at}.`, {
      hint: 'Check sshHost and sshPort (DE4 uses port 3022 by default) and that a firewall allows it.',
      cause: err,
    });
  }
  if (/Connection refused|Could not resolve hostname|Network is unreachable|No route to host|Connection closed by remote host/i.test(raw)) {
    return new CoreError('io-failed', `${ctx.action} failed: could not connect${at}: ${said || raw}`, {
      hint: 'Check sshHost and sshPort (DE4 uses port 3022 by default) in the deMigrate.de4.servers setting.',
      cause: err,
    });
  }
  if (/hung up unexpectedly|unexpected disconnect|Broken pipe|Connection reset|Connection closed|early EOF/i.test(raw)) {
    return new CoreError('io-failed', `${ctx.action} failed: the connection broke off during the transfer${at}.`, {
      hint: 'git updates the remote branch only after everything arrived, so nothing was changed half-way: try again.',
      cause: err,
    });
  }
  if (/already exists and is not an empty directory/i.test(raw)) {
    return new CoreError('invalid-input', `${ctx.action} failed: the destination folder already exists and is not empty.`, {
      hint: 'Pick another folder.',
      cause: err,
    });
  }
  if (
    /Could not read from remote repository|does not appear to be a git repository|does not exist|not enabled|denied|rejected/i.test(raw)
  ) {
    return new CoreError('remote-rejected', `${ctx.action} failed: the server refused: ${said || raw}`, {
      ...(ctx.refusedHint !== undefined ? { hint: ctx.refusedHint } : {}),
      cause: err,
    });
  }
  return new CoreError('io-failed', `${ctx.action} failed: ${said || raw}`, { cause: err });
}
