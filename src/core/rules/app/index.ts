import type { Rule } from '../rule';

/** Rules about the app as a whole: its files on disk and its git remotes. */
export const appRules: readonly Rule[] = [];
