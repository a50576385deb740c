/**
 * Texts the engine declines to lint, with the reason. Both limits are far beyond real code,
 * and both keep the editor responsive on pathological input:
 * - about 1 MB: parsing alone would take about a second; such files are generated data or
 *   notebooks with embedded outputs, not code a person edits;
 * - a null byte: CPython refuses the source, and tree-sitter's error recovery after one inside
 *   a long string is quadratic;
 * - brackets nested deeper than 200: CPython's own tokenizer stops at 200 levels
 *   ("too many nested parentheses"), so such text is not Python, and tree queries over a tree
 *   that deep take seconds.
 */
import { exportCellFacts, exportCellRanges, isDatabricksExport } from './kernelCells';

export const MAX_LINT_LENGTH = 1_000_000;
export const MAX_BRACKET_DEPTH = 200;

export function reasonNotToLint(text: string): string | undefined {
  return reasonNotToLintCells([text]);
}

/**
 * The limits for a program: the user's code with what `%run` and star imports bring in. Asked
 * after the user's own cells passed, so a reason here comes from the included code.
 */
export function reasonNotToLintProgram(programText: string): string | undefined {
  const reason = reasonNotToLint(programText);
  return reason && `with the code that %run and star imports bring in, ${reason}`;
}

/** The same limits for a notebook: the size of all its code together, the depth cell by cell. */
export function reasonNotToLintCells(codeCells: readonly string[]): string | undefined {
  // The CLI asks about a file's program text twice (before parsing it, and in lintDocument).
  if (codeCells.length === 1 && codeCells[0] === lastAnswer.text) return lastAnswer.reason;
  const reason = declined(codeCells);
  if (codeCells.length === 1) lastAnswer = { text: codeCells[0], reason };
  return reason;
}

let lastAnswer: { text: string | undefined; reason: string | undefined } = { text: undefined, reason: undefined };

/**
 * A text known to be within the limits without reading it (the previous version was, and the
 * edit kept them: programAfterEdit): lintDocument, which asks again, gets the answer as remembered.
 */
export function rememberWithinLimits(text: string): void {
  lastAnswer = { text, reason: undefined };
}

/** Once a text is linted the answer is not asked for again: it should not keep the text alive. */
export function forgetLastLintability(): void {
  lastAnswer = { text: undefined, reason: undefined };
}

/**
 * The limits a trigger scan needs (the size, a null byte): both asked of the text at native
 * speed. The CLI asks these before its trigger scan and the bracket depth after it (Linter.lintSource):
 * the depth is read character by character in JavaScript, and most files of a repository
 * mention no rule's word and are never parsed.
 */
export function reasonNotToScanCells(codeCells: readonly string[]): string | undefined {
  const length = codeCells.reduce((sum, text) => sum + text.length, 0);
  if (length > MAX_LINT_LENGTH) {
    // Characters, as counted: "1.0 MB" said nothing of a file just over the limit.
    return `larger than ${MAX_LINT_LENGTH / 1_000_000} MB (${length.toLocaleString('en-US')} characters of code, the limit is ${MAX_LINT_LENGTH.toLocaleString('en-US')}): not linted`;
  }
  // CPython refuses such source ("source code cannot contain null bytes"); tree-sitter-python
  // ends a string at one and recovers in time quadratic in what follows (a 190 KB string: 12 s).
  if (codeCells.some((text) => text.includes('\0'))) return 'contains a null byte (CPython refuses source code with null bytes): not linted';
  return undefined;
}

/** reasonNotToScanCells for a program's text (with what `%run` and star imports bring in). */
export function reasonNotToScanProgram(programText: string): string | undefined {
  const reason = reasonNotToScanCells([programText]);
  return reason && `with the code that %run and star imports bring in, ${reason}`;
}

function declined(codeCells: readonly string[]): string | undefined {
  const scanned = reasonNotToScanCells(codeCells);
  if (scanned) return scanned;
  if (codeCells.some(bracketsTooDeep)) {
    return `brackets nested deeper than ${MAX_BRACKET_DEPTH} levels (not valid Python): not linted`;
  }
  return undefined;
}

/**
 * Whether brackets nest too deep in what is parsed as one tree. A Databricks export is parsed
 * cell by cell, so it is read cell by cell, each cell's answer remembered by its text: a
 * keystroke changes one cell, and reading every character of a 2,000-line notebook again was
 * a fortieth of the keystroke.
 */
function bracketsTooDeep(text: string): boolean {
  if (!isDatabricksExport(text)) return bracketDepthExceeds(text, MAX_BRACKET_DEPTH);
  return exportCellRanges(text).some(({ start, end }, index) => cellTooDeep(text.slice(start, end), index));
}

/** Kept with the cell's layout (exportCellFacts): one copy of each cell's text for both. */
function cellTooDeep(cell: string, index: number): boolean {
  const facts = exportCellFacts(cell, index);
  return (facts.tooDeep ??= bracketDepthExceeds(cell, MAX_BRACKET_DEPTH));
}

/** Bracket depth outside comments and strings, stopping as soon as it passes `limit`. */
function bracketDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 40 || ch === 91 || ch === 123) {
      if (++depth > limit) return true;
    } else if (ch === 41 || ch === 93 || ch === 125) {
      if (depth > 0) depth--;
    } else if (ch === 35) {
      // comment: skip to the end of the line (a lone CR ends it too: engine/parser)
      let end = i + 1;
      while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      i = end;
    } else if (ch === 34 || ch === 39) {
      i = skipString(text, i);
    }
  }
  return false;
}

/** Index of the last character of the string literal starting at `start`. */
function skipString(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  const triple = text.charCodeAt(start + 1) === quote && text.charCodeAt(start + 2) === quote;
  for (let i = start + (triple ? 3 : 1); i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 92) i++; // a backslash escapes the next character
    else if (ch === quote) {
      if (!triple) return i;
      if (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote) return i + 2;
    } else if (ch === 10 && !triple) return i;
  }
  return text.length;
}
