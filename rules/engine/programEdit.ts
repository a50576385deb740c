import { MAX_LINT_LENGTH } from './lintability';
import { lineEndFrom } from './lineStarts';
import type { Program, ProgramCell, ProgramSource } from './program';
import { differingStretch } from './programParser';

/**
 * The program of a new version of the user's text from the previous version's program, when
 * the edit between them is typing inside one line of code (the common keystroke): the previous
 * program with the offsets after the edit moved. Gives what buildProgram gives; undefined when
 * it cannot say so cheaply (the caller builds the program).
 *
 * Building reads the whole text again: it cuts an export at its separators and makes an object
 * for each cell and each Python range, and the store checked the lintability limits cell by
 * cell. Moving instead cut what a keystroke allocates (`npm run bench`, heap sampling) from
 * 1,159 to 975 KB at 2,000 lines and from 3,637 to 2,750 KB at 10,000.
 *
 * The edit qualifies when:
 * - it changes one code cell of the source, within one line, replacing characters that play
 *   no part in the layout (kernelCells) or in the lintability limits: printable ASCII but
 *   line breaks, `#`, `%`, `!`, `?`, `*`, quotes, backslashes and brackets;
 * - the character before it is not a quote or a backslash (a quote is read with the two
 *   characters after it, a backslash with the one after it: those after the edit keep theirs);
 * - the line is not blank before or after it (a first line decides a cell's magic), and does
 *   not start with `#`, `%`, `!` or `?` (magic lines, separators, titles, IPython escapes) nor
 *   hold a `*` (star imports);
 * - the text has no `%run` line or star import (their targets are looked for again with each
 *   version), and the program stays within the size limit.
 * Such an edit moves no cell or Python range boundary: they lie at line starts and ends, and
 * after prefixes that start with `#` or `%`. It leaves the lintability answers as they were
 * (null bytes, bracket depth) but for the length, checked here.
 */
export function programAfterEdit(previous: Program, source: ProgramSource): Program | undefined {
  const before = previous.source;
  if (previous.hasInclusions || previous.unresolvedRuns.length > 0 || previous.includedUris.length > 0) return undefined;
  if (before.uri !== source.uri || before.notebook !== source.notebook || before.databricks !== source.databricks || before.cells.length !== source.cells.length) return undefined;
  let edited = -1;
  for (let index = 0; index < source.cells.length; index++) {
    const old = before.cells[index];
    const now = source.cells[index];
    if (old.kind !== now.kind) return undefined;
    if (old.text === now.text) continue;
    if (edited !== -1 || now.kind !== 'code') return undefined;
    edited = index;
  }
  if (edited === -1) return undefined;
  const oldText = before.cells[edited].text;
  const newText = source.cells[edited].text;
  const change = differingStretch(oldText, newText);
  if (!change || !neutral(oldText, change.start, change.oldEnd) || !neutral(newText, change.start, change.newEnd)) return undefined;
  if (quoteOrBackslash(oldText.charCodeAt(change.start - 1))) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const lineStart = lineStartBefore(oldText, change.start);
  const oldLineEnd = lineEndFrom(oldText, change.oldEnd);
  if (!plainCodeLine(oldText.slice(lineStart, oldLineEnd)) || !plainCodeLine(newText.slice(lineStart, oldLineEnd + delta))) return undefined;
  if (previous.text.length + delta > MAX_LINT_LENGTH) return undefined;

  // Without inclusions each non-empty code cell is one segment of the program, copied whole.
  const segment = previous.segments.find((candidate) => candidate.hostCell === edited);
  if (!segment) return undefined;
  const start = segment.start + change.start;
  const oldEnd = segment.start + change.oldEnd;
  // A boundary where the edit starts stays (a line start), unless it is the cell's end (text typed at the end of a last line without a line break).
  const move = (offset: number): number => (offset < start || (offset === start && offset !== segment.end) ? offset : offset >= oldEnd ? offset + delta : Number.NaN);
  let moved = true;
  const moveChecked = (offset: number): number => {
    const result = move(offset);
    if (Number.isNaN(result)) moved = false;
    return result;
  };
  const cells = previous.cells.map((cell): ProgramCell => {
    // A cell that ends before the edit is the same: shared with the previous program (programs are not changed once built).
    if (cell.end < start) return cell;
    const python = cell.python.map((range) => ({ start: moveChecked(range.start), end: moveChecked(range.end) }));
    return { ...cell, start: moveChecked(cell.start), end: moveChecked(cell.end), python };
  });
  if (!moved) return undefined;
  const text = previous.text === oldText ? newText : previous.text.slice(0, start) + newText.slice(change.start, change.newEnd) + previous.text.slice(oldEnd);
  const segments = previous.segments.map((each) => (each.end < start ? each : { ...each, start: move(each.start), end: each === segment ? each.end + delta : move(each.end) }));
  return { source, text, cells, segments, unresolvedRuns: [], databricks: previous.databricks, includedUris: [], hasInclusions: false };
}

/** Characters the layout and the lintability limits look at: line breaks, magic and comment marks, star imports, quotes, backslashes, brackets. */
const LAYOUT_CHARACTERS = new Set([...'\n\r#%!?*\'"\\()[]{}'].map((character) => character.charCodeAt(0)));

function neutral(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    // Printable ASCII and tabs; anything else (a null byte, a Unicode space that trim() removes) is left to a full build.
    if ((code < 0x20 && code !== 0x09) || code > 0x7e || LAYOUT_CHARACTERS.has(code)) return false;
  }
  return true;
}

function quoteOrBackslash(code: number): boolean {
  return code === 0x22 || code === 0x27 || code === 0x5c;
}

function lineStartBefore(text: string, offset: number): number {
  for (let at = offset - 1; at >= 0; at--) {
    const code = text.charCodeAt(at);
    if (code === 10 || code === 13) return at + 1;
  }
  return 0;
}

const FIRST_CHARACTER = /\S/;

/** A line that is code: not blank, not a comment, magic or escape line, no `*`. */
function plainCodeLine(line: string): boolean {
  const first = FIRST_CHARACTER.exec(line);
  if (!first) return false;
  const character = first[0];
  return character !== '#' && character !== '%' && character !== '!' && character !== '?' && !line.includes('*');
}
