import type { FixSafety, Rule } from '../../rules/engine/types';
import { isFixable, type FileFindings } from './fileFindings';
import { sarifLog } from './sarif';
import type { OutputFormat } from './args';

/** `path:line:col: MLT101 message`, one line per finding, 1-based line and column. */
export function formatText(files: readonly FileFindings[]): string {
  const lines: string[] = [];
  for (const { displayPath, findings } of files) {
    for (const finding of findings) {
      lines.push(`${displayPath}:${finding.start.line + 1}:${finding.start.character + 1}: ${finding.ruleId} ${finding.message}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export interface JsonFinding {
  file: string;
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

export function formatFindings(format: OutputFormat, files: readonly FileFindings[], rules: readonly Rule[], version: string): string {
  switch (format) {
    case 'text':
      return formatText(files);
    case 'json':
      return `${JSON.stringify(jsonFindings(files), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(sarifLog(files, rules, version), null, 2)}\n`;
  }
}
