import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt301NestedRunWithoutFlag: Rule = {
  meta: { id: 'MLT301', name: 'nested-run-without-flag', severity: 'error', area: 'MLflow tracking and packaging', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
