import type { Node, Tree } from 'web-tree-sitter';

/** Zero-based line and UTF-16 character, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

/** Half-open range of UTF-16 offsets into the document text. */
export interface OffsetRange {
  start: number;
  end: number;
}

/**
 * A document as the rules see it: its text, its syntax tree and line arithmetic.
 * Offsets are UTF-16 code units, which is what web-tree-sitter reports for string input
 * and what LSP positions count.
 */
export class SourceDocument {
  readonly lineStarts: number[];

  constructor(
    readonly uri: string,
    readonly text: string,
    readonly tree: Tree,
  ) {
    this.lineStarts = computeLineStarts(text);
  }

  get root(): Node {
    return this.tree.rootNode;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[Math.max(0, position.line)];
    return Math.min(lineStart + position.character, this.lineEnd(position.line));
  }

  /** Text of a zero-based line, without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }

  /** Offset just before the line break of a zero-based line. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text[end - 1] === '\n') end--;
    if (end > this.lineStarts[line] && this.text[end - 1] === '\r') end--;
    return end;
  }

  /** The leading whitespace of the line holding `offset`. */
  indentationAt(offset: number): string {
    const line = this.lineText(this.positionAt(offset).line);
    return /^[ \t]*/.exec(line)![0];
  }

  /** The line break this document uses (for edits that add lines). */
  get eol(): string {
    return this.text.includes('\r\n') ? '\r\n' : '\n';
  }
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
