import type { ExpectedTrap } from './expectedTrap';

/** examples/02_distributed_training.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT201', line: 46, why: 'per-store fit inside mapInPandas' },
  { rule: 'MLT203', line: 140, why: 'the hyperopt objective returns R2 as the loss, through a variable named loss' },
  { rule: 'MLT202', line: 144, why: 'SparkTrials(parallelism=24) for max_evals=48 with TPE' },
  { rule: 'MLT204', line: 192, why: 'Optuna study in an MLflow notebook without MLflowCallback' },
  { rule: 'MLT202', line: 224, why: 'MlflowSparkStudy.optimize without n_jobs: one Spark task per trial, all 40 at once' },
  { rule: 'MLT205', line: 251, why: 'SparkTrials around an objective that builds and fits a Spark ML GBTRegressor: no SparkContext on the worker' },
];
