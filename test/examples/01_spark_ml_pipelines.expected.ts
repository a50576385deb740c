import type { ExpectedTrap } from './expectedTrap';

/** examples/01_spark_ml_pipelines.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT102', line: 95, why: 'OneHotEncoder staged before its StringIndexer' },
  { rule: 'MLT101', line: 105, why: 'GBTClassifier with no VectorAssembler' },
];
