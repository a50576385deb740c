import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt203MaximizedMetricMinimized: Rule = {
  meta: { id: 'MLT203', name: 'maximized-metric-minimized', severity: 'warning', area: 'Distributed training and tuning', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
