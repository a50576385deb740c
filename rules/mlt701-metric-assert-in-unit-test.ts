import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt701MetricAssertInUnitTest: Rule = {
  meta: { id: 'MLT701', name: 'metric-assert-in-unit-test', severity: 'warning', area: 'Testing, monitoring and security', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
