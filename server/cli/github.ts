import type { Severity } from '../../rules/engine/types';
import { cellNumber, portablePath, type FileFindings } from './fileFindings';

/**
 * GitHub Actions workflow commands (`::error file=...,line=...::message`), one per finding:
 * the runner turns them into annotations on the pull request's diff. Laid out as Ruff's
 * `--output-format github` (title `mltraps (MLT101)`, the message repeats the text output's
 * line), with the level from the severity (Ruff always says error).
 */
const LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

/** As @actions/core's command.ts escapeData: `%`, CR and LF in the message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As @actions/core's command.ts escapeProperty: also `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(level: string, properties: ReadonlyArray<readonly [string, string | number]>, message: string): string {
  const list = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${level} ${list}::${escapeData(message)}`;
}

/**
 * A notebook finding names the `.ipynb` file only: GitHub places annotations by line of the
 * file, and a cell's lines are not lines of the notebook's JSON (Ruff gives up there too and
 * prints a made-up 1:1). The cell, line and column within it are in the message instead,
 * `nb.ipynb:cell 3:4:5: MLT101 ...`, as the text output prints them.
 */
export function formatGithub(files: readonly FileFindings[]): string {
  const lines: string[] = [];
  for (const { displayPath, findings } of files) {
    const file = portablePath(displayPath);
    for (const finding of findings) {
      const title = `mltraps (${finding.ruleId})`;
      const cell = cellNumber(finding);
      const line = finding.start.line + 1;
      const column = finding.start.character + 1;
      const where = cell === undefined ? `${file}:${line}:${column}` : `${file}:cell ${cell}:${line}:${column}`;
      const message = `${where}: ${finding.ruleId} ${finding.message}`;
      const properties: Array<readonly [string, string | number]> =
        cell === undefined
          ? [
              ['file', file],
              ['line', line],
              ['col', column],
              ['endLine', finding.end.line + 1],
              ['endColumn', finding.end.character + 1],
              ['title', title],
            ]
          : [
              ['file', file],
              ['title', title],
            ];
      lines.push(command(LEVEL[finding.severity], properties, message));
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
