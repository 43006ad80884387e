import type { Rule } from '../rule';
import { dataNotMigratedRule } from './dataNotMigrated';
import { largeDataFileRule } from './largeDataFile';
import { sshPort3022Rule } from './sshPort3022';

/** Rules about the app as a whole: its files on disk, its git remotes and its data on the DE4 server. */
export const appRules: readonly Rule[] = [largeDataFileRule, sshPort3022Rule, dataNotMigratedRule];
