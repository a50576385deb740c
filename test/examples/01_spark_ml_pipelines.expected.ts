import type { ExpectedTrap } from './expectedTrap';

/** examples/01_spark_ml_pipelines.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT102', line: 102, why: 'OneHotEncoder staged before its StringIndexer' },
  { rule: 'MLT101', line: 112, why: 'GBTClassifier (through the module alias cls) with no VectorAssembler' },
  { rule: 'MLT103', line: 127, why: 'the raw "region" string assembled next to its indexer and encoder' },
  { rule: 'MLT104', line: 139, why: 'the assembler writes "tree_features", the decision tree reads the default "features"' },
  {
    rule: 'MLT105',
    line: 159,
    why: 'CrossValidator: 5 folds x 40 combinations = 200 models, above the limit of 100 (the only CrossValidator with a known count; the forest is tuned with TrainValidationSplit)',
  },
  { rule: 'MLT107', line: 204, why: 'randomSplit without a seed in a notebook that now logs its runs to MLflow' },
  { rule: 'MLT106', line: 208, why: 'TrainValidationSplit staged after a StringIndexer, which is fit on every row before the validation split' },
];
