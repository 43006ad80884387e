/** apt options whose value is the next word (`-t bullseye-backports` names a release, not a package). */
const TAKES_VALUE = new Set(['-o', '-t', '-c', '--option', '--target-release', '--config-file', '--default-release']);
/** A Debian package name, optionally with an architecture (`libc6:i386`). */
const PACKAGE = /^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?$/;

/**
 * The package names of every `apt-get install` / `apt install` in a shell command, in order, without
 * duplicates. `sudo`, `VAR=value` prefixes and options are skipped; words that are not plain package
 * names (version pins, variables, globs) are left out, since the command itself is kept verbatim.
 */
export function aptInstallPackages(command: string): string[] {
  const out: string[] = [];
  for (const segment of command.split(/&&|\|\||[;|\r\n]/)) {
    const words = segment
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    let i = 0;
    while (i < words.length && (words[i] === 'sudo' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] ?? ''))) {
      i++;
    }
    if (words[i] !== 'apt-get' && words[i] !== 'apt') {
      continue;
    }
    let seenInstall = false;
    for (i++; i < words.length; i++) {
      const w = words[i] ?? '';
      if (w.startsWith('-')) {
        if (TAKES_VALUE.has(w)) {
          i++;
        }
      } else if (!seenInstall) {
        if (w !== 'install') {
          break; // `apt-get update`, `apt-get remove …`
        }
        seenInstall = true;
      } else if (PACKAGE.test(w) && !out.includes(w)) {
        out.push(w);
      }
    }
  }
  return out;
}
