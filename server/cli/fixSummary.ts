import { plural } from '../../rules/engine/plural';
import type { FixedFile } from './lintFiles';

/**
 * --show-fixes with --fix, after Ruff's fix summary:
 *
 *     Fixed 3 findings:
 *     - notebooks/train.py:
 *         2 × MLT201 (log-model-without-signature)
 *         1 × MLT101 (missing-vector-assembler)
 *
 * Files in path order, rules by count (most first) then id.
 */
export function fixSummary(fixed: readonly FixedFile[]): string[] {
  const total = fixed.reduce((sum, file) => sum + file.fixedRules.length, 0);
  if (total === 0) return [];
  const tables = fixed.map((file) => {
    const counts = new Map<string, { id: string; name: string; count: number }>();
    for (const rule of file.fixedRules) {
      const entry = counts.get(rule.ruleId) ?? { id: rule.ruleId, name: rule.ruleName, count: 0 };
      entry.count++;
      counts.set(rule.ruleId, entry);
    }
    const rows = [...counts.values()].sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { path: file.displayPath, rows };
  });
  const width = Math.max(...tables.flatMap((table) => table.rows.map((row) => String(row.count).length)));
  const lines = [`Fixed ${plural(total, 'finding')}:`];
  for (const table of [...tables].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    lines.push(`- ${table.path}:`);
    for (const row of table.rows) lines.push(`    ${String(row.count).padStart(width)} × ${row.id} (${row.name})`);
  }
  return lines;
}
