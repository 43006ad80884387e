import type { Rule } from '../rule';
import { appJsonScriptsRule } from './appJsonScripts';
import { aptFileRule } from './aptFile';
import { aptUnsupportedEntryRule } from './aptUnsupportedEntry';
import { buildpacksFileRule } from './buildpacksFile';
import { checksFileRule } from './checksFile';
import { condaRequirementsRule } from './condaRequirements';
import { dokkuScaleRule } from './dokkuScale';
import { projectTomlSchemaRule } from './projectTomlSchema';
import { requirementsMasksCondaRule } from './requirementsMasksConda';
import { runtimeTxtRule } from './runtimeTxt';

/** Rules about the DE4 project files that DE5 replaces or ignores (reference §2.2, §3.2). */
export const de4FileRules: readonly Rule[] = [
  runtimeTxtRule,
  aptFileRule,
  aptUnsupportedEntryRule,
  condaRequirementsRule,
  appJsonScriptsRule,
  dokkuScaleRule,
  checksFileRule,
  buildpacksFileRule,
  projectTomlSchemaRule,
  requirementsMasksCondaRule,
];
