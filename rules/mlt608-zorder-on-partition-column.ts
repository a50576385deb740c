import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt608ZorderOnPartitionColumn: Rule = {
  meta: { id: 'MLT608', name: 'zorder-on-partition-column', severity: 'error', area: 'Deployment and serving', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
