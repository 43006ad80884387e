import { LineIndex } from '../../model/text';
import type { Rule } from '../rule';

/** DE5 picks the pip buildpack whenever requirements.txt exists, so a conda environment.yml is ignored. */
export const requirementsMasksCondaRule: Rule = {
  id: 'requirements-masks-conda',
  defaultSeverity: 'error',
  title: 'requirements.txt next to environment.yml hides the conda environment on DE5',
  check(app) {
    const env = ['environment.yml', 'environment.yaml'].find((p) => app.has(p));
    if (!env || !app.has('requirements.txt')) {
      return [];
    }
    return [
      {
        file: 'requirements.txt',
        range: new LineIndex(app.file('requirements.txt')?.text ?? '').lineRange(0),
        message: `With requirements.txt present DE5 builds a pip app and ignores ${env}, so its conda packages are not installed. Move these requirements under \`pip:\` in ${env} and delete requirements.txt; the DE5 conversion will do this.`,
      },
    ];
  },
};
