import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt105CrossvalidatorModelCount: Rule = {
  meta: { id: 'MLT105', name: 'crossvalidator-model-count', severity: 'information', area: 'Spark ML pipelines', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
