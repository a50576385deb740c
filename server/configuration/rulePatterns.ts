import { activeRules } from '../../rules/engine/linter';
import type { Rule } from '../../rules/engine/types';

/**
 * The --select / --ignore entries that name no rule (an unknown id, prefix or name is a typo
 * that would otherwise silently lint nothing, or ignore nothing).
 */
export function unknownRulePatterns(rules: readonly Rule[], patterns: readonly string[]): string[] {
  return patterns.filter((pattern) => activeRules(rules, { select: [pattern] }).length === 0);
}
