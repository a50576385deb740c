import type { ExpectedTrap } from './expectedTrap';

/** examples/06_model_serving.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [{ rule: 'MLT601', line: 55, why: '90 + 15 = 105' }];
