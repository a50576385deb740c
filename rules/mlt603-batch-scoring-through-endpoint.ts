import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt603BatchScoringThroughEndpoint: Rule = {
  meta: { id: 'MLT603', name: 'batch-scoring-through-endpoint', severity: 'warning', area: 'Deployment and serving', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
