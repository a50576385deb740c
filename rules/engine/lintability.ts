/**
 * Texts the engine declines to lint, with the reason. Both limits are far beyond real code,
 * and both keep the editor responsive on pathological input:
 * - about 1 MB: parsing alone would take about a second; such files are generated data or
 *   notebooks with embedded outputs, not code a person edits;
 * - brackets nested deeper than 200: CPython's own tokenizer stops at 200 levels
 *   ("too many nested parentheses"), so such text is not Python, and tree queries over a tree
 *   that deep take seconds.
 */
export const MAX_LINT_LENGTH = 1_000_000;
export const MAX_BRACKET_DEPTH = 200;

export function reasonNotToLint(text: string): string | undefined {
  return reasonNotToLintCells([text]);
}

/** The same limits for a notebook: the size of all its code together, the depth cell by cell. */
export function reasonNotToLintCells(codeCells: readonly string[]): string | undefined {
  const length = codeCells.reduce((sum, text) => sum + text.length, 0);
  if (length > MAX_LINT_LENGTH) {
    return `larger than ${MAX_LINT_LENGTH / 1_000_000} MB (${(length / 1_000_000).toFixed(1)} MB): not linted`;
  }
  if (codeCells.some((text) => bracketDepthExceeds(text, MAX_BRACKET_DEPTH))) {
    return `brackets nested deeper than ${MAX_BRACKET_DEPTH} levels (not valid Python): not linted`;
  }
  return undefined;
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
      // comment: skip to the end of the line
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (ch === 34 || ch === 39) {
      i = skipString(text, i);
    }
  }
  return false;
}

/** Index of the last character of the string literal starting at `start`. */
function skipString(text: string, start: number): number {
  const quote = text[start];
  const triple = text.startsWith(quote.repeat(3), start);
  const closing = triple ? quote.repeat(3) : quote;
  for (let i = start + closing.length; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (!triple && ch === '\n') return i;
    else if (text.startsWith(closing, i)) return i + closing.length - 1;
  }
  return text.length;
}
