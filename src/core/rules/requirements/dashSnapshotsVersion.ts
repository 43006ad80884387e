import type { RuleFinding } from '../../model/types';
import type { Rule } from '../rule';
import { minimumVersionFindings } from './minimumVersion';
import { requirementSet } from './requirementFiles';

export const DE5_SNAPSHOTS_MIN = '2.2.1';

export const dashSnapshotsVersionRule: Rule = {
  id: 'dash-snapshots-version',
  defaultSeverity: 'error',
  title: 'dash-snapshots is pinned to a version that does not support DE5',
  check(app): RuleFinding[] {
    const set = requirementSet(app);
    return set
      ? minimumVersionFindings(set, {
          name: 'dash-snapshots',
          min: DE5_SNAPSHOTS_MIN,
          why: `DE5 needs dash-snapshots ${DE5_SNAPSHOTS_MIN} or later.`,
        })
      : [];
  },
};
