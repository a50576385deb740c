import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt101MissingVectorAssembler: Rule = {
  meta: { id: 'MLT101', name: 'missing-vector-assembler', severity: 'error', area: 'Spark ML pipelines', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
