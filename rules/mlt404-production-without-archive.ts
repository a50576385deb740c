import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt404ProductionWithoutArchive: Rule = {
  meta: { id: 'MLT404', name: 'production-without-archive', severity: 'information', area: 'Registry and lifecycle', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
