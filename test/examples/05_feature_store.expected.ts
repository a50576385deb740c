import type { ExpectedTrap } from './expectedTrap';

/** examples/05_feature_store.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT502', line: 80, why: 'write_table mode="append" does not exist: "merge" upserts by primary key' },
  { rule: 'MLT501', line: 95, why: 'lookup into the time-series activity table without timestamp_lookup_key (label leakage)' },
  { rule: 'MLT503', line: 151, why: 'score_batch on the baseline logged with plain mlflow.sklearn.log_model (no feature metadata)' },
];
