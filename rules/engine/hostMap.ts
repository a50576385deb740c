import { hostPosition, type Program, programOffset } from './program';
import { lineStartsOf, positionIn } from './lineStarts';
import type { OffsetRange, Position } from './sourceDocument';
import type { TextEdit } from './types';

/**
 * Between the program text the rules read and the texts the user edits (a file, or a
 * notebook's cells). Code that `%run` or a star import brought in has no place in the user's
 * text: a range there, or one that spans two cells, maps to nothing.
 */
export class HostMap {
  private readonly lineStarts = new Map<number, readonly number[]>();

  constructor(readonly program: Program) {}

  text(cell: number): string {
    return this.program.source.cells[cell]?.text ?? '';
  }

  range(range: OffsetRange): { cell: number; range: OffsetRange } | undefined {
    const start = hostPosition(this.program, range.start);
    if (!start) return undefined;
    const end = range.end === range.start ? start : hostPosition(this.program, range.end, true);
    if (!end || end.hostCell !== start.hostCell) return undefined;
    return { cell: start.hostCell, range: { start: start.offset, end: end.offset } };
  }

  /** Edits in the user's coordinates (with their cell in a notebook); undefined if one lies outside the user's text. */
  edits(edits: readonly TextEdit[]): TextEdit[] | undefined {
    const mapped: TextEdit[] = [];
    for (const edit of edits) {
      const where = this.range(edit);
      if (!where) return undefined;
      mapped.push(this.program.source.notebook ? { ...where.range, newText: edit.newText, cell: where.cell } : { ...where.range, newText: edit.newText });
    }
    return mapped;
  }

  position(cell: number, offset: number): Position {
    return positionIn(this.lineStartsOf(cell), this.text(cell).length, offset);
  }

  /** The offset in a user's cell of a position (LSP clamping). */
  offset(cell: number, position: Position): number {
    const starts = this.lineStartsOf(cell);
    const text = this.text(cell);
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return text.length;
    const lineStart = starts[position.line];
    let lineEnd = position.line + 1 < starts.length ? starts[position.line + 1] : text.length;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 10) lineEnd--;
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    return Math.min(lineStart + Math.max(0, position.character), lineEnd);
  }

  private lineStartsOf(cell: number): readonly number[] {
    let starts = this.lineStarts.get(cell);
    if (!starts) this.lineStarts.set(cell, (starts = lineStartsOf(this.text(cell))));
    return starts;
  }

  /** The program offset of an offset in the user's cell (undefined in a markdown cell). */
  toProgram(cell: number, offset: number): number | undefined {
    return programOffset(this.program, cell, offset);
  }
}
