import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt502InvalidFeatureWriteMode: Rule = {
  meta: { id: 'MLT502', name: 'invalid-feature-write-mode', severity: 'error', area: 'Feature Store', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
