import type { Rule } from '../rule';
import { dashEnterpriseAuthVersionRule } from './dashEnterpriseAuthVersion';
import { dashSnapshotsVersionRule } from './dashSnapshotsVersion';
import { de4PackageIndexRule } from './de4PackageIndex';
import { gunicornMissingRule } from './gunicornMissing';
import { legacyDashPackagesRule } from './legacyDashPackages';
import { pinIncompatiblePythonRule } from './pinIncompatiblePython';

/** Rules over requirements.txt and the root files it includes with `-r`. */
export const requirementsRules: readonly Rule[] = [
  dashEnterpriseAuthVersionRule,
  dashSnapshotsVersionRule,
  de4PackageIndexRule,
  gunicornMissingRule,
  legacyDashPackagesRule,
  pinIncompatiblePythonRule,
];
