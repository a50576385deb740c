import type { FixSafety, Rule } from '../../rules/engine/types';
import { cellNumber, hasSafeFix, isFixable, type FileFindings } from './fileFindings';
import { formatGithub } from './github';
import { sarifLog } from './sarif';
import type { OutputFormat } from './args';

/**
 * `path:line:col: MLT101 message`, one line per finding, 1-based line and column; in a
 * notebook `path:cell 3:line:col: ...` with the line in that cell, as Ruff prints them.
 * With `showFixes` (--show-fixes without --fix), a finding that --fix would fix is marked
 * `MLT101 [*] message` as Ruff marks it, and each fix offered follows on its own indented
 * line: `    safe fix: <title>` or `    unsafe fix (--fix --unsafe-fixes): <title>`.
 */
export function formatText(files: readonly FileFindings[], options: { showFixes?: boolean } = {}): string {
  const lines: string[] = [];
  for (const { displayPath, findings } of files) {
    for (const finding of findings) {
      const cell = cellNumber(finding);
      const where = cell === undefined ? displayPath : `${displayPath}:cell ${cell}`;
      const marker = options.showFixes && hasSafeFix(finding) ? '[*] ' : '';
      lines.push(`${where}:${finding.start.line + 1}:${finding.start.character + 1}: ${finding.ruleId} ${marker}${finding.message}`);
      if (!options.showFixes) continue;
      for (const fix of finding.fixes) lines.push(fix.safety === 'safe' ? `    safe fix: ${fix.title}` : `    unsafe fix (--fix --unsafe-fixes): ${fix.title}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export interface JsonFinding {
  file: string;
  /** In a notebook: the cell (1-based, counting every cell); line and column are then in that cell. */
  cell?: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  name: string;
  severity: string;
  message: string;
  fixable: boolean;
  /** The fixes offered, best first: `safe` ones go into --fix and "fix all", `unsafe` ones need --unsafe-fixes. */
  fixes: Array<{ title: string; safety: FixSafety }>;
}

export function jsonFindings(files: readonly FileFindings[]): JsonFinding[] {
  return files.flatMap(({ displayPath, findings }) =>
    findings.map((finding) => ({
      file: displayPath,
      ...(finding.cell === undefined ? {} : { cell: cellNumber(finding) }),
      line: finding.start.line + 1,
      column: finding.start.character + 1,
      endLine: finding.end.line + 1,
      endColumn: finding.end.character + 1,
      code: finding.ruleId,
      name: finding.ruleName,
      severity: finding.severity,
      message: finding.message,
      fixable: isFixable(finding),
      fixes: finding.fixes.map((fix) => ({ title: fix.title, safety: fix.safety })),
    })),
  );
}

export function formatFindings(format: OutputFormat, files: readonly FileFindings[], rules: readonly Rule[], version: string, options: { showFixes?: boolean } = {}): string {
  switch (format) {
    case 'text':
      return formatText(files, options);
    case 'github':
      return formatGithub(files);
    case 'json':
      return `${JSON.stringify(jsonFindings(files), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(sarifLog(files, rules, version), null, 2)}\n`;
  }
}
