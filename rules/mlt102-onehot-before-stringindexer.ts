import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt102OnehotBeforeStringindexer: Rule = {
  meta: { id: 'MLT102', name: 'onehot-before-stringindexer', severity: 'error', area: 'Spark ML pipelines', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
