import { Node, type Tree } from 'web-tree-sitter';
import { readTree } from '../engine/reads';

/**
 * Readings of one node's own syntax (a call's argument list, a dict's pairs), kept per tree and
 * node id while the tree is kept: a notebook keystroke leaves the trees of the other cells as
 * they are (before the edited cell) or only moves them (after it), so their readings are not
 * taken out of WebAssembly again; within one lint, a call read by several rules is read once.
 *
 * A reading may depend on nothing but the node's subtree (no semantic model, no other cell),
 * and holds nodes, strings and booleans only: when the tree moves, the nodes it holds are moved
 * with the tree's index (moveSyntaxIndex, through syntaxMemoNodes), and an offset kept as a
 * number would be left behind.
 */
export type SyntaxReading = Node | string | boolean | undefined | readonly SyntaxReading[] | { readonly [key: string]: SyntaxReading };

const memos = new WeakMap<Tree, Map<string, Map<number, SyntaxReading>>>();

/** Called before a tree's readings are read: the syntax index makes the moves it put off (moveSyntaxIndex). */
let beforeRead: (tree: Tree) => void = () => {};

export function beforeSyntaxMemoRead(hook: (tree: Tree) => void): void {
  beforeRead = hook;
}

/** Called when a reading is added: the syntax index's list of the tree's nodes to move no longer holds. */
let afterAdd: (tree: Tree) => void = () => {};

export function afterSyntaxMemoAdd(hook: (tree: Tree) => void): void {
  afterAdd = hook;
}

export function syntaxMemo<T extends SyntaxReading>(node: Node, kind: string, read: (node: Node) => T): T {
  readTree(node.tree);
  beforeRead(node.tree);
  let byKind = memos.get(node.tree);
  if (!byKind) memos.set(node.tree, (byKind = new Map()));
  let byId = byKind.get(kind);
  if (!byId) byKind.set(kind, (byId = new Map()));
  const id = node.id;
  if (byId.has(id)) return byId.get(id) as T;
  const value = read(node);
  byId.set(id, value);
  afterAdd(node.tree);
  return value;
}

/** Every node the tree's readings hold (a node held twice is given twice). */
export function syntaxMemoNodes(tree: Tree, add: (node: Node) => void): void {
  const byKind = memos.get(tree);
  if (!byKind) return;
  for (const byId of byKind.values()) for (const value of byId.values()) nodesIn(value, add);
}

function nodesIn(value: SyntaxReading, add: (node: Node) => void): void {
  if (value instanceof Node) add(value);
  else if (Array.isArray(value)) for (const item of value) nodesIn(item, add);
  else if (value && typeof value === 'object') {
    // for-in, not Object.values: a keystroke walks every reading of every moved cell.
    const fields = value as { readonly [key: string]: SyntaxReading };
    for (const key in fields) nodesIn(fields[key], add);
  }
}

/** The tree is edited (its nodes change) or freed: its readings no longer hold. */
export function forgetSyntaxMemo(tree: Tree): void {
  memos.delete(tree);
}
