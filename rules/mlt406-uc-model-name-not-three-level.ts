import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt406UcModelNameNotThreeLevel: Rule = {
  meta: { id: 'MLT406', name: 'uc-model-name-not-three-level', severity: 'warning', area: 'Registry and lifecycle', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
