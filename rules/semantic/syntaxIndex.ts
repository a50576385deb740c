import { type Edit, type Language, type Node, type Point, type Tree } from 'web-tree-sitter';
import { detached } from '../engine/detachedText';
import { NodeTypeList } from '../engine/nodeTypeList';
import { readEverything, readTexts, readTree, readWord } from '../engine/reads';
import { afterSyntaxMemoAdd, beforeSyntaxMemoRead, forgetSyntaxMemo, syntaxMemoNodes } from './syntaxMemo';

/**
 * Every node kind that the semantic layer or a rule looks at, collected by one walk of each
 * tree inside the parser's C code (kept while the tree is), instead of one walk per rule.
 * Rules read these lists; add a kind here when a rule needs a new one. Numerous kinds that
 * few rules need (strings, dicts) are not indexed: rules reach them through the words they
 * contain (SemanticModel.nodesAroundText).
 */
export const INDEXED_NODE_TYPES = [
  'import_statement',
  'import_from_statement',
  'assignment',
  'augmented_assignment',
  'named_expression',
  'call',
  'function_definition',
  'class_definition',
  'lambda',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
  'for_statement',
  'for_in_clause',
  'while_statement',
  'if_statement',
  'try_statement',
  'match_statement',
  'global_statement',
  'nonlocal_statement',
  'delete_statement',
  'except_clause',
  'as_pattern_target',
] as const;

export type IndexedNodeType = (typeof INDEXED_NODE_TYPES)[number];

/**
 * The callee's last name of a call (`f` in `f(...)`, `m` in `a.b.m(...)`), read when the tree
 * is indexed: every call is indexed by it. The other parts (callee, receiver,
 * arguments) are read from the tree only for the calls a rule looks at.
 */
export interface CallParts {
  name?: Node;
  /** The name's text, read once per tree (it stays when the tree only moves). */
  nameText?: string;
}

/** The two sides of `left = right` (no right side for a bare annotation `x: int`). */
export interface AssignmentParts {
  left: Node;
  right?: Node;
}

// Asked for on every tree indexed: the names are looked up in a set (engine/nodeTypeList).
const INDEXED_TYPE_NAMES = NodeTypeList.holding(INDEXED_NODE_TYPES);
const anonymousSymbols = new WeakMap<Language, ReadonlySet<number>>();

/**
 * The symbols of tokens named like an indexed kind (the keyword `lambda` beside the `lambda`
 * expression): web-tree-sitter's descendantsOfType matches names, named or not.
 */
function anonymousSymbolsOf(language: Language): ReadonlySet<number> {
  let symbols = anonymousSymbols.get(language);
  if (!symbols) {
    symbols = new Set(INDEXED_NODE_TYPES.map((type) => language.idForNodeType(type, false)).filter((id): id is number => typeof id === 'number' && id > 0));
    anonymousSymbols.set(language, symbols);
  }
  return symbols;
}

/**
 * Facts read from one tree that stay true while the tree only moves (a cell after an edited
 * one): kept with the tree's index, their nodes and offsets moved with it.
 */
export interface TreeFacts {
  /** Visits every node the facts hold. */
  eachNode(visit: (node: Node) => void): void;
  /** Moves the offsets the facts hold as numbers. */
  move(shift: (offset: number) => number): void;
}

/** What one tree holds: its indexed nodes by kind (each list in document order) and their parts. */
interface TreeIndex {
  /** Facts other modules read from the tree, by their key; one map for each order of the lists (one tree, several). */
  facts?: [Map<string, TreeFacts>, Map<string, TreeFacts>];
  /** In document order, outer before inner (calls that start together: inner first). */
  byType: Map<string, Node[]>;
  /** Every list sorted by start (then end): made when the tree is one of several. */
  sorted?: Map<string, Node[]>;
  callParts: Map<number, CallParts>;
  assignmentParts: Map<number, AssignmentParts>;
  /** Every node of the lists and the parts, gathered as they were read: what a move moves first. */
  held: Node[];
  /**
   * Every node a move moves (held, the facts' and the readings' nodes), each once: made at the
   * first move after a fact or reading was added (undefined until then), then reused by every
   * move while the tree is kept.
   */
  moving?: Node[];
}

/**
 * Per tree, kept while the tree is neither edited nor freed: on a keystroke in a notebook the
 * cells before the edited one keep their trees (engine/programParser), so their nodes and parts
 * are not read out of WebAssembly again. An edited tree's nodes have moved: forgetSyntaxIndex.
 */
