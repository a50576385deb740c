import type { ExpectedTrap } from './expectedTrap';

/** examples/03_mlflow_packaging.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT302', line: 64, why: 'holidays is imported only inside predict(); no requirements and no input_example, so MLflow\'s inference misses it and the first request fails' },
  { rule: 'MLT301', line: 114, why: 'train_booster() starts a run without nested=True and is called inside the sweep run' },
  { rule: 'MLT303', line: 149, why: 'load_context opens the multipliers JSON from /dbfs instead of context.artifacts' },
  { rule: 'MLT304', line: 183, why: 'booster registered to Unity Catalog without signature or input_example (an error there)' },
];
