import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt606StreamingAggregationWithoutWatermark: Rule = {
  meta: { id: 'MLT606', name: 'streaming-aggregation-without-watermark', severity: 'warning', area: 'Deployment and serving', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
