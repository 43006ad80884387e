// App names as the SSH stand-in accepts them, shared by the repository builder and the forced
// command. Dokku app names are lowercase letters, digits and dashes, starting with a letter or digit.
import * as path from 'node:path';

const APP_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Whether `name` is a valid app name (so it is safe as one path segment). */
export function isAppName(name) {
  return typeof name === 'string' && name.length <= 100 && APP_NAME.test(name);
}

/** `<reposDir>/<name>.git`, for a name isAppName accepted. */
export function repoPath(reposDir, name) {
  if (!isAppName(name)) {
    throw new Error(`de4Ssh: invalid app name ${JSON.stringify(name)}`);
  }
  return path.join(reposDir, `${name}.git`);
}