const treeIndexes = new WeakMap<Tree, TreeIndex>();

/** The tree is about to be edited (its nodes move) or freed: its index no longer holds. */
export function forgetSyntaxIndex(tree: Tree): void {
  treeIndexes.delete(tree);
  pendingMoves.delete(tree);
  forgetSyntaxMemo(tree);
}

/**
 * Moves not yet made of trees wholly below the edits (every node by the same bytes and rows):
 * made when the tree's index or readings are next read (flushMoves). A keystroke that reruns no
 * rule reads none of the cells after it, and moving every node of a long notebook's later cells
 * was a third of such a keystroke.
 */
const pendingMoves = new WeakMap<Tree, { bytes: number; rows: number }>();

/**
 * Trees that may share subtrees with another live tree: a copy, and the tree it was copied
 * from. Nothing else shares: an incremental parse shares with its old tree, which the store
 * frees right after.
 */
const sharingTrees = new WeakSet<Tree>();

/** A copy of the tree; the two share their subtrees (see moveSyntaxIndex). */
export function copyTree(tree: Tree): Tree {
  const copy = tree.copy();
  sharingTrees.add(tree);
  sharingTrees.add(copy);
  return copy;
}

/** The path of a tree that shares no subtree: no node on it can be copied by an edit. */
const NOT_SHARED: readonly number[] = [];

/**
 * What moveSyntaxIndex needs to know of an indexed tree about to be edited (undefined when it
 * has no index to keep): for a tree that may share subtrees, the ids along the path from the
 * root to the first token.
 */
export function pathBeforeEdit(tree: Tree): readonly number[] | undefined {
  if (!treeIndexes.has(tree)) return undefined;
  return sharingTrees.has(tree) ? firstChildPath(tree) : NOT_SHARED;
}

function firstChildPath(tree: Tree): number[] {
  const cursor = tree.walk();
  try {
    const ids = [cursor.nodeId];
    while (cursor.gotoFirstChild()) ids.push(cursor.nodeId);
    return ids;
  } finally {
    cursor.delete();
  }
}

/**
 * The tree was edited for a change that ends before its text starts (a cell after the edited
 * one) and is kept without a parse: its nodes keep their subtrees and only move, so the index
 * is kept with every node moved by the change, instead of read out of WebAssembly again.
 * Tree-sitter's edit rewrites only the path from the root to the first token: in place, unless
 * a subtree on it is shared with another tree and copied. A node's id is the address of its
 * slot in its parent's list of children, so a copied node changes the id of every child it
 * has, the next node on the path among them: `pathBefore` (pathBeforeEdit) is compared with the
 * path after the edit, and on any difference the index is dropped. Only a tree copied with
 * copyTree (the CLI's %run cache lends copies) can share; for any other the two walks of the
 * path are left out (they were a tenth of the move's cost on a keystroke). (web-tree-sitter's
 * Node.edit does this move, but its row arithmetic is wrong in 0.25: it adds the rows after
 * the edit to the node's own row.)
 */
export function moveSyntaxIndex(tree: Tree, edit: Edit, pathBefore: readonly number[] | undefined, startRow?: number): void {
  const index = treeIndexes.get(tree);
  if (!index) {
    forgetSyntaxMemo(tree);
    return;
  }
  if (!pathBefore || (pathBefore !== NOT_SHARED && !samePath(pathBefore, firstChildPath(tree)))) {
    forgetSyntaxIndex(tree);
    return;
  }
  const bytes = edit.newEndIndex - edit.oldEndIndex;
  const rows = edit.newEndPosition.row - edit.oldEndPosition.row;
  if (startRow !== undefined && startRow > edit.oldEndPosition.row) {
    // Every node starts on a row below the edit's end: columns stay, the move waits.
    const pending = pendingMoves.get(tree);
    if (pending) {
      pending.bytes += bytes;
      pending.rows += rows;
    } else pendingMoves.set(tree, { bytes, rows });
    return;
  }
  flushMoves(tree);
  if (movingNodes(tree, index).some((node) => node.startIndex < edit.oldEndIndex)) {
    forgetSyntaxIndex(tree);
    return;
  }
  movingEdit = edit;
  try {
    moveNodes(tree, index);
  } finally {
    movingEdit = undefined;
  }
  moveFacts(index, (offset) => edit.newEndIndex + (offset - edit.oldEndIndex));
}

