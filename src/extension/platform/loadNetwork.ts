import type * as Network from '../lazy/network';

/** Where esbuild.mjs writes the lazily loaded bundle, next to dist/extension.js; external to the main bundle. */
export const NETWORK_BUNDLE = './network.js';

/**
 * Loads the HTTP and git ports on first use. Activation then never parses axios or simple-git, and
 * dist/extension.js stays small; Node caches the module after the first call.
 */
export function loadNetwork(): typeof Network {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle resolved next to dist/extension.js at run time
  return require(NETWORK_BUNDLE) as typeof Network;
}
