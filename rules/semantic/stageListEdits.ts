import type { Node } from 'web-tree-sitter';
import { applyEdits } from '../engine/edits';
import { insertAt, insertItem, listItems, removeItem } from '../engine/fixBuilders';
import type { SourceDocument } from '../engine/sourceDocument';
import type { TextEdit } from '../engine/types';

/** Edits to a stages list literal that keep its layout. */

function lineOf(document: SourceDocument, offset: number): number {
  return document.positionAt(offset).line;
}

/** Whether no other item of the list shares a line with `item`. */
function ownsLines(document: SourceDocument, items: readonly Node[], item: Node): boolean {
  const first = lineOf(document, item.startIndex);
  const last = lineOf(document, item.endIndex);
  return items.every((other) => other.id === item.id || lineOf(document, other.endIndex) < first || lineOf(document, other.startIndex) > last);
}

function isOnePerLine(document: SourceDocument, container: Node, items: readonly Node[]): boolean {
  return items.length > 0 && lineOf(document, items[0].startIndex) > lineOf(document, container.startIndex);
}

/** Insert `text` as a new item just before `before`, on its own line when the list has one item per line. */
export function insertStageBefore(document: SourceDocument, container: Node, text: string, before: Node): TextEdit {
  const items = listItems(container);
  if (isOnePerLine(document, container, items) && !ownsLines(document, items, before)) return insertAt(before.startIndex, `${text}, `);
  return insertItem(document, container, text, before);
}

/**
 * Move `moved` (keeping their order) just before `target`, all items of `container`, together
 * with `innerEdits` that change text inside the list's items (they travel with the moved
 * items). One-item-per-line lists are edited line by line; an inline list's affected span is
 * rewritten. Undefined when the layout does not allow a clean edit.
 */
export function moveItemsBefore(
  document: SourceDocument,
  container: Node,
  moved: readonly Node[],
  target: Node,
  innerEdits: readonly TextEdit[] = [],
): TextEdit[] | undefined {
  const items = listItems(container);
  const indexOf = (node: Node) => items.findIndex((item) => item.id === node.id);
  const targetIndex = indexOf(target);
  const movedIndexes = moved.map(indexOf);
  if (moved.length === 0 || targetIndex < 0 || movedIndexes.some((index) => index <= targetIndex)) return undefined;
  const ordered = [...moved].sort((a, b) => a.startIndex - b.startIndex);
  const inside = (edit: TextEdit, item: Node) => item.startIndex <= edit.start && edit.end <= item.endIndex;
  const textOf = (item: Node) =>
    applyEdits(
      item.text,
      innerEdits.filter((edit) => inside(edit, item)).map((edit) => ({ ...edit, start: edit.start - item.startIndex, end: edit.end - item.startIndex })),
    );
  if (isOnePerLine(document, container, items)) {
    if (!ordered.every((item) => ownsLines(document, items, item)) || !ownsLines(document, items, target)) return undefined;
    const indent = document.indentationAt(target.startIndex);
    const text = ordered.map(textOf).join(`,${document.eol}${indent}`);
    const kept = innerEdits.filter((edit) => !ordered.some((item) => inside(edit, item)));
    return [...kept, insertItem(document, container, text, target), ...ordered.map((item) => removeItem(document, container, item))];
  }
  const lastIndex = Math.max(...movedIndexes);
  const start = items[targetIndex].startIndex;
  const end = items[lastIndex].endIndex;
  if (container.namedChildren.some((child) => child?.type === 'comment' && child.startIndex > start && child.endIndex < end)) return undefined;
  const span = items.slice(targetIndex, lastIndex + 1);
  const movedIds = new Set(ordered.map((item) => item.id));
  const reordered = [...ordered, ...span.filter((item) => !movedIds.has(item.id))];
  const kept = innerEdits.filter((edit) => edit.end <= start || edit.start >= end);
  return [...kept, { start, end, newText: reordered.map(textOf).join(', ') }];
}
