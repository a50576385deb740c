import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { portablePath } from './fileFindings';
import type { FixedFile } from './lintFiles';

function patch(name: string, before: string, after: string): string {
  return createTwoFilesPatch(name, name, before, after, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
}

/**
 * What --diff prints for one file, as Ruff's `check --diff` does: a unified diff of the file
 * headed `--- path` / `+++ path`; for a notebook one per changed cell, of the cell's source,
 * headed `--- path:cell 3` (1-based, every cell counted, as the findings name cells), since
 * a diff of the notebook's JSON would be unreadable. A blank line ends each file.
 */
export function fileDiff(file: FixedFile): string {
  const name = portablePath(file.displayPath);
  if (!file.notebook) return `${patch(name, file.originalText, file.fixedText)}\n`;
  const cells = file.fixedCells
    .map((after, index) => (after === file.originalCells[index] ? '' : patch(`${name}:cell ${index + 1}`, file.originalCells[index], after)))
    .join('');
  return `${cells}\n`;
}
