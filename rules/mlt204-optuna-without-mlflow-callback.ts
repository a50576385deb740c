import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt204OptunaWithoutMlflowCallback: Rule = {
  meta: { id: 'MLT204', name: 'optuna-without-mlflow-callback', severity: 'hint', area: 'Distributed training and tuning', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
