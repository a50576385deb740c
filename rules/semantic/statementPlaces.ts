import type { Node } from 'web-tree-sitter';
import { ancestorOfType } from '../engine/syntax';

/**
 * Where a statement sits, read once, so that "does it always run before this node?" is
 * answered with number comparisons (asked for every pair of a setting and a use, a walk up the
 * tree each time was quadratic on long files).
 */
export interface StatementPlace {
  /** The enclosing function's or lambda's node id; undefined at the top level. */
  scope?: number;
  /** The block that holds the statement; undefined at the top level. */
  block?: { start: number; end: number };
}

/** The function or lambda `node` runs in (its node id); undefined at the top level. */
export function scopeOf(node: Node): number | undefined {
  return ancestorOfType(node, ['function_definition', 'lambda'])?.id;
}

export function placeOf(statement: Node): StatementPlace {
  const holder = statement.parent;
  return { scope: scopeOf(statement), block: !holder || holder.type === 'module' ? undefined : { start: holder.startIndex, end: holder.endIndex } };
}

/**
 * Whether a statement at `place`, written before `node`, always runs before it: in the same
 * function, at the top level (an earlier cell) or in a block that holds `node`. `scope` is
 * scopeOf(node).
 */
export function runsBefore(place: StatementPlace, node: Node, scope: number | undefined): boolean {
  return place.scope === scope && (!place.block || (place.block.start <= node.startIndex && node.endIndex <= place.block.end));
}
