import type { Node } from 'web-tree-sitter';

/** Small, null-free accessors over web-tree-sitter nodes. */

export function namedChildren(node: Node): Node[] {
  const result: Node[] = [];
  for (const child of node.namedChildren) if (child) result.push(child);
  return result;
}

export function children(node: Node): Node[] {
  const result: Node[] = [];
  for (const child of node.children) if (child) result.push(child);
  return result;
}

export function field(node: Node, name: string): Node | undefined {
  return node.childForFieldName(name) ?? undefined;
}

export function sameNode(a: Node | undefined, b: Node | undefined): boolean {
  return !!a && !!b && a.id === b.id;
}

/** The nearest ancestor (not the node itself) whose type is one of `types`. */
export function ancestorOfType(node: Node, types: readonly string[]): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (types.includes(current.type)) return current;
  }
  return undefined;
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** The expression inside any number of parentheses. */
export function unparenthesize(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = namedChildren(current).find((child) => child.type !== 'comment');
    if (!inner) break;
    current = inner;
  }
  return current;
}
