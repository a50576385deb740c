import type { ExpectedTrap } from './expectedTrap';

/**
 * examples/weekly_retraining.ipynb, read by hand with examples/includes/setup.py, which it
 * runs with %run: every trap is visible only through a name the setup defines.
 */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT104', cell: 7, line: 2, why: 'the shared assembler writes "churn_features"; the GBTClassifier reads the default "features"' },
  { rule: 'MLT105', cell: 7, line: 8, why: 'CV_FOLDS = 10 in the setup, a 3 x 4 grid: 120 models (+1 refit)' },
  { rule: 'MLT304', cell: 8, line: 5, why: 'registered under the setup\'s MODEL_NAME without a signature, and the setup sets the Unity Catalog registry' },
  { rule: 'MLT406', cell: 10, line: 1, why: 'f"{SCHEMA}.churn_baseline" has two parts in the Unity Catalog registry the setup sets' },
  { rule: 'MLT401', cell: 11, line: 2, why: 'transition_model_version_stage on the setup\'s client, in the Unity Catalog registry the setup sets: raises (without the setup, only the legacy-API finding)' },
];
