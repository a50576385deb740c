import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt202TuningParallelismTooHigh: Rule = {
  meta: { id: 'MLT202', name: 'tuning-parallelism-too-high', severity: 'warning', area: 'Distributed training and tuning', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
