import type { Rule } from '../rule';
import { dashDependenciesImportRule } from './dashDependenciesImport';
import { legacyDashImportsRule } from './legacyDashImports';
import { longCallbackRemovedRule } from './longCallbackRemoved';
import { mappedDirectoryPathRule } from './mappedDirectoryPath';
import { procfileMissingRule } from './procfileMissing';
import { procfileTargetMissingRule } from './procfileTargetMissing';
import { runServerRemovedRule } from './runServerRemoved';
import { serverMissingRule } from './serverMissing';
import { serviceEnvVarRule } from './serviceEnvVar';

/** Rules that read the app's Python code (and the Procfile that names its entry point). */
export const pythonRules: readonly Rule[] = [
  procfileMissingRule,
  procfileTargetMissingRule,
  serverMissingRule,
  legacyDashImportsRule,
  dashDependenciesImportRule,
  runServerRemovedRule,
  longCallbackRemovedRule,
  serviceEnvVarRule,
  mappedDirectoryPathRule,
];
