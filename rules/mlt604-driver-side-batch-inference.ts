import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt604DriverSideBatchInference: Rule = {
  meta: { id: 'MLT604', name: 'driver-side-batch-inference', severity: 'information', area: 'Deployment and serving', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
