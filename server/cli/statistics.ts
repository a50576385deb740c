import type { Finding, FixSafety } from '../../rules/engine/types';
import type { FileFindings } from './fileFindings';

/** One rule's line of `--statistics`. */
export interface RuleStatistic {
  code: string;
  name: string;
  count: number;
  /** Every finding of the rule has a fix --fix would apply (Ruff's `[*]`). */
  fixable: boolean;
}

/**
 * Findings counted per rule, most frequent first and then by code, as Ruff's `--statistics`.
 * `applicable` are the fix safeties the run's --fix would apply (unsafe ones only with
 * --unsafe-fixes).
 */
export function ruleStatistics(files: readonly FileFindings[], applicable: readonly FixSafety[]): RuleStatistic[] {
  const byCode = new Map<string, RuleStatistic>();
  const fixable = (finding: Finding) => finding.fixes.some((fix) => applicable.includes(fix.safety));
  for (const finding of files.flatMap((file) => file.findings)) {
    const entry = byCode.get(finding.ruleId);
    if (entry) {
      entry.count++;
      entry.fixable &&= fixable(finding);
    } else {
      byCode.set(finding.ruleId, { code: finding.ruleId, name: finding.ruleName, count: 1, fixable: fixable(finding) });
    }
  }
  return [...byCode.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * `count<TAB>code<TAB>[*] name` with the count right-aligned and the code padded, as Ruff
 * (after Flake8) prints them; the `[*]` / `[ ]` column only when some rule is fixable.
 */
export function formatStatisticsText(statistics: readonly RuleStatistic[]): string {
  if (statistics.length === 0) return '';
  const countWidth = Math.max(...statistics.map((entry) => String(entry.count).length));
  const codeWidth = Math.max(...statistics.map((entry) => entry.code.length));
  const anyFixable = statistics.some((entry) => entry.fixable);
  return statistics
    .map((entry) => {
      const marker = anyFixable ? (entry.fixable ? '[*] ' : '[ ] ') : '';
      return `${String(entry.count).padStart(countWidth)}\t${entry.code.padEnd(codeWidth)}\t${marker}${entry.name}\n`;
    })
    .join('');
}

export function formatStatisticsJson(statistics: readonly RuleStatistic[]): string {
  return `${JSON.stringify(statistics, null, 2)}\n`;
}
