import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt103RawStringIntoAssembler: Rule = {
  meta: { id: 'MLT103', name: 'raw-string-into-assembler', severity: 'error', area: 'Spark ML pipelines', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
