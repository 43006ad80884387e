import { mergeIntoEnvironmentYml, pipLinesOf } from '../../convert/environmentYmlWriter';
import type { AppContext } from '../../model/appContext';
import { LineIndex } from '../../model/text';
import type { Fix } from '../../model/types';
import type { Rule } from '../rule';
import { environmentFileOf } from './condaConversion';

/** DE5 picks the pip buildpack whenever requirements.txt exists, so a conda environment.yml is ignored. */
export const requirementsMasksCondaRule: Rule = {
  id: 'requirements-masks-conda',
  defaultSeverity: 'error',
  title: 'requirements.txt next to environment.yml hides the conda environment on DE5',
  check(app) {
    const env = environmentFileOf(app);
    if (!env || !app.has('requirements.txt')) {
      return [];
    }
    const fix = moveFix(app, env);
    return [
      {
        file: 'requirements.txt',
        range: new LineIndex(app.file('requirements.txt')?.text ?? '').lineRange(0),
        message: `With requirements.txt present DE5 builds a pip app and ignores ${env}, so its conda packages are not installed. Move these requirements under \`pip:\` in ${env} and delete requirements.txt; the DE5 conversion will do this.`,
        ...(fix ? { fixes: [fix] } : {}),
      },
    ];
  },
};

/**
 * Moves every requirements.txt line into the `pip:` list of the environment file by text edits that
 * keep its comments, then deletes requirements.txt. Unsafe when the file already pins a package
 * differently (its entry wins); none when either file cannot be read or the YAML cannot be extended.
 */
function moveFix(app: AppContext, env: string): Fix | undefined {
  const requirements = app.file('requirements.txt');
  const envText = app.file(env)?.text;
  if (!requirements || envText === undefined) {
    return undefined;
  }
  const merged = mergeIntoEnvironmentYml(env, envText, { header: [], channels: [], conda: [], pip: pipLinesOf(requirements.text) });
  if (!merged) {
    return undefined;
  }
  return {
    title: `Move requirements.txt into the pip: list of ${env}`,
    safety: merged.conflicts.length > 0 ? 'unsafe' : 'safe',
    edits: [...merged.edits, { kind: 'delete', file: 'requirements.txt' }],
  };
}