beforeSyntaxMemoRead((tree) => flushMoves(tree));
afterSyntaxMemoAdd(forgetMovingNodes);

/** Nodes were added to what the tree's facts hold (a fact filled in): the list of its nodes to move is made again. */
export function forgetMovingNodes(tree: Tree): void {
  const index = treeIndexes.get(tree);
  if (index) index.moving = undefined;
}

/**
 * The move being made: an edit (moveNode), or else the bytes and rows of a tree's pending
 * moves. Module state read by the visitors below, which are made once: a closure per moved
 * tree was a tenth of what a keystroke allocated.
 */
let movingEdit: Edit | undefined;
let pendingBytes = 0;
let pendingRows = 0;

/** Makes the moves waiting for the tree (see pendingMoves). */
function flushMoves(tree: Tree): void {
  const pending = pendingMoves.get(tree);
  if (!pending) return;
  pendingMoves.delete(tree);
  const index = treeIndexes.get(tree);
  if (!index) return;
  pendingBytes = pending.bytes;
  pendingRows = pending.rows;
  moveNodes(tree, index);
  moveFacts(index, addPendingBytes);
}

function addPendingBytes(offset: number): number {
  return offset + pendingBytes;
}

/** Moves the offsets the tree's facts hold as numbers. */
function moveFacts(index: TreeIndex, shift: (offset: number) => number): void {
  if (index.facts) for (const byKey of index.facts) for (const facts of byKey.values()) facts.move(shift);
}

/**
 * Every node a move of the tree moves, each once (see TreeIndex.moving). The facts and the
 * readings of node syntax (syntaxMemo) hold nodes beside the index's own, some of them several
 * times; they are gathered again only after a fact or reading was added: walking every fact and
 * reading of every moved cell at each keystroke, marking each node to move it once, was half
 * of a keystroke's semantic model.
 */
function movingNodes(tree: Tree, index: TreeIndex): Node[] {
  if (!index.moving) {
    const nodes: Node[] = [];
    // A gathered node is marked by a negative start (~start) until all are gathered.
    const gather = (node: Node) => {
      if (node.startIndex < 0) return;
      node.startIndex = ~node.startIndex;
      nodes.push(node);
    };
    for (const node of index.held) gather(node);
    if (index.facts) for (const byKey of index.facts) for (const facts of byKey.values()) facts.eachNode(gather);
    syntaxMemoNodes(tree, gather);
    for (const node of nodes) node.startIndex = ~node.startIndex;
    index.moving = nodes;
  }
  return index.moving;
}

/** Moves each node once, by movingEdit or by the pending bytes and rows. */
function moveNodes(tree: Tree, index: TreeIndex): void {
  const nodes = movingNodes(tree, index);
  if (movingEdit) {
    for (const node of nodes) moveNode(node, movingEdit);
    return;
  }
  for (const node of nodes) {
    node.startIndex += pendingBytes;
    node.startPosition.row += pendingRows;
    forgetChildLists(node);
  }
}

function samePath(before: readonly number[], after: readonly number[]): boolean {
  return before.length === after.length && before.every((id, at) => id === after[at]);
}

function moveNode(node: Node, edit: Edit): void {
  node.startIndex = edit.newEndIndex + (node.startIndex - edit.oldEndIndex);
  // In place: each node has its own point (web-tree-sitter makes one per node it hands out,
  // and nothing here keeps a node's point apart from the node), and a new object per moved node
  // was a tenth of a keystroke's move at the top of a 10,000-line notebook.
  movePoint(node.startPosition, edit.oldEndPosition, edit.newEndPosition);
  forgetChildLists(node);
}

/** Child lists a node has handed out were read before it moved. */
function forgetChildLists(node: Node): void {
  const cached = node as unknown as { _children?: unknown; _namedChildren?: unknown };
  cached._children = undefined;
  cached._namedChildren = undefined;
}

/** Moves a point at or after `oldEnd` as the text from `oldEnd` on moved to `newEnd`. */
function movePoint(point: Point, oldEnd: Point, newEnd: Point): void {
  if (point.row > oldEnd.row) {
    point.row = newEnd.row + point.row - oldEnd.row;
  } else {
    point.column = newEnd.column + point.column - oldEnd.column;
    point.row = newEnd.row;
  }
}

function indexOf(tree: Tree): TreeIndex {
  flushMoves(tree);
  let index = treeIndexes.get(tree);
  if (!index) {
    index = indexTree(tree);
    treeIndexes.set(tree, index);
  }
  return index;
}

