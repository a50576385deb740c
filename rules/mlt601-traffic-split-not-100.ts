import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt601TrafficSplitNot100: Rule = {
  meta: { id: 'MLT601', name: 'traffic-split-not-100', severity: 'error', area: 'Deployment and serving', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
