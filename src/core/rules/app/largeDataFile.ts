import { FILE_START } from '../../model/text';
import type { RuleFinding } from '../../model/types';
import type { Rule } from '../rule';

export const largeDataFileRule: Rule = {
  id: 'large-data-file',
  defaultSeverity: 'warning',
  title: 'A large data file is part of the app',
  check(app, options) {
    const out: RuleFinding[] = [];
    for (const [file, size] of app.snapshot.sizes) {
      if (size <= options.largeFileBytes) {
        continue;
      }
      const mb = (size / (1024 * 1024)).toFixed(1);
      out.push({
        file,
        range: FILE_START,
        message:
          `${file} is ${mb} MB; every DE5 build and push carries it. Store it as Parquet, on the DE5 persistent filesystem (\`../mount\`) ` +
          'or in object storage, and keep it out of the app folder.',
      });
    }
    return out;
  },
};
