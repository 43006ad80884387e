import { MigrationStateError, parseMigrationState, type MigrationStateFile } from '../../shared/migrationState';
import { CoreError } from '../errors';

/**
 * Reads a migration state file (`.de-migrate/state.json`) for the report with the migration's own
 * parser; a file it refuses becomes an `invalid-input` CoreError naming `file` and the first problem.
 */
export function readStateForReport(text: string, file: string): MigrationStateFile {
  try {
    return parseMigrationState(text);
  } catch (err) {
    if (!(err instanceof MigrationStateError)) {
      throw err;
    }
    throw new CoreError('invalid-input', `${file} is not a migration state file: ${err.message}.`, {
      hint: 'Pass another file with --state, or run the migration again to rewrite it.',
      cause: err,
    });
  }
}
