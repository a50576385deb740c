import type { ExpectedTrap } from './expectedTrap';

/** examples/05_feature_store.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT502', line: 84, why: 'write_table mode="append" does not exist: "merge" upserts by primary key' },
  { rule: 'MLT501', line: 99, why: 'training lookup into the time-series activity table without timestamp_lookup_key (no point-in-time join)' },
  { rule: 'MLT503', line: 162, why: 'score_batch on the baseline logged with plain mlflow.sklearn.log_model (no feature metadata)' },
  { rule: 'MLT504', line: 203, why: 'the tenure model trained on its own training set is logged only with mlflow.sklearn.log_model (no feature metadata)' },
];
