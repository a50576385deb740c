import type { Point } from 'web-tree-sitter';
import type { Position as LspPosition, Range as LspRange, TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { OffsetRange, SourceDocument } from '../rules/engine/sourceDocument';
import type { TextEdit } from '../rules/engine/types';

/**
 * Conversions between the engine's UTF-16 offsets, LSP positions (line + UTF-16 character,
 * lines broken by \n, \r\n or \r) and tree-sitter points (row + UTF-16 column, rows broken
 * by \n only: a lone \r does not start a row for tree-sitter).
 */

export function lspRange(document: SourceDocument, range: OffsetRange): LspRange {
  return { start: document.positionAt(range.start), end: document.positionAt(range.end) };
}

export function lspTextEdits(document: SourceDocument, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((edit) => ({ range: lspRange(document, edit), newText: edit.newText }));
}

/** The offset of an LSP position in `text` whose line starts are `lineStarts`; clamps like LSP. */
export function offsetOf(text: string, lineStarts: readonly number[], position: LspPosition): number {
  if (position.line < 0) return 0;
  if (position.line >= lineStarts.length) return text.length;
  const lineStart = lineStarts[position.line];
  const next = position.line + 1 < lineStarts.length ? lineStarts[position.line + 1] : text.length;
  let lineEnd = next;
  if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 10) lineEnd--;
  if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  return Math.min(lineStart + Math.max(0, position.character), lineEnd);
}

/** The tree-sitter point of an offset. */
export function treePoint(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < offset; newline = text.indexOf('\n', newline + 1)) {
    row++;
    lineStart = newline + 1;
  }
  return { row, column: offset - lineStart };
}

export function containsOffset(range: OffsetRange, offset: number): boolean {
  return range.start <= offset && offset <= range.end;
}

/** An engine range (offsets in cell `cell` of the user's text) as an LSP range in that cell's document. */
export function cellRange(document: SourceDocument, cell: number, range: OffsetRange): LspRange {
  return { start: document.host.position(cell, range.start), end: document.host.position(cell, range.end) };
}
