import type { ExpectedTrap } from './expectedTrap';

/** examples/02_distributed_training.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT201', line: 46, why: 'per-store fit inside mapInPandas' },
  { rule: 'MLT202', line: 140, why: 'SparkTrials(parallelism=24) for max_evals=48' },
  { rule: 'MLT203', line: 136, why: 'the hyperopt objective returns R2 as the loss' },
  { rule: 'MLT204', line: 188, why: 'Optuna study in an MLflow notebook without MLflowCallback' },
];
