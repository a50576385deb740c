import { LogicalLines } from './kernelCells';
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
  const chunks: OffsetRange[] = [];
  const logical = new LogicalLines();
  let chunkStart = range.start;
  let previousBlank = false;
  let afterDecorator = false;
  for (let start = range.start; start < range.end; ) {
    let end = start;
    while (end < range.end && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    let next = end;
    if (next < range.end && text.charCodeAt(next) === 13) next++;
    if (next < range.end && text.charCodeAt(next) === 10 && (next === end || text.charCodeAt(next - 1) === 13)) next++;
    const line = text.slice(start, end);
    const atStatement = logical.atLineStart;
    const blank = line.trim() === '';
    if (atStatement && !blank && !line.startsWith('#')) {
      const topLevel = !/^[ \t\f]/.test(line);
      if (topLevel && previousBlank && !afterDecorator && start > chunkStart && !CLAUSE.test(line)) {
        chunks.push({ start: chunkStart, end: start });
        chunkStart = start;
      }
      if (topLevel) afterDecorator = line.startsWith('@');
    }
    if (!blank) logical.read(line);
    // Comment lines neither end nor start the blank stretch before a definition.
    if (atStatement && (blank || !line.trimStart().startsWith('#'))) previousBlank = blank;
    start = next;
  }
  chunks.push({ start: chunkStart, end: range.end });
  return chunks;
}
