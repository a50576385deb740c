import type { Position as LspPosition, Range as LspRange } from 'vscode-languageserver';
import type { OffsetRange, SourceDocument } from '../rules/engine/sourceDocument';

/**
 * Conversions between the engine's UTF-16 offsets and LSP positions (line + UTF-16 character,
 * lines broken by \n, \r\n or \r). Tree-sitter points are the engine's (programParser.ts).
 */

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

export function containsOffset(range: OffsetRange, offset: number): boolean {
  return range.start <= offset && offset <= range.end;
}

/** An engine range (offsets in cell `cell` of the user's text) as an LSP range in that cell's document. */
export function cellRange(document: SourceDocument, cell: number, range: OffsetRange): LspRange {
  return { start: document.host.position(cell, range.start), end: document.host.position(cell, range.end) };
}
