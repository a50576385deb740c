import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt407PromotionWithoutValidation: Rule = {
  meta: { id: 'MLT407', name: 'promotion-without-validation', severity: 'information', area: 'Registry and lifecycle', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
