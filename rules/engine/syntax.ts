import type { Node } from 'web-tree-sitter';

/** Small, null-free accessors over web-tree-sitter nodes. */

/**
 * A node's named children without the backslashes that continue a line (`line_continuation`,
 * an extra of the grammar, like a comment, that may stand between any two tokens): in a call
 * written `CrossValidator(estimator=lr, <backslash, new line> numFolds=3)` it is a named child
 * of the argument list, and was read as one more argument of unknown meaning.
 */
export function namedChildren(node: Node): Node[] {
  const result: Node[] = [];
  for (const child of node.namedChildren) if (child && child.type !== 'line_continuation') result.push(child);
  return result;
}

/**
 * The named children that are code: no comments either. A comment may stand between the pieces
 * of `"models:/churn"  # name` and `"/Production"` on the next line, which Python joins into one
 * string.
 */
export function codeChildren(node: Node): Node[] {
  return namedChildren(node).filter((child) => child.type !== 'comment');
}

/**
 * What a with statement opens: the value of each of its own items (`patch.object(...)` in
 * `with patch.object(...) as m, open(p):`), not the items of a with nested in its body.
 */
export function withItemValues(statement: Node): Node[] {
  const values: Node[] = [];
  for (const clause of namedChildren(statement)) {
    if (clause.type !== 'with_clause') continue;
    for (const item of namedChildren(clause)) {
      const value = item.type === 'with_item' ? field(item, 'value') : undefined;
      if (value) values.push(unparenthesize(value.type === 'as_pattern' ? (namedChildren(value)[0] ?? value) : value));
    }
  }
  return values;
}

/** Operators of a comparison (`<`, `==`, `not in`, ...). */
export function comparisonOperators(comparison: Node): string[] {
  return children(comparison)
    .filter((child) => !child.isNamed)
    .map((child) => child.text);
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

/**
 * Parent steps an ancestor search takes before it reads the whole chain from the root instead.
 * tree-sitter nodes do not store their parent: `node.parent` walks down from the root, so a
 * walk up from depth d costs d steps per parent, d² in all (a hover deep in a 4,000-level
 * conditional expression took 2.6 s). Most searches end within a few parents.
 */
const NEAR_PARENT_STEPS = 8;

/** The nearest ancestor (not the node itself) whose type is one of `types`. */
export function ancestorOfType(node: Node, types: readonly string[]): Node | undefined {
  let current = node.parent;
  for (let step = 0; current && step < NEAR_PARENT_STEPS; step++, current = current.parent) {
    if (types.includes(current.type)) return current;
  }
  if (!current) return undefined;
  // Deep in the tree: the chain above `current`, read once from the root down, in linear time.
  const chain = ancestorsOf(current);
  for (let index = chain.length - 1; index >= 0; index--) if (types.includes(chain[index].type)) return chain[index];
  return undefined;
}

/** The ancestors of `node`, its parent first, up to the root: read with one descent (see ancestorsOf). */
export function ancestorsAbove(node: Node): Node[] {
  return ancestorsOf(node).slice(0, -1).reverse();
}

/**
 * The node and its ancestors, from the root down to `node`, read with one descent from the
 * root (linear in depth, where repeated `parent` calls are quadratic).
 */
export function ancestorsOf(node: Node): Node[] {
  const chain: Node[] = [];
  let current: Node | null = node.tree.rootNode;
  while (current && current.id !== node.id) {
    chain.push(current);
    current = current.childWithDescendant(node);
  }
  if (!current) {
    // The descent lost the node (it should not): the parent walk is slow but exact.
    chain.length = 0;
    for (let up: Node | null = node.parent; up; up = up.parent) chain.unshift(up);
  }
  chain.push(node);
  return chain;
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

/**
 * The index of the first of `items` (sorted by start) that starts at or after `offset`: where
 * the items inside a node begin, found by binary search instead of a scan.
 */
export function firstStartingFrom<T>(items: readonly T[], offset: number, startOf: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (startOf(items[mid]) < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The name an access is read from: `models` for `models[0]`, `registry` for `registry.current`, `kwargs` for `kwargs["df"]`. */
export function accessRoot(expression: Node): Node | undefined {
  let current = unparenthesize(expression);
  while (current.type === 'subscript' || current.type === 'attribute') {
    const inner = field(current, current.type === 'subscript' ? 'value' : 'object');
    if (!inner) return undefined;
    current = unparenthesize(inner);
  }
  return current.type === 'identifier' ? current : undefined;
}

/** The longest dotted chain an identifier heads (`np.linalg.norm` for `np`). */
export function dottedChainHead(identifier: Node): Node {
  let current = identifier;
  while (current.parent?.type === 'attribute' && field(current.parent, 'object')?.id === current.id) current = current.parent;
  return current;
}
