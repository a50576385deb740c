import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt401LegacyStageTransition: Rule = {
  meta: { id: 'MLT401', name: 'legacy-stage-transition', severity: 'information', area: 'Registry and lifecycle', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
