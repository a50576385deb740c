import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt607ServingPayloadFormat: Rule = {
  meta: { id: 'MLT607', name: 'serving-payload-format', severity: 'error', area: 'Deployment and serving', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
