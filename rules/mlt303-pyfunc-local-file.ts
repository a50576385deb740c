import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt303PyfuncLocalFile: Rule = {
  meta: { id: 'MLT303', name: 'pyfunc-local-file', severity: 'warning', area: 'MLflow tracking and packaging', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
