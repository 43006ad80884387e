import type { RuleFinding } from '../../model/types';
import { parseCondaRequirements } from '../../parsers/condaRequirements';
import { parseCondarc } from '../../parsers/condarc';
import type { Rule } from '../rule';
import { condaConversionFix } from './condaConversion';
import { fileHead, listOf } from './fileHead';

/** DE4's conda buildpack files; DE5 reads a conda app from environment.yml only. */
export const condaRequirementsRule: Rule = {
  id: 'conda-requirements',
  defaultSeverity: 'warning',
  title: 'DE4 conda files must become environment.yml',
  check(app, options) {
    const out: RuleFinding[] = [];
    const env = app.has('environment.yml') ? 'environment.yml' : app.has('environment.yaml') ? 'environment.yaml' : undefined;
    const into = env ? `into ${env}` : 'to an environment.yml';
    if (app.has('conda-requirements.txt')) {
      const reqs = app.parse('conda-requirements.txt', parseCondaRequirements)?.value.requirements ?? [];
      const what = reqs.length === 1 ? 'its package' : `its ${reqs.length} packages`;
      out.push({
        file: 'conda-requirements.txt',
        range: reqs[0]?.range ?? fileHead(app.file('conda-requirements.txt')?.text),
        message:
          reqs.length === 0
            ? 'DE5 reads conda packages only from environment.yml and ignores conda-requirements.txt, which lists none here: delete it. The DE5 conversion will do this.'
            : `DE5 reads conda packages only from environment.yml and ignores conda-requirements.txt: move ${what} ${into} as \`name=version\` entries (build strings dropped). The DE5 conversion will do this.`,
      });
    }
    if (app.has('conda-runtime.txt')) {
      out.push({
        file: 'conda-runtime.txt',
        range: fileHead(app.file('conda-runtime.txt')?.text),
        message:
          'DE5 ignores conda-runtime.txt and chooses Miniconda itself; set the Python version with `python=X.Y` in environment.yml instead. The DE5 conversion will do this.',
      });
    }
    if (app.has('.condarc')) {
      const channels = app.parse('.condarc', parseCondarc)?.value.channels ?? [];
      const list = channels.length === 0 ? 'its channels' : `its channels (${listOf(channels.map((c) => c.name))})`;
      out.push({
        file: '.condarc',
        range: channels[0]?.range ?? fileHead(app.file('.condarc')?.text),
        message: `DE5 does not read .condarc: list ${list} under \`channels:\` in environment.yml. The DE5 conversion will do this.`,
      });
    }
    if (out.length === 0) {
      return out;
    }
    const fix = condaConversionFix(app, options);
    return fix ? out.map((f) => ({ ...f, fixes: [fix] })) : out;
  },
};
