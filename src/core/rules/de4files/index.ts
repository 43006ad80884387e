import type { Rule } from '../rule';

export const de4FileRules: readonly Rule[] = [];
