import { applyEdits } from '../../rules/engine/edits';
import { writeIpynbSources } from '../../rules/engine/ipynb';
import type { Fix } from '../../rules/engine/types';
import type { NotebookFileText } from './fileFindings';

/** A replacement in a file's text: `[offset, offset + length)` becomes `inserted` (UTF-16 offsets). */
export interface FileReplacement {
  offset: number;
  length: number;
  inserted: string;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The smallest span where `before` and `after` differ, as one replacement: what is left of
 * the common prefix and suffix. Never cuts a surrogate pair in two.
 */
export function differingSpan(before: string, after: string): FileReplacement {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { offset: prefix, length: before.length - prefix - suffix, inserted: after.slice(prefix, after.length - suffix) };
}

/**
 * A notebook fix as one replacement in the `.ipynb` file's text: the fix's edits applied to
 * their cells, the notebook rewritten as --fix writes it (only those cells' `source` change),
 * and the span of the file that differs. Undefined when the fix changes nothing.
 */
export function notebookFixReplacement(file: NotebookFileText, fix: Fix): FileReplacement | undefined {
  const byCell = new Map<number, Fix['edits']>();
  for (const edit of fix.edits) {
    const cell = edit.cell ?? 0;
    byCell.set(cell, [...(byCell.get(cell) ?? []), edit]);
  }
  const sources = new Map<number, string>();
  for (const [cell, edits] of byCell) sources.set(cell, applyEdits(file.cells[cell], edits));
  const after = writeIpynbSources(file.text, sources);
  return after === file.text ? undefined : differingSpan(file.text, after);
}
