import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt304RegisteredWithoutSignature: Rule = {
  meta: { id: 'MLT304', name: 'registered-without-signature', severity: 'information', area: 'MLflow tracking and packaging', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
