import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt501PointInTimeLookupMissing: Rule = {
  meta: { id: 'MLT501', name: 'point-in-time-lookup-missing', severity: 'warning', area: 'Feature Store', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
