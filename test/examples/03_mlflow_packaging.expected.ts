import type { ExpectedTrap } from './expectedTrap';

/** examples/03_mlflow_packaging.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT302', line: 60, why: 'lightgbm, holidays, pandas undeclared' },
  { rule: 'MLT301', line: 109, why: 'train_booster() starts a run without nested=True and is called inside the sweep run' },
  { rule: 'MLT303', line: 144, why: 'load_context opens the multipliers JSON from /dbfs instead of context.artifacts' },
  { rule: 'MLT304', line: 177, why: 'booster registered without signature or input_example' },
];
