import { dataGaps } from '../../de4/dataGaps';
import { de4MetadataLocator } from '../../de4/metadataFile';
import type { RuleFinding } from '../../model/types';
import type { Rule } from '../rule';

/**
 * What no migration script moves (Redis/Postgres data, mounted-directory data, the workspace), known
 * from the app's saved DE4 metadata: one finding per gap, on its entry in `.de-migrate/de4-app.json`.
 * An unreadable metadata file is `parse-error`'s to report, so this rule is then silent.
 */
export const dataNotMigratedRule: Rule = {
  id: 'data-not-migrated',
  defaultSeverity: 'warning',
  title: 'Data that no migration script moves: Redis/Postgres data, mounted-directory data, the workspace',
  check(app) {
    const { meta, file } = app.de4Metadata();
    if (!meta || !file) {
      return [];
    }
    const locate = de4MetadataLocator(file.text);
    return dataGaps(meta).map((g): RuleFinding => ({ file: file.path, range: locate(g.anchor), message: g.summary }));
  },
};
