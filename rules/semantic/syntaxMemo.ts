import type { Node, Tree } from 'web-tree-sitter';

/**
 * Readings of one node's own syntax (a call's argument list, a dict's pairs), kept per tree and
 * node id while the tree is neither edited nor freed: a notebook keystroke leaves the trees of
 * the cells before the edited one as they are, so their readings are not taken out of
 * WebAssembly again; within one lint, a call read by several rules is read once.
 *
 * A reading may depend on nothing but the node's subtree (no semantic model, no other cell),
 * and holds no offsets: a tree that moves (a cell after the edited one) drops its readings
 * (forgetSyntaxMemo), since the nodes they hold keep their old positions.
 */
const memos = new WeakMap<Tree, Map<string, Map<number, unknown>>>();

export function syntaxMemo<T>(node: Node, kind: string, read: (node: Node) => T): T {
  let byKind = memos.get(node.tree);
  if (!byKind) memos.set(node.tree, (byKind = new Map()));
  let byId = byKind.get(kind) as Map<number, T> | undefined;
  if (!byId) byKind.set(kind, (byId = new Map()));
  const id = node.id;
  if (byId.has(id)) return byId.get(id)!;
  const value = read(node);
  byId.set(id, value);
  return value;
}

/** The tree is edited (its nodes move) or freed: its readings no longer hold. */
export function forgetSyntaxMemo(tree: Tree): void {
  memos.delete(tree);
}
