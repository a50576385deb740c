import type { ExpectedTrap } from './expectedTrap';

/** examples/02_distributed_training.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [{ rule: 'MLT201', line: 46, why: 'per-store fit inside mapInPandas' }];
