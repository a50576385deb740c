/**
 * What a practice check found, as plain data: the language server sends it to the editor as
 * the answer of `mltraps/practiceCheck`, the CLI prints it. No imports: the VS Code client
 * bundles this file (to format the result) without the engine.
 */

/** A trap of the answer key or of the learner's copy: what it is, never where (except for the learner's own new traps). */
export interface PracticeTrap {
  ruleId: string;
  ruleName: string;
  /** The rule's one-line title. */
  title: string;
  area: string;
  domain: string;
  /** The exam fact behind the trap: a hint, not the answer. */
  hint: string;
}

/** A trap the learner's copy has and the pristine notebook does not: where it is, in the learner's copy. */
export interface IntroducedTrap extends PracticeTrap {
  message: string;
  /** 1-based, counting every cell (a `.ipynb` copy only). */
  cell?: number;
  /** 1-based. */
  line: number;
}

export interface PracticeResult {
  /** The practice notebook's short name. */
  notebook: string;
  title: string;
  /** The traps of the answer key. */
  total: number;
  fixed: PracticeTrap[];
  /** Still in the learner's copy. */
  remaining: PracticeTrap[];
  introduced: IntroducedTrap[];
  /** `# noqa` / `# mltraps: ignore` comments of the copy that the check did not honour. */
  suppressionsIgnored: number;
  /** Every trap fixed and none introduced. */
  complete: boolean;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** One line: "spark-ml: 3 of 5 traps fixed, 2 still there, 1 new trap introduced." */
export function practiceScoreLine(result: PracticeResult): string {
  const parts = [`${result.fixed.length} of ${plural(result.total, 'trap')} fixed`];
  if (result.remaining.length > 0) parts.push(`${result.remaining.length} still there`);
  if (result.introduced.length > 0) parts.push(`${plural(result.introduced.length, 'new trap')} introduced`);
  return `${result.notebook}: ${parts.join(', ')}.${result.complete ? ' All traps fixed: well done!' : ''}`;
}

/** The whole result as text, for a terminal or the editor's output channel. */
export function formatPracticeResult(result: PracticeResult): string {
  const lines = [practiceScoreLine(result)];
  if (result.fixed.length > 0) {
    lines.push('', 'Fixed:');
    for (const trap of result.fixed) lines.push(`  ✓ ${trap.ruleId} ${trap.ruleName}: ${trap.title}`);
  }
  if (result.remaining.length > 0) {
    lines.push('', 'Still there (a hint each; find the code yourself):');
    for (const trap of result.remaining) lines.push(`  ✗ ${trap.area}: ${trap.hint}`);
  }
  if (result.introduced.length > 0) {
    lines.push('', 'New traps you introduced:');
    for (const trap of result.introduced) {
      const where = trap.cell === undefined ? `line ${trap.line}` : `cell ${trap.cell}, line ${trap.line}`;
      lines.push(`  ! ${where}: ${trap.ruleId} ${trap.ruleName}: ${trap.message}`);
    }
  }
  if (result.suppressionsIgnored > 0) {
    lines.push('', `${plural(result.suppressionsIgnored, 'suppression comment')} (# noqa, # mltraps: ignore) ignored: hiding a finding does not fix the trap.`);
  }
  return `${lines.join('\n')}\n`;
}
