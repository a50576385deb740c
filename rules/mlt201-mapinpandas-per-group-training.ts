import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt201MapinpandasPerGroupTraining: Rule = {
  meta: { id: 'MLT201', name: 'mapinpandas-per-group-training', severity: 'warning', area: 'Distributed training and tuning', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
