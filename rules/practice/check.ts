import type { Linter } from '../engine/linter';
import type { HostCell, ProgramSource } from '../engine/program';
import type { Finding, Rule } from '../engine/types';
import type { PracticeNotebook } from './notebooks';
import type { PracticeResult, PracticeTrap } from './result';

/**
 * Scores a learner's copy of a practice notebook against the pristine notebook. Both are linted
 * with every rule at its default severity and no configuration: the pristine notebook's
 * findings are the answer key. A trap of the key that the copy no longer has is fixed; one the
 * copy still has is still there (with a hint, never its line); a finding of the copy that the
 * key does not have is a trap the learner introduced.
 *
 * Findings are matched by rule and by the code they flag, never by line: the learner's edits
 * move lines. In order: the same rule, flagged text and message; the same rule and flagged
 * text; the same rule with the same code on the flagged line or on the line before or after it
 * (the flagged code itself was edited, the trap stayed). What is left unmatched is fixed (key)
 * or new (copy).
 *
 * A suppression comment (`# noqa`, `# mltraps: ignore`) hides a finding but fixes nothing: the
 * check reads both texts with suppressions disabled and says how many it ignored.
 */

interface Located {
  finding: Finding;
  /** The flagged code, whitespace collapsed. */
  code: string;
  /** The flagged line, and the nearest non-blank lines before and after it, whitespace collapsed. */
  context: string[];
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Same length, so offsets stay; the suppression readers no longer see them. */
function disableSuppressions(text: string): { text: string; count: number } {
  let count = 0;
  const disabled = text
    .replace(/#(\s*)noqa\b/gi, (_match, space: string) => {
      count++;
      return `#${space}n0qa`;
    })
    .replace(/#(\s*)mltraps:(\s*)ignore/g, (_match, space: string, space2: string) => {
      count++;
      return `#${space}mltraps:${space2}IGNORE`;
    });
  return { text: disabled, count };
}

function withoutSuppressions(source: ProgramSource): { source: ProgramSource; count: number } {
  let count = 0;
  const cells: HostCell[] = source.cells.map((cell) => {
    if (cell.kind !== 'code') return cell;
    const disabled = disableSuppressions(cell.text);
    count += disabled.count;
    return { ...cell, text: disabled.text };
  });
  return { source: { ...source, cells }, count };
}

function locate(source: ProgramSource, finding: Finding): Located {
  const text = source.cells[finding.cell ?? 0]?.text ?? '';
  const lines = text.split('\n');
  const line = finding.start.line;
  const near = (from: number, step: number): string | undefined => {
    for (let index = from + step; index >= 0 && index < lines.length; index += step) if (lines[index].trim() !== '') return collapse(lines[index]);
    return undefined;
  };
  const context = [collapse(lines[line] ?? ''), near(line, -1), near(line, 1)].filter((entry): entry is string => entry !== undefined && entry.length >= 8);
  return { finding, code: collapse(text.slice(finding.range.start, finding.range.end)), context };
}

type Matcher = (key: Located, copy: Located) => boolean;

const MATCHERS: readonly Matcher[] = [
  (key, copy) => key.code === copy.code && key.finding.message === copy.finding.message,
  (key, copy) => key.code === copy.code,
  (key, copy) => key.context.some((line) => copy.context.includes(line)),
];

function lint(linter: Linter, source: ProgramSource): { located: Located[]; suppressions: number } {
  const { source: readable, count } = withoutSuppressions(source);
  const { findings, skipped } = linter.lintSource(readable);
  if (skipped) throw new PracticeCheckError(`the notebook is not linted: ${skipped}`);
  return { located: findings.map((finding) => locate(readable, finding)), suppressions: count };
}

export class PracticeCheckError extends Error {}

function trapOf(rules: readonly Rule[], located: Located): PracticeTrap {
  const { finding } = located;
  const rule = rules.find((candidate) => candidate.meta.id === finding.ruleId);
  return {
    ruleId: finding.ruleId,
    ruleName: finding.ruleName,
    title: rule?.meta.title ?? finding.ruleName,
    area: rule?.meta.area ?? '',
    domain: rule?.meta.domain ?? '',
    hint: rule?.docs.examFact ?? '',
  };
}

export function checkPractice(linter: Linter, notebook: PracticeNotebook, pristine: ProgramSource, copy: ProgramSource): PracticeResult {
  const key = lint(linter, pristine).located;
  const learner = lint(linter, copy);
  const pairs: Array<[Located, Located]> = [];
  const openKey = new Set(key);
  const openCopy = new Set(learner.located);
  for (const matches of MATCHERS) {
    for (const answer of [...openKey]) {
      const match = [...openCopy].find((candidate) => candidate.finding.ruleId === answer.finding.ruleId && matches(answer, candidate));
      if (!match) continue;
      pairs.push([answer, match]);
      openKey.delete(answer);
      openCopy.delete(match);
    }
  }
  const rules = linter.rules;
  const fixed = key.filter((answer) => openKey.has(answer)).map((answer) => trapOf(rules, answer));
  const remaining = key
    .map((answer) => pairs.find(([paired]) => paired === answer))
    .filter((pair): pair is [Located, Located] => pair !== undefined)
    .map(([answer]) => trapOf(rules, answer));
  const introduced = learner.located
    .filter((found) => openCopy.has(found))
    .map((found) => ({
      ...trapOf(rules, found),
      message: found.finding.message,
      ...(found.finding.cell === undefined ? {} : { cell: found.finding.cell + 1 }),
      line: found.finding.start.line + 1,
    }));
  return {
    notebook: notebook.name,
    title: notebook.title,
    total: key.length,
    fixed,
    remaining,
    introduced,
    suppressionsIgnored: learner.suppressions,
    complete: remaining.length === 0 && introduced.length === 0,
  };
}
