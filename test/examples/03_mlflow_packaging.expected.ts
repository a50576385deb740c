import type { ExpectedTrap } from './expectedTrap';

/** examples/03_mlflow_packaging.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [{ rule: 'MLT302', line: 60, why: 'lightgbm, holidays, pandas undeclared' }];
