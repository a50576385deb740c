import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt503ScoreBatchWithoutFeatureMetadata: Rule = {
  meta: { id: 'MLT503', name: 'score-batch-without-feature-metadata', severity: 'warning', area: 'Feature Store', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
