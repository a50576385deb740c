import type { ExpectedTrap } from './expectedTrap';

/** examples/07_testing_monitoring_security.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT701', line: 52, why: 'a def test_* unit test asserts the model AUC' },
  { rule: 'MLT702', line: 81, why: 'KS test on the categorical features of cat_cols' },
  { rule: 'MLT703', line: 139, why: 'Snapshot profile on the churn endpoint raw inference (_payload) table' },
  { rule: 'MLT704', line: 163, why: 'a personal access token pasted into a Bearer header' },
  { rule: 'MLT706', line: 185, why: 'the daily_scores monitor has no schedule and, unlike the four above, is never refreshed' },
  { rule: 'MLT705', line: 203, why: "the notebook's own apiToken() is stored in the retraining webhook's JobSpec" },
];
