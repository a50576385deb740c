import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt402StageModelUri: Rule = {
  meta: { id: 'MLT402', name: 'stage-model-uri', severity: 'information', area: 'Registry and lifecycle', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
