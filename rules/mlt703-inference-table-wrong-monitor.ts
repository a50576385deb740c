import type { Rule } from './engine/types';

// Stub: replaced by the rule's implementation.
export const mlt703InferenceTableWrongMonitor: Rule = {
  meta: { id: 'MLT703', name: 'inference-table-wrong-monitor', severity: 'information', area: 'Testing, monitoring and security', title: 'TODO' },
  docs: { trap: 'TODO', reality: 'TODO', example: '', useInstead: '', fix: 'TODO' },
  check() {},
};
