import type { Rule } from '../rule';

export const requirementsRules: readonly Rule[] = [];
