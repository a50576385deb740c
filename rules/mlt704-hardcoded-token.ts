import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt704HardcodedToken: Rule = {
  meta: { id: 'MLT704', name: 'hardcoded-token', severity: 'error', area: 'Testing, monitoring and security', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
