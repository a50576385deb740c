import type { Finding } from '../../rules/engine/types';

/** The findings of one linted file, under the path the output shows. */
export interface FileFindings {
  displayPath: string;
  /** A Jupyter notebook: each finding names its cell, and its positions are in that cell. */
  notebook: boolean;
  findings: Finding[];
  /**
   * For a notebook: the `.ipynb` file's text and its cells' texts, as linted (after --fix), so
   * that a fix's cell edits can be given as offsets in the file (SARIF replacements).
   */
  notebookFile?: NotebookFileText;
}

export interface NotebookFileText {
  text: string;
  cells: readonly string[];
}

/** How a notebook's cell is named in the output: 1-based, counting every cell (markdown too), as Ruff does. */
export function cellNumber(finding: Finding): number | undefined {
  return finding.cell === undefined ? undefined : finding.cell + 1;
}

/** SARIF and most tools want forward slashes, whatever the platform. */
export function portablePath(displayPath: string): string {
  return displayPath.split('\\').join('/');
}

/** A fix exists (safe, applied by --fix; or unsafe, applied by --fix --unsafe-fixes). */
export function isFixable(finding: Finding): boolean {
  return finding.fixes.length > 0;
}

export function hasSafeFix(finding: Finding): boolean {
  return finding.fixes.some((fix) => fix.safety === 'safe');
}
