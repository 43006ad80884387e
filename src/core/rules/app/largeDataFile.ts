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
          `${file} is ${mb} MB, too large to deploy with the app on DE5. Store it as Parquet, on the DE5 persistent filesystem ` +
          '(`../mount`, copied there by hand) or in object storage, and keep it out of the app folder.',
      });
    }
    return out;
  },
};
