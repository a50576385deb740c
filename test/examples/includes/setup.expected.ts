import type { ExpectedTrap } from '../expectedTrap';

/** examples/includes/setup.py: the shared setup weekly_retraining.ipynb runs; correct on its own. */
export const expected: ExpectedTrap[] = [];
