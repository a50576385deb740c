import type { TextEdit } from './types';

/** Apply non-overlapping edits to a text. Throws on overlap: a fix must never garble a file. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) throw new Error('overlapping edits');
  }
  let result = '';
  let cursor = 0;
  for (const edit of sorted) {
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/** Whether two edit lists touch the same text (edits in different notebook cells never do). */
export function editsOverlap(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  return a.some((x) => b.some((y) => (x.cell ?? 0) === (y.cell ?? 0) && ((x.start < y.end && y.start < x.end) || (x.start === y.start && x.end === x.start && y.end === y.start))));
}
