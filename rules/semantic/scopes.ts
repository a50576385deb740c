import type { Node, Tree } from 'web-tree-sitter';
import type { IndexedNodeType, SyntaxIndex } from './syntaxIndex';

/** Node kinds that open a new scope for the names bound inside them. */
export const SCOPE_TYPES = [
  'function_definition',
  'lambda',
  'class_definition',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
] as const;

/** Statements whose body may run zero or several times, or not at all. */
export const BRANCHING_TYPES = ['if_statement', 'for_statement', 'while_statement', 'try_statement', 'match_statement'] as const;

export const MODULE_SCOPE = -1;
const MODULE_CHAIN: readonly number[] = [MODULE_SCOPE];

interface Interval {
  start: number;
  end: number;
  id: number;
  type: string;
  node: Node;
  parent?: Interval;
  /** For a scope: the ids a name used directly inside it is looked up in (ScopeIndex.scopeChain). */
  chain?: readonly number[];
  /** For a scope: the index in `chain` from which the scopes are seen from code that runs later (deferredFrom). */
  deferredFrom?: number;
}

/**
 * Properly nested source ranges (scopes, branches) answering "innermost one around this
 * node" by binary search, without walking the tree's parents through the wasm boundary.
 */
class IntervalTree {
  readonly intervals: Interval[];

  constructor(nodes: Iterable<{ node: Node; type: string }>) {
    this.intervals = [...nodes]
      .map(({ node, type }) => ({ start: node.startIndex, end: node.endIndex, id: node.id, type, node }))
      .sort((a, b) => a.start - b.start || b.end - a.end);
    const stack: Interval[] = [];
    for (const interval of this.intervals) {
      while (stack.length > 0 && stack[stack.length - 1].end < interval.end) stack.pop();
      interval.parent = stack[stack.length - 1];
      stack.push(interval);
    }
  }

  /** Innermost interval around `node` that is not `node` itself. */
  innermost(node: Node): Interval | undefined {
    const { startIndex: start, endIndex: end, id } = node;
    let low = 0;
    let high = this.intervals.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.intervals[mid].start <= start) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    for (let current = found >= 0 ? this.intervals[found] : undefined; current; current = current.parent) {
      if (current.id !== id && current.start <= start && end <= current.end) return current;
    }
    return undefined;
  }
}

/**
 * The scopes and branching statements of one tree (or of a whole program whose trees
 * interleave), kept with the tree while it is kept or only moves (a TreeFacts).
 */
export class ScopeIntervals {
  readonly scopes: IntervalTree;
  readonly branches: IntervalTree;

  constructor(scopeNodes: Iterable<{ node: Node; type: string }>, branchNodes: Iterable<{ node: Node; type: string }>) {
    this.scopes = new IntervalTree(scopeNodes);
    this.branches = new IntervalTree(branchNodes);
  }

  eachNode(visit: (node: Node) => void): void {
    for (const interval of this.scopes.intervals) visit(interval.node);
    for (const interval of this.branches.intervals) visit(interval.node);
  }

  move(shift: (offset: number) => number): void {
    for (const tree of [this.scopes, this.branches]) {
      for (const interval of tree.intervals) {
        interval.start = shift(interval.start);
        interval.end = shift(interval.end);
      }
    }
  }
}

type NodesOfType = (type: IndexedNodeType) => readonly Node[];

/** The scopes and branching statements among the nodes `list` gives by kind. */
export function scopeIntervalsOf(list: NodesOfType): ScopeIntervals {
  const nodesOf = (types: readonly IndexedNodeType[]) => types.flatMap((type) => list(type).map((node) => ({ node, type })));
  return new ScopeIntervals(nodesOf(SCOPE_TYPES), nodesOf(BRANCHING_TYPES));
}

/** One tree's scope intervals, kept with its index (where no tree of the program lies inside another's span). */
export function treeScopeIntervals(tree: Tree, syntax: SyntaxIndex): ScopeIntervals {
  return syntax.treeFacts(tree, 'scopes', () => scopeIntervalsOf((type) => syntax.nodesIn(tree, type)));
}

/**
 * The scope and branch around a node. Where no tree of a program lies inside another's span,
 * a node's scopes are all in its own tree: each tree's intervals are read once and kept with
 * it (a keystroke reads the edited cell's only); `intervalsOf` gives them by node.
 */
export class ScopeIndex {
  constructor(private readonly intervalsOf: (node: Node) => ScopeIntervals) {}

  /** The id of the scope a node belongs to (MODULE_SCOPE at top level). */
  scopeOf(node: Node): number {
    return this.intervalsOf(node).scopes.innermost(node)?.id ?? MODULE_SCOPE;
  }

  /** Scope ids to search for a name used at `node`, innermost first (Python's LEGB minus builtins). */
  scopeChain(node: Node): readonly number[] {
    const innermost = this.intervalsOf(node).scopes.innermost(node);
    if (!innermost) return MODULE_CHAIN;
    // The chain depends on the innermost scope only (ids and nesting stay while the tree only
    // moves), and nearly every name a rule resolves asks for it: kept with the interval.
    if (!innermost.chain) {
      const ids: number[] = [];
      let first = true;
      let deferredFrom: number | undefined;
      for (let scope: Interval | undefined = innermost; scope; scope = scope.parent) {
        // Class bodies are not visible from the methods nested in them.
        if (scope.type !== 'class_definition' || first) ids.push(scope.id);
        // A function's or a lambda's body runs when it is called: the scopes around it are seen later.
        if (deferredFrom === undefined && (scope.type === 'function_definition' || scope.type === 'lambda')) deferredFrom = ids.length;
        first = false;
      }
      ids.push(MODULE_SCOPE);
      innermost.chain = ids;
      innermost.deferredFrom = deferredFrom ?? ids.length;
    }
    return innermost.chain;
  }

  /**
   * The index in scopeChain(node) from which the scopes are seen from code that runs when a
   * function or lambda around `node` is called, not where it is written (the chain's length
   * when there is none): names there may have been bound again by then.
   */
  deferredFrom(node: Node): number {
    const innermost = this.intervalsOf(node).scopes.innermost(node);
    if (!innermost) return MODULE_CHAIN.length;
    this.scopeChain(node);
    return innermost.deferredFrom!;
  }

  /** The innermost branching statement around `node` inside its own scope. */
  branchOf(node: Node): Node | undefined {
    const intervals = this.intervalsOf(node);
    const branch = intervals.branches.innermost(node);
    if (!branch) return undefined;
    const scope = intervals.scopes.innermost(node);
    return !scope || branch.start > scope.start ? branch.node : undefined;
  }
}