function indexTree(tree: Tree): TreeIndex {
  const byType = new Map<string, Node[]>();
  for (const type of INDEXED_NODE_TYPES) byType.set(type, []);
  const callParts = new Map<number, CallParts>();
  const assignmentParts = new Map<number, AssignmentParts>();
  const held: Node[] = [];
  const anonymous = anonymousSymbolsOf(tree.language);
  // One walk inside the parser's C code, nodes in document order (outer before inner). A query
  // with one pattern per kind, which also gave the parts, found the same nodes and parts at a
  // third more cost (3,000 real files: 1,248 against 927 ms), and delivered an outer node after
  // its inner ones where an optional part kept its match open.
  for (const node of tree.rootNode.descendantsOfType(INDEXED_TYPE_NAMES)) {
    if (!node) continue;
    const type = node.type;
    if (type === 'call') {
      const callee = node.childForFieldName('function');
      const name = callee?.type === 'identifier' ? callee : callee?.type === 'attribute' ? (callee.childForFieldName('attribute') ?? undefined) : undefined;
      // Only calls with a name are indexed: a call of a call or a subscript (`f()()`, `fs[0]()`)
      // is none that a rule looks for by name.
      if (name?.type !== 'identifier') continue;
      byType.get(type)!.push(node);
      callParts.set(node.id, { name });
      held.push(node, name);
      continue;
    }
    const list = byType.get(type);
    if (!list || anonymous.has(node.typeId)) continue;
    list.push(node);
    held.push(node);
    if (type === 'assignment') {
      const left = node.childForFieldName('left');
      if (!left) continue;
      const right = node.childForFieldName('right') ?? undefined;
      assignmentParts.set(node.id, { left, right });
      held.push(left);
      if (right) held.push(right);
    }
  }
  // Calls that start together (`a.b().c()`: c's call starts with b's) come inner first, as
  // they finish: the end offset (a trip into wasm) is read only for such ties.
  byType.get('call')!.sort(byStartThenEnd);
  return { byType, callParts, assignmentParts, held };
}

function byStartThenEnd(a: Node, b: Node): number {
  return a.startIndex - b.startIndex || a.endIndex - b.endIndex;
}

/** A list already in start-then-end order is kept as it is: a sorted copy of every list would double what each tree of a program keeps. */
function sortedByStartThenEnd(nodes: Node[]): Node[] {
  for (let i = 1; i < nodes.length; i++) if (byStartThenEnd(nodes[i - 1], nodes[i]) > 0) return nodes.slice().sort(byStartThenEnd);
  return nodes;
}

const MAX_FACTS_PER_TREE = 64;

/** The keyword every node of a kind holds. */
const KEYWORDS: Partial<Record<IndexedNodeType, string>> = {
  import_statement: 'import',
  import_from_statement: 'import',
  function_definition: 'def',
  class_definition: 'class',
  lambda: 'lambda',
  list_comprehension: 'for',
  set_comprehension: 'for',
  dictionary_comprehension: 'for',
  generator_expression: 'for',
  for_statement: 'for',
  for_in_clause: 'for',
  while_statement: 'while',
  if_statement: 'if',
  try_statement: 'try',
  match_statement: 'match',
  global_statement: 'global',
  nonlocal_statement: 'nonlocal',
  delete_statement: 'del',
  except_clause: 'except',
  named_expression: ':=',
};

export class SyntaxIndex {
  /** Each kind's list over all trees, joined on first use: a lint asks for a few kinds only. */
  private readonly byType = new Map<string, Node[]>();
  /** Each tree's index, by tree: a node's parts are looked up in its own tree's. */
  private readonly treeIndexes = new Map<Tree, TreeIndex>();
  private readonly indexes: TreeIndex[];
  private readonly several: boolean;
  /**
   * One index over the trees of a program's Python cells (given in program order). `apart`:
   * each tree's code ends before the next tree's begins, so every kind's lists are already in
   * order one after another (checked kind by kind otherwise). `several`: the trees are some of
   * a program of several (what is read from them is kept for that program's index to read).
   */
  constructor(
    trees: readonly Tree[],
    private readonly apart = false,
    several = trees.length > 1,
  ) {
    this.indexes = trees.map(indexOf);
    this.several = several;
    // One tree's lists are taken in document order (calls sorted); several trees' lists are
    // each sorted by start, then joined.
    if (this.several) for (const index of this.indexes) index.sorted ??= new Map([...index.byType].map(([type, nodes]) => [type, sortedByStartThenEnd(nodes)]));
    trees.forEach((tree, index) => this.treeIndexes.set(tree, this.indexes[index]));
  }

