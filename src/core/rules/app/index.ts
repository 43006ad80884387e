import type { Rule } from '../rule';
import { largeDataFileRule } from './largeDataFile';
import { sshPort3022Rule } from './sshPort3022';

/** Rules about the app as a whole: its files on disk and its git remotes. */
export const appRules: readonly Rule[] = [largeDataFileRule, sshPort3022Rule];
