import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt702DriftTestMismatch: Rule = {
  meta: { id: 'MLT702', name: 'drift-test-mismatch', severity: 'warning', area: 'Testing, monitoring and security', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
