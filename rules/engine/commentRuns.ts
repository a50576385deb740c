import type { OffsetRange } from './sourceDocument';

/**
 * tree-sitter-python's external scanner looks ahead over comment lines at every line end, so a
 * run of thousands of comment lines (a commented-out module, a long licence) costs quadratic
 * time: 10,000 lines took 30 s to parse. Such runs are left out of the text the parser reads
 * (its included ranges); comments carry no syntax, so the tree is the same apart from those
 * comment nodes, and nodes keep their offsets. Suppression comments are read from the text.
 */
export const LONG_COMMENT_RUN = 64;

const COMMENT_LINE = /^[ \t\f]*#/;
const BLANK_LINE = /^[ \t\f]*\r?$/;

/**
 * `ranges` without the runs of more than LONG_COMMENT_RUN comment lines (blank lines among them
 * included, the last comment line kept); the same array when there is none.
 */
export function withoutLongCommentRuns(text: string, ranges: readonly OffsetRange[]): readonly OffsetRange[] {
  let result: OffsetRange[] | undefined;
  ranges.forEach((range, index) => {
    const pieces = splitRange(text, range);
    if (pieces !== undefined) result ??= ranges.slice(0, index);
    if (result) result.push(...(pieces ?? [range]));
  });
  return result ?? ranges;
}

function splitRange(text: string, range: OffsetRange): OffsetRange[] | undefined {
  let pieces: OffsetRange[] | undefined;
  let pieceStart = range.start;
  let runStart = -1;
  let lastComment = -1;
  let comments = 0;
  // The run's last comment line stays in, so a cell of comments only still has text to parse.
  const closeRun = () => {
    if (comments > LONG_COMMENT_RUN) {
      pieces ??= [];
      if (runStart > pieceStart) pieces.push({ start: pieceStart, end: runStart });
      pieceStart = lastComment;
    }
    runStart = -1;
    comments = 0;
  };
  let lineStart = range.start;
  // A lone CR ends a line too (the parser reads it as a line feed: engine/parser).
  const lineBreak = text.indexOf('\r', range.start) !== -1 ? /\r\n?|\n/g : /\n/g;
  while (lineStart < range.end) {
    lineBreak.lastIndex = lineStart;
    const found = lineBreak.exec(text);
    const lineEnd = !found || found.index >= range.end ? range.end : Math.min(range.end, found.index + found[0].length);
    const line = text.slice(lineStart, lineEnd);
    if (COMMENT_LINE.test(line)) {
      if (runStart === -1) runStart = lineStart;
      lastComment = lineStart;
      comments++;
    } else if (!(runStart !== -1 && BLANK_LINE.test(line.replace(/\r?\n$|\r$/, '')))) {
      closeRun();
    }
    lineStart = lineEnd;
  }
  closeRun();
  if (!pieces) return undefined;
  if (pieceStart < range.end) pieces.push({ start: pieceStart, end: range.end });
  return pieces;
}
