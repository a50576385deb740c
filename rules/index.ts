import type { Rule } from './engine/types';
import { mlt101MissingVectorAssembler } from './mlt101-missing-vector-assembler';
import { mlt102OnehotBeforeStringindexer } from './mlt102-onehot-before-stringindexer';
import { mlt201MapinpandasPerGroupTraining } from './mlt201-mapinpandas-per-group-training';
import { mlt302PyfuncUndeclaredDependencies } from './mlt302-pyfunc-undeclared-dependencies';
import { mlt601TrafficSplitNot100 } from './mlt601-traffic-split-not-100';

/** Every rule, in id order. Ids and names never change once shipped. */
export const allRules: readonly Rule[] = [
  mlt101MissingVectorAssembler,
  mlt102OnehotBeforeStringindexer,
  mlt201MapinpandasPerGroupTraining,
  mlt302PyfuncUndeclaredDependencies,
  mlt601TrafficSplitNot100,
];

export function findRule(idOrName: string): Rule | undefined {
  const key = idOrName.trim();
  return allRules.find((rule) => rule.meta.id === key.toUpperCase() || rule.meta.name === key);
}
