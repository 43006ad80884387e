// Bundles re-exports of TypeScript sources into one CommonJS file and loads it, so the bench measures
// the core from source without the tsc output. Same resolution as esbuild.mjs.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';

/** `exports`: lines such as "export { checkApp } from './src/core/engine/checkApp';", resolved from `repo`. */
export async function requireBundled(repo, outfile, exports) {
  await esbuild.build({
    stdin: { contents: exports.join('\n'), resolveDir: repo, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // As in esbuild.mjs: prefer ESM entry points (jsonc-parser's UMD build hides requires from the bundler).
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile);
}
