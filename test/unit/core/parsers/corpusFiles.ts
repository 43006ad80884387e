import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { decodeSource } from '../../../../src/core/discovery/decode';

/** The shared DE4 corpus sits next to the repository (`../shared/corpus`); DE_MIGRATE_CORPUS overrides it. */
export function corpusDir(): string | undefined {
  if (process.env['DE_MIGRATE_CORPUS']) {
    return process.env['DE_MIGRATE_CORPUS'];
  }
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) {
      return undefined;
    }
    dir = up;
  }
  const corpus = resolve(dir, '..', 'shared', 'corpus');
  return existsSync(corpus) ? corpus : undefined;
}

export interface CorpusFile {
  /** App folder name, e.g. `plotly__dash-on-premise-sample-app__root`. */
  readonly app: string;
  readonly text: string;
}

/**
 * Every corpus app's root file of that name, decoded as the snapshot loader decodes it. Empty when the
 * corpus is not checked out; throws when it is but holds no such file, so a renamed file cannot make
 * a corpus test pass vacuously.
 */
export function corpusFiles(name: string): CorpusFile[] {
  const root = corpusDir();
  if (!root) {
    return [];
  }
  const out: CorpusFile[] = [];
  for (const app of readdirSync(root).sort()) {
    const file = join(root, app, name);
    if (existsSync(file) && statSync(file).isFile()) {
      out.push({ app, text: decodeSource(name, readFileSync(file)).text });
    }
  }
  if (out.length === 0) {
    throw new Error(`no corpus app has a ${name}`);
  }
  return out;
}
