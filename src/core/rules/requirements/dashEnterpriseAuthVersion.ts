import type { RuleFinding } from '../../model/types';
import type { Rule } from '../rule';
import { minimumVersionFindings } from './minimumVersion';
import { requirementSet, requirementsNamed } from './requirementFiles';
import { requiresAtLeast } from './versionBounds';

/** 0.0.6 added DE5 support; 0.2.5 fixed the removal of `dcc.LogoutButton` in Dash 3. */
export const DE5_AUTH_MIN = '0.0.6';
export const DASH3_AUTH_MIN = '0.2.5';

export const dashEnterpriseAuthVersionRule: Rule = {
  id: 'dash-enterprise-auth-version',
  defaultSeverity: 'error',
  title: 'dash-enterprise-auth is pinned to a version that does not support DE5',
  check(app): RuleFinding[] {
    const set = requirementSet(app);
    if (!set) {
      return [];
    }
    const dash3 = requirementsNamed(set, 'dash').some(({ req }) => requiresAtLeast(req.specifiers, '3'));
    return minimumVersionFindings(
      set,
      dash3
        ? {
            name: 'dash-enterprise-auth',
            min: DASH3_AUTH_MIN,
            why: `With Dash 3, dash-enterprise-auth needs ${DASH3_AUTH_MIN} or later (earlier versions use \`dcc.LogoutButton\`, which Dash 3 removed).`,
          }
        : {
            name: 'dash-enterprise-auth',
            min: DE5_AUTH_MIN,
            why: `DE5 support arrived in dash-enterprise-auth ${DE5_AUTH_MIN}; older versions cannot read DE5 logins.`,
          },
    );
  },
};