  private listsOf(type: IndexedNodeType): Node[][] {
    return this.indexes.map((index) => (this.several ? index.sorted! : index.byType).get(type)!);
  }

  /**
   * Whether `nodes(type)` is each tree's `nodesIn(tree, type)` in the trees' order. A cell cut
   * by included code (a star import, an IPython %run) holds code on both sides of that code's
   * tree: the trees' lists then interleave and the whole list is sorted.
   */
  isConcatenated(type: IndexedNodeType): boolean {
    readEverything();
    return this.listsFollowOneAnother(type);
  }

  private listsFollowOneAnother(type: IndexedNodeType): boolean {
    let answer = this.concatenated.get(type);
    if (answer === undefined) this.concatenated.set(type, (answer = this.apart || inOrder(this.listsOf(type))));
    return answer;
  }

  private readonly concatenated = new Map<IndexedNodeType, boolean>();

  /** Whether the tree is one of the program's (a node from elsewhere has no facts here). */
  holds(tree: Tree): boolean {
    return this.treeIndexes.has(tree);
  }

  /** One tree's nodes of a kind, as they appear in `nodes(type)`. */
  nodesIn(tree: Tree, type: IndexedNodeType): readonly Node[] {
    readTree(tree);
    const index = this.treeIndexes.get(tree)!;
    return (this.several ? index.sorted! : index.byType).get(type)!;
  }

  /**
   * Facts read from one tree by `read`, kept while the tree is kept or only moves. The key
   * names what was read; the order the tree's lists come in (one tree or several) is part of it.
   */
  treeFacts<T extends TreeFacts>(tree: Tree, key: string, read: () => T): T {
    readTree(tree);
    const index = this.treeIndexes.get(tree)!;
    index.facts ??= [new Map(), new Map()];
    const byKey = index.facts[this.several ? 1 : 0];
    let facts = byKey.get(key) as T | undefined;
    if (!facts) {
      facts = read();
      // Keys can come from the code (nodesAroundText with a name read from it): past the bound,
      // the oldest of those go first; the fixed ones (bindings, imports) stay.
      if (byKey.size >= MAX_FACTS_PER_TREE) {
        const oldest = [...byKey.keys()].find((candidate) => candidate.startsWith('around'));
        if (oldest !== undefined) byKey.delete(oldest);
      }
      byKey.set(key, facts);
      index.moving = undefined;
    }
    return facts;
  }

  /** Nodes of one kind, in document order. */
  nodes(type: IndexedNodeType): readonly Node[] {
    // A node of a kind that a keyword starts is in a cell whose text holds the keyword: the
    // list changes only with an edit there (engine/reads). Other kinds are read as a whole.
    const keyword = KEYWORDS[type];
    if (keyword === ':=') readTexts([keyword]);
    else if (keyword) readWord(keyword);
    else readEverything();
    let nodes = this.byType.get(type);
    if (!nodes) {
      const lists = this.listsOf(type);
      nodes = lists.length === 1 ? lists[0].slice() : lists.flat();
      if (!this.listsFollowOneAnother(type)) nodes.sort(byStartThenEnd);
      this.byType.set(type, nodes);
    }
    return nodes;
  }

  /** The captured name of an indexed call. */
  partsOfCall(call: Node): CallParts | undefined {
    readTree(call.tree);
    return this.treeIndexes.get(call.tree)?.callParts.get(call.id);
  }

  /** The callee's last name of an indexed call (`m` in `a.b.m(...)`). */
  callName(call: Node): string | undefined {
    const parts = this.partsOfCall(call);
    if (parts?.name && parts.nameText === undefined) parts.nameText = detached(parts.name.text);
    return parts?.nameText;
  }

  /** The two sides of an indexed assignment. */
  partsOfAssignment(assignment: Node): AssignmentParts | undefined {
    readTree(assignment.tree);
    return this.treeIndexes.get(assignment.tree)?.assignmentParts.get(assignment.id);
  }
}

/** Whether lists each in document order follow one another: every list starts after the one before ends. */
function inOrder(lists: ReadonlyArray<readonly Node[]>): boolean {
  let lastStart = -1;
  for (const list of lists) {
    if (list.length === 0) continue;
    if (list[0].startIndex <= lastStart) return false;
    lastStart = list[list.length - 1].startIndex;
  }
  return true;
}
