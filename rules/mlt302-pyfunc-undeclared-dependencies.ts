import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt302PyfuncUndeclaredDependencies: Rule = {
  meta: { id: 'MLT302', name: 'pyfunc-undeclared-dependencies', severity: 'warning', area: 'MLflow tracking and packaging', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
