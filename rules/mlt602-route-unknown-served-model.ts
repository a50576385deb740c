import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt602RouteUnknownServedModel: Rule = {
  meta: { id: 'MLT602', name: 'route-unknown-served-model', severity: 'error', area: 'Deployment and serving', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
