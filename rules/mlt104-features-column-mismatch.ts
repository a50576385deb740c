import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt104FeaturesColumnMismatch: Rule = {
  meta: { id: 'MLT104', name: 'features-column-mismatch', severity: 'error', area: 'Spark ML pipelines', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
