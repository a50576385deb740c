import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt403InvalidStageName: Rule = {
  meta: { id: 'MLT403', name: 'invalid-stage-name', severity: 'error', area: 'Registry and lifecycle', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
