import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt405InvalidWebhookEvent: Rule = {
  meta: { id: 'MLT405', name: 'invalid-webhook-event', severity: 'error', area: 'Registry and lifecycle', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
