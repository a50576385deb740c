import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt605StreamWithoutCheckpoint: Rule = {
  meta: { id: 'MLT605', name: 'stream-without-checkpoint', severity: 'warning', area: 'Deployment and serving', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
