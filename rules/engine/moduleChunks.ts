import { LogicalLines } from './kernelCells';
import { lineEndFrom } from './lineStarts';
import type { OffsetRange } from './sourceDocument';

/**
 * Where a plain module is cut into pieces parsed on their own, as a notebook's cells are: so
 * that a keystroke re-parses (and re-reads out of WebAssembly) the piece it is in, not the
 * whole module, and every other piece keeps its tree and what was read from it.
 *
 * A cut goes before a top-level statement that follows a blank line, and only where a
 * statement starts (not inside brackets, a triple-quoted string or after a backslash). Each
 * piece is then a run of whole top-level statements, and parses to the statements a parse of
 * the whole module gives. The places depend on the lines around them only, so an edit moves no
 * cut but its own: typing in one function, or in one paragraph of a script's top-level code,
 * re-parses that piece. (Cuts went before definitions only: a script of top-level code was a
 * few large pieces, and a keystroke anywhere re-read most of it.)
 *
 * What is not cut: a decorator from its definition, an `else:` / `elif` / `except` / `finally:`
 * clause from its statement (a blank line may come before one), a module without blank lines
 * (one piece).
 */
const CLAUSE = /^(?:else|elif|except|finally)\b/;

export function moduleChunks(text: string, range: OffsetRange): OffsetRange[] {
  return rangesFrom(cutsFrom(text, range, range.start), range);
}

/** A range's pieces as moduleChunks gave them. */
export interface ChunkedRange {
  range: OffsetRange;
  chunks: readonly OffsetRange[];
}

/** One stretch of changed text: `start`..`oldEnd` in the old text became `start`..`newEnd`. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * moduleChunks of `range` after `change`, from the pieces of its old version (a keystroke in a
 * plain module): the cuts before the change are kept, the text is read again from the last of
 * them, and once a cut falls where a cut was (moved by the change) after the change, the rest are
 * the old ones moved. A cut is only made where no bracket, string or backslash is open, so the
 * reading after it depends on the text after it alone, in both versions.
 */
export function moduleChunksAfter(text: string, range: OffsetRange, before: ChunkedRange, change: TextChange): OffsetRange[] {
  const delta = change.newEnd - change.oldEnd;
  const old = before.range;
  // The change is wholly before or after the range, whose text is then the same.
  if (change.oldEnd <= old.start && range.start === old.start + delta && range.end === old.end + delta) {
    return before.chunks.map((chunk) => ({ start: chunk.start + delta, end: chunk.end + delta }));
  }
  if (change.start >= old.end && range.start === old.start && range.end === old.end) return before.chunks.slice();
  if (!(old.start <= change.start && change.oldEnd <= old.end && range.start === old.start && range.end === old.end + delta)) return moduleChunks(text, range);
  const oldCuts = before.chunks.slice(1).map((chunk) => chunk.start);
  // The cuts whose whole line lies before the change are made as before.
  let kept = 0;
  while (kept < oldCuts.length && lineEndFrom(text, oldCuts[kept], range.end) < change.start) kept++;
  const from = kept === 0 ? range.start : oldCuts[kept - 1];
  const oldAfter = new Set(oldCuts.filter((cut) => cut >= change.oldEnd).map((cut) => cut + delta));
  const cuts = oldCuts.slice(0, kept);
  for (const cut of cutsFrom(text, range, from, (at) => at >= change.newEnd && oldAfter.has(at))) cuts.push(cut);
  if (cuts.length > 0) {
    const last = cuts[cuts.length - 1];
    // Stopped at a cut the old reading made: the rest follow it.
    if (last >= change.newEnd && oldAfter.has(last)) for (const cut of oldCuts) if (cut + delta > last && cut >= change.oldEnd) cuts.push(cut + delta);
  }
  return rangesFrom(cuts, range);
}

function rangesFrom(cuts: readonly number[], range: OffsetRange): OffsetRange[] {
  const chunks: OffsetRange[] = [];
  let start = range.start;
  for (const cut of cuts) {
    chunks.push({ start, end: cut });
    start = cut;
  }
  chunks.push({ start, end: range.end });
  return chunks;
}

/**
 * The cuts of `range` from `from` on, where `from` is the range's start or a cut (where the
 * reading starts afresh); stops after a cut for which `enough` holds.
 */
function cutsFrom(text: string, range: OffsetRange, from: number, enough?: (cut: number) => boolean): number[] {
  const cuts: number[] = [];
  const logical = new LogicalLines();
  let chunkStart = from;
  let previousBlank = false;
  let afterDecorator = false;
  // Line ends found with indexOf (native), each searched for again only once passed.
  let nextLf = -1;
  let nextCr = -1;
  for (let start = from; start < range.end; ) {
    if (nextLf < start) nextLf = indexOrEnd(text, '\n', start);
    if (nextCr < start) nextCr = indexOrEnd(text, '\r', start);
    const end = Math.min(nextLf, nextCr, range.end);
    let next = end;
    if (next < range.end && text.charCodeAt(next) === 13) next++;
    if (next < range.end && text.charCodeAt(next) === 10 && (next === end || text.charCodeAt(next - 1) === 13)) next++;
    const atStatement = logical.atLineStart;
    // The line's first character that is not white space (end: a blank line).
    let first = start;
    while (first < end && isBlankCharacter(text.charCodeAt(first))) first++;
    const blank = first === end;
    const comment = !blank && text.charCodeAt(first) === 35;
    // Not indented: no space, tab or form feed first (as Python reads indentation).
    const topLevel = !blank && text.charCodeAt(start) !== 32 && text.charCodeAt(start) !== 9 && text.charCodeAt(start) !== 12;
    if (atStatement && !blank && !(first === start && comment)) {
      if (topLevel && previousBlank && !afterDecorator && start > chunkStart && !CLAUSE.test(text.slice(start, Math.min(end, start + 8)))) {
        cuts.push(start);
        chunkStart = start;
        if (enough?.(start)) return cuts;
      }
      if (topLevel) afterDecorator = text.charCodeAt(start) === 64;
    }
    if (!blank) logical.read(text, start, end);
    // Comment lines neither end nor start the blank stretch before a definition.
    if (atStatement && (blank || !comment)) previousBlank = blank;
    start = next;
  }
  return cuts;
}

function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at === -1 ? text.length : at;
}

/** What String.prototype.trim removes, in the ASCII range, and the other white space trim knows. */
function isBlankCharacter(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(String.fromCharCode(code)));
}
