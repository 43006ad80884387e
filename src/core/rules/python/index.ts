import type { Rule } from '../rule';

export const pythonRules: readonly Rule[] = [];
