import type { ExpectedTrap } from './expectedTrap';

/** examples/03_mlflow_packaging.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT302', line: 64, why: 'holidays is imported only inside predict(); no requirements and no input_example, so MLflow\'s inference misses it and the first request fails' },
  { rule: 'MLT301', line: 114, why: 'train_booster() starts a run without nested=True and is called inside the sweep run' },
  { rule: 'MLT303', line: 149, why: 'load_context opens the multipliers JSON from /dbfs instead of context.artifacts' },
  { rule: 'MLT304', line: 183, why: 'booster registered to Unity Catalog without signature or input_example (an error there)' },
  { rule: 'MLT307', line: 223, why: '"sklearn==1.4.2" in pip_requirements: the sklearn placeholder on PyPI refuses to install, so the model environment does not build (scikit-learn==1.4.2)' },
  { rule: 'MLT306', line: 241, why: 'the second booster version is registered to Unity Catalog with infer_signature(example[FEATURES]): inputs only, which Unity Catalog rejects' },
  { rule: 'MLT305', line: 254, why: 'mlflow.lightgbm.autolog() comes after every lgb.train of the notebook and nothing trains after it: it records none of them' },
];
