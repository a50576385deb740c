import { readBindingsOf, readEverything, readModuleBindingsOf, unrecorded } from '../engine/reads';
import type { Node, Tree } from 'web-tree-sitter';
import { contains, field, namedChildren } from '../engine/syntax';
import { detached } from '../engine/detachedText';
import { MODULE_SCOPE, type ScopeIndex, treeScopeIntervals } from './scopes';
import { forgetMovingNodes, type IndexedNodeType, type SyntaxIndex, type TreeFacts } from './syntaxIndex';
import type { ImportedName } from './imports';

export { MODULE_SCOPE } from './scopes';

export type BindingKind = 'assignment' | 'import' | 'function' | 'class' | 'opaque';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The scope node's id, or MODULE_SCOPE. */
  scope: number;
  /** The binding is visible to code that starts at or after this offset. */
  visibleFrom: number;
  /** The statement or node that binds the name. */
  node: Node;
  /** assignment: the bound expression (absent when unpacking hides it). */
  value?: Node;
  /** import: the dotted path the name stands for. */
  imported?: ImportedName;
  /** The innermost branching statement around the binding inside its scope, if any. */
  branch?: Node;
}

/** All names bound by a binding target (`a`, `a, b`, `[a, *b]`); attributes and subscripts bind none. */
export function targetNames(target: Node): Node[] {
  switch (target.type) {
    case 'identifier':
      return [target];
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list':
    case 'parenthesized_expression':
      return namedChildren(target).flatMap(targetNames);
    case 'list_splat_pattern':
    case 'list_splat':
      return namedChildren(target).flatMap(targetNames);
    default:
      return [];
  }
}

interface Mutation {
  node: Node;
  offset: number;
  scope: number;
  /** A change below the name's value (`a["k"].append(...)`, `a.b[0] = 1`): only isMutatedAfter counts it. */
  deep: boolean;
  /** The binding the mutated name refers to where the mutation happens; null: none. Computed on first use. */
  target?: Binding | null;
}

/** Where recordBindings writes: a model's table, or the events kept for one tree. */
export interface BindingSink {
  add(name: string, kind: BindingKind, node: Node, visibleFrom: number, extra?: Partial<Binding>): unknown;
  /** `offset`: where the value has changed (by default the end of `node`). */
  addMutation(name: string, node: Node, offset?: number, deep?: boolean): void;
}

export class BindingTable implements BindingSink {
  constructor(readonly scopes: ScopeIndex) {}

  private readonly byName = new Map<string, Binding[]>();
  /** Where a name's value is changed in place (`x.append(...)`, `x += ...`, `x[i] = ...`, `x.a = ...`). */
  private readonly mutations = new Map<string, Mutation[]>();

  add(name: string, kind: BindingKind, node: Node, visibleFrom: number, extra: Partial<Binding> = {}): Binding {
    return this.addPlaced(name, kind, node, visibleFrom, this.scopes.scopeOf(node), this.scopes.branchOf(node), extra);
  }

  /** As add, with the node's scope and branch known (read once per tree: see replay). */
  private addPlaced(name: string, kind: BindingKind, node: Node, visibleFrom: number, scope: number, branch: Node | undefined, extra: Partial<Binding> = {}): Binding {
    const binding: Binding = { name, kind, node, visibleFrom, scope, branch, ...extra };
    this.insert(binding);
    return binding;
  }

  /** Adds a binding made by an earlier model of the same tree (kept with it, moved with it). */
  insertKept(binding: Binding): void {
    this.insert(binding);
  }

  private insert(binding: Binding): void {
    const { name, visibleFrom } = binding;
    const list = this.byName.get(name);
    if (!list) {
      this.byName.set(name, [binding]);
      return;
    }
    // Kept in the order the bindings take effect (imports, assignments and defs are recorded
    // kind by kind): appended, and sorted by that order when the name is first looked up. The
    // sort is stable, so bindings that take effect together stay in the order they were added.
    if (list[list.length - 1].visibleFrom > visibleFrom) this.unsorted.add(name);
    list.push(binding);
    this.byScope.delete(name);
  }

  /** A name's bindings split by scope, each list in the order they take effect: built on first lookup. */
  private readonly byScope = new Map<string, Map<number, Binding[]>>();

  private scopeListsOf(name: string): Map<number, Binding[]> | undefined {
    let lists = this.byScope.get(name);
    if (lists) return lists;
    const bindings = this.listOf(name);
    if (!bindings) return undefined;
    lists = new Map();
    for (const binding of bindings) {
      const list = lists.get(binding.scope);
      if (list) list.push(binding);
      else lists.set(binding.scope, [binding]);
    }
    this.byScope.set(name, lists);
    return lists;
  }

  /** Names whose bindings were added out of order, to sort before they are read. */
  private readonly unsorted = new Set<string>();

  private listOf(name: string): Binding[] | undefined {
    const list = this.byName.get(name);
    if (list && this.unsorted.delete(name)) list.sort((a, b) => a.visibleFrom - b.visibleFrom);
    return list;
  }

  addMutation(name: string, node: Node, offset = node.endIndex, deep = false, scope = this.scopes.scopeOf(node)): void {
    // The value changes once the mutating statement or call has run: a use inside it (the
    // right-hand side of `x["c"] = f(x)`, the arguments of `x.append(x[0])`) still sees the value before.
    const mutation: Mutation = { node, offset, scope, deep };
    const list = this.mutations.get(name);
    if (list) list.push(mutation);
    else this.mutations.set(name, [mutation]);
  }

  /**
   * The mutations of `binding`'s value: those whose name, where they happen, refers to that
   * binding. `x.a = ...` on a parameter `x` of one function changes nothing bound elsewhere.
   */
  private mutationsOf(binding: Binding, deep: boolean): Mutation[] {
    const candidates = this.mutations.get(binding.name);
    if (!candidates) return [];
    return candidates.filter((mutation) => {
      if (mutation.deep && !deep) return false;
      if (mutation.offset < binding.visibleFrom && mutation.scope === binding.scope) return false;
      if (mutation.target === undefined) mutation.target = this.lookup(binding.name, mutation.node) ?? null;
      return mutation.target === binding;
    });
  }

  /** Adds what a tree's events record, in their order. */
  replay(events: readonly BindingEvent[]): void {
    for (const event of events) {
      // A node's scope and branch are nodes of its own tree: read once, kept with the events.
      if (event.scope === undefined) {
        event.scope = this.scopes.scopeOf(event.node);
        if (event.kind !== 'mutation') event.branch = this.scopes.branchOf(event.node);
        // The events now hold the branch node too: it moves with the tree.
        if (event.branch) forgetMovingNodes(event.node.tree);
      }
      if (event.kind === 'mutation') this.addMutation(event.name, event.node, event.at, event.deep ?? false, event.scope);
      // The binding itself is made once and kept with the tree: every keystroke's model of a
      // long notebook had made all of them again. Bindings are never changed once made, only
      // moved with their tree (TreeBindingEvents.move).
      else this.insert((event.binding ??= { name: event.name, kind: event.kind, node: event.node, visibleFrom: event.at, scope: event.scope, branch: event.branch, ...event.extra }));
    }
  }

  // Lookups are by name: what they find is in trees that bind the name (engine/reads).
  all(name: string): readonly Binding[] {
    readBindingsOf(name);
    return this.listOf(name) ?? [];
  }

  /** Whether the name is bound at module level anywhere in the file (an assignment, a def, a `global` there). */
  boundAtModuleLevel(name: string): boolean {
    readModuleBindingsOf(name);
    return (this.listOf(name) ?? []).some((binding) => binding.scope === MODULE_SCOPE);
  }

  /** Every name bound anywhere in the file. */
  names(): IterableIterator<string> {
    readEverything();
    return this.byName.keys();
  }

  /** The statements and calls that change `binding`'s value in place, deep changes included (`a["k"].append(...)`). */
  changesOf(binding: Binding): Node[] {
    readBindingsOf(binding.name);
    return this.mutationsOf(binding, true).map((mutation) => mutation.node);
  }

  /** Whether `binding`'s value is changed in place anywhere, in any scope that sees it. */
  isMutatedAfter(binding: Binding): boolean {
    readBindingsOf(binding.name);
    return this.mutationsOf(binding, true).length > 0;
  }

  /** Whether the value of `binding` is changed in place (deep changes too) somewhere inside `node`: a loop that changes a list its passes read. */
  isMutatedWithin(binding: Binding, node: Node): boolean {
    readBindingsOf(binding.name);
    return this.mutationsOf(binding, true).some((mutation) => mutation.offset >= node.startIndex && mutation.offset <= node.endIndex);
  }

  /**
   * Whether the value `use` sees of `binding` may have been changed in place: by a mutation in
   * the use's own scope (or one around it) before the use, or in a scope around the use when
   * the use runs later (a function body reading a module-level list mutated after the def).
   * A mutation inside another function does not count: the spec keeps a mutation to its scope.
   * `deep`: changes of what the value holds count too (`cfg["stages"].insert(...)`), for a read
   * of one of its elements.
   */
  isMutatedBefore(binding: Binding, use: Node, deep = false): boolean {
    readBindingsOf(binding.name);
    const mutations = this.mutationsOf(binding, deep);
    if (mutations.length === 0) return false;
    const chain = this.scopes.scopeChain(use);
    const useScope = chain[0];
    return mutations.some((mutation) => {
      if (!chain.includes(mutation.scope)) return false;
      return mutation.offset < use.startIndex || mutation.scope !== useScope;
    });
  }

  /**
   * The binding that a use of `name` at `use` most likely sees, or undefined when there is
   * none or it cannot be decided (two candidates in different branches). Precision over
   * recall: rules treat undefined as "unknown" and stay silent.
   */
  lookup(name: string, use: Node): Binding | undefined {
    const reaching = this.reachingBindings(name, use);
    return reaching.length === 1 ? reaching[0] : undefined;
  }

  /**
   * The bindings a use of `name` may see: one when it is decided; several when the last one
   * sits in a branch that does not contain the use (the arms of an if/else, a try and its
   * except), back to and including the last one that is not in such a branch; none when the
   * name is not bound in any scope around the use. Callers that can show the candidates agree
   * (both arms build an `MlflowClient()`) may use them; the others treat several as unknown.
   */
  reachingBindings(name: string, use: Node): readonly Binding[] {
    readBindingsOf(name);
    const lists = this.scopeListsOf(name);
    if (!lists) return [];
    const chain = this.scopes.scopeChain(use);
    const at = use.startIndex;
    for (let depth = 0; depth < chain.length; depth++) {
      // In the order they take effect (`add` keeps them so, although the table is filled
      // one statement type after another). A name rebound in every cell of a long notebook
      // has hundreds: the last one before the use is found by binary search.
      const inScope = lists.get(chain[depth]);
      if (!inScope) continue;
      const before = visibleAt(inScope, at);
      // Seen from an enclosing scope the code runs later (a function body), so a binding
      // after the use still counts when there is none before it.
      const count = before > 0 ? before : depth > 0 ? inScope.length : 0;
      if (count === 0) return [];
      // A function body sees the scopes around it when it is called: a name assigned there again
      // after the definition may hold either value (`grid` rebound before `train()` runs). An
      // import again after it names the same object nearly always (`MlflowClient` from
      // `mlflow.tracking`, then from `mlflow.tracking.client`, in the next cell).
      if (before > 0 && before < inScope.length && depth >= this.scopes.deferredFrom(use)) {
        const later = inScope.slice(before).filter((binding) => binding.kind !== 'import');
        if (later.length > 0) return [inScope[before - 1], ...later];
      }
      const chosen = inScope[count - 1];
      if (count === 1 || !isConditionalFor(chosen, use)) return [chosen];
      const reaching: Binding[] = [];
      for (let index = count - 1; index >= 0; index--) {
        reaching.push(inScope[index]);
        if (!isConditionalFor(inScope[index], use)) break;
      }
      return reaching.reverse();
    }
    return [];
  }
}

/** Whether `binding` sits in a branch that does not contain `use` (the other arm of an if/else, a try's except). */
function isConditionalFor(binding: Binding, use: Node): boolean {
  return !!binding.branch && !contains(binding.branch, use);
}

/** How many of `bindings` (in the order they take effect) are visible at `offset`. */
function visibleAt(bindings: readonly Binding[], offset: number): number {
  let low = 0;
  let high = bindings.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (bindings[middle].visibleFrom <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Record what one statement binds; `type` is the node's, as the syntax index files it (reading it again is a trip into the tree). */
export function recordBindings(table: BindingSink, node: Node, type: IndexedNodeType, syntax: SyntaxIndex): void {
  switch (type) {
    case 'assignment':
      recordAssignment(table, node, syntax);
      break;
    case 'augmented_assignment': {
      const left = field(node, 'left');
      const root = left?.type === 'identifier' ? left : left?.type === 'subscript' ? changedName(left) : undefined;
      if (root) table.addMutation(root.text, node, undefined, root.id !== field(left!, 'value')?.id && root.id !== left!.id);
      break;
    }
    case 'named_expression': {
      const name = field(node, 'name');
      const value = field(node, 'value');
      if (name) table.add(name.text, 'assignment', node, node.endIndex, { value });
      break;
    }
    case 'function_definition':
    case 'class_definition': {
      const name = field(node, 'name');
      if (name) table.add(name.text, type === 'class_definition' ? 'class' : 'function', node, node.startIndex);
      if (type === 'function_definition') recordParameters(table, node);
      break;
    }
    case 'lambda':
      recordParameters(table, node);
      break;
    case 'for_statement':
    case 'for_in_clause': {
      const left = field(node, 'left');
      // A comprehension's element expression comes before its `for` clause in the text.
      const visibleFrom = node.type === 'for_in_clause' ? (node.parent ?? node).startIndex : node.startIndex;
      if (left) for (const name of targetNames(left)) table.add(name.text, 'opaque', name, visibleFrom);
      break;
    }
    case 'as_pattern_target':
      // `with open(p) as f:` (and `except E as e:` in older grammars)
      for (const name of targetNames(namedChildren(node)[0] ?? node)) table.add(name.text, 'opaque', name, node.endIndex);
      break;
    case 'except_clause':
      for (const child of namedChildren(node)) {
        if (child.type === 'as_pattern') {
          const alias = field(child, 'alias');
          if (alias) for (const name of targetNames(namedChildren(alias)[0] ?? alias)) table.add(name.text, 'opaque', name, child.endIndex);
        }
      }
      break;
    case 'global_statement':
    case 'nonlocal_statement':
    case 'delete_statement':
      // The name's value comes from elsewhere or is gone: make it unknown from here on.
      for (const name of node.descendantsOfType('identifier')) if (name) table.add(name.text, 'opaque', node, node.endIndex);
      break;
    case 'call':
      recordMutatingCall(table, node, syntax);
      break;
  }
}

const MUTATING_METHODS = new Set(['append', 'extend', 'insert', 'remove', 'pop', 'clear', 'update', 'setdefault', 'sort', 'reverse']);

function recordMutatingCall(table: BindingSink, call: Node, syntax: SyntaxIndex): void {
  const name = syntax.callName(call);
  if (!name || !MUTATING_METHODS.has(name)) return;
  const callee = field(call, 'function');
  const receiver = callee?.type === 'attribute' ? field(callee, 'object') : undefined;
  const root = changedName(receiver);
  if (root) table.addMutation(root.text, call, undefined, root.id !== receiver?.id);
}

/**
 * The name whose value an in-place change of `target` changes: `a` of `a`, `a.b`, `a[0]["k"]`,
 * `a["routes"].append(...)`. Undefined past a call, whose result may be a new object. A change
 * through more than the name itself is recorded as deep (Mutation.deep).
 */
function changedName(target: Node | undefined): Node | undefined {
  let current = target;
  for (let depth = 0; current && depth < 32; depth++) {
    if (current.type === 'identifier') return current;
    if (current.type === 'subscript') current = field(current, 'value');
    // `opts.get("k").append(...)` changes the list the dict holds, as `opts["k"].append(...)` does.
    else if (current.type === 'call' && isGetCall(current)) current = field(field(current, 'function')!, 'object');
    else if (current.type === 'attribute') current = field(current, 'object');
    else if (current.type === 'parenthesized_expression') current = namedChildren(current).find((child) => child.type !== 'comment');
    else return undefined;
  }
  return undefined;
}

/** `x.get(...)`: a mapping's lookup, which returns what the mapping holds. */
function isGetCall(call: Node): boolean {
  const callee = field(call, 'function');
  return callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'get';
}

/** Per syntax index: the value at the end of each nested assignment of a chain, by node id. */
const chainValues = new WeakMap<SyntaxIndex, Map<number, Node | undefined>>();

/**
 * The value a chain `a = b = ... = value` assigns, from one of its nested assignments. Every
 * link of the chain is an assignment statement of its own, so walking to the end from each
 * would be quadratic (20,000 targets: minutes); each link's answer is remembered instead.
 */
function chainedValue(assignment: Node, syntax: SyntaxIndex): Node | undefined {
  let memo = chainValues.get(syntax);
  if (!memo) chainValues.set(syntax, (memo = new Map()));
  const walked: Node[] = [];
  let current: Node | undefined = assignment;
  let value: Node | undefined;
  while (current?.type === 'assignment') {
    if (memo.has(current.id)) {
      value = memo.get(current.id);
      break;
    }
    walked.push(current);
    current = field(current, 'right');
    value = current;
  }
  for (const link of walked) memo.set(link.id, value);
  return value;
}

function recordAssignment(table: BindingSink, node: Node, syntax: SyntaxIndex): void {
  const parts = syntax.partsOfAssignment(node);
  const left = parts ? parts.left : field(node, 'left');
  let right = parts ? parts.right : field(node, 'right');
  if (!left) return;
  // `a = b = value`: tree-sitter nests the second assignment as the right-hand side.
  if (right?.type === 'assignment') right = chainedValue(right, syntax);
  if (left.type === 'identifier') {
    table.add(left.text, 'assignment', node, node.endIndex, { value: right });
    return;
  }
  if (left.type === 'subscript' || left.type === 'attribute') {
    // `x["k"] = v` and `x.a = v` change x. A change below that (`cfg["routes"][0]["traffic_percentage"] = 100`,
    // a mock's `evaluator.evaluate.return_value = ...`) is deep: what the name was bound to stays
    // what it is (resolveValue still follows it: a DataFrame from toPandas(), a MagicMock()), but
    // a literal it holds may no longer say what the program has (SemanticModel.isChangedInPlace).
    const base = field(left, left.type === 'subscript' ? 'value' : 'object');
    const root = changedName(base);
    if (root) table.addMutation(root.text, node, undefined, root.id !== base?.id);
    return;
  }
  // Unpacking: `a, b = x, y` binds element-wise when both sides have the same length.
  const targets = namedChildren(left);
  const values = right && ['expression_list', 'tuple', 'list'].includes(right.type) ? namedChildren(right) : [];
  const elementWise = targets.length === values.length && targets.every((target) => target.type === 'identifier');
  targets.forEach((target, index) => {
    for (const name of targetNames(target)) {
      table.add(name.text, 'assignment', node, node.endIndex, elementWise ? { value: values[index] } : {});
    }
  });
}

function recordParameters(table: BindingSink, fn: Node): void {
  const parameters = field(fn, 'parameters');
  if (!parameters) return;
  for (const parameter of namedChildren(parameters)) {
    const nameNode =
      parameter.type === 'identifier'
        ? parameter
        : (field(parameter, 'name') ?? namedChildren(parameter).find((child) => child.type === 'identifier'));
    // Parameters belong to the function's own scope.
    if (nameNode) table.add(nameNode.text, 'opaque', nameNode, fn.startIndex, { scope: fn.id });
  }
}

/** The statement kinds that bind or change names, in the order a model records them. */
export const BINDING_TYPES = [
  'assignment',
  'augmented_assignment',
  'named_expression',
  'function_definition',
  'class_definition',
  'lambda',
  'for_statement',
  'for_in_clause',
  'as_pattern_target',
  'except_clause',
  'global_statement',
  'nonlocal_statement',
  'delete_statement',
  'call',
] as const satisfies readonly IndexedNodeType[];

/** One add (`kind` a binding kind) or addMutation (`kind` 'mutation') as recordBindings made it; `at` is visibleFrom or the mutation's offset. */
interface BindingEvent {
  name: string;
  kind: BindingKind | 'mutation';
  node: Node;
  at: number;
  extra?: Partial<Binding>;
  /** A mutation below the name's value (Mutation.deep). */
  deep?: boolean;
  /** Filled on the first replay: the scope node's id (or MODULE_SCOPE) and the branch around the node. */
  scope?: number;
  branch?: Node;
  /** Made on the first replay of an add: the binding every model of the tree's versions shares. */
  binding?: Binding;
}

/** One tree's binding events by statement kind: read once, replayed into each model's table. */
class TreeBindingEvents implements TreeFacts, BindingSink {
  readonly byType = new Map<IndexedNodeType, BindingEvent[]>();
  private current: BindingEvent[] = [];

  startType(type: IndexedNodeType): void {
    this.current = [];
    this.byType.set(type, this.current);
  }

  add(name: string, kind: BindingKind, node: Node, visibleFrom: number, extra?: Partial<Binding>): void {
    this.current.push({ name: detached(name), kind, node, at: visibleFrom, ...(extra ? { extra } : {}) });
  }

  addMutation(name: string, node: Node, offset = node.endIndex, deep = false): void {
    this.current.push({ name: detached(name), kind: 'mutation', node, at: offset, ...(deep ? { deep } : {}) });
  }

  /** Every name the tree's statements bind or change in place. */
  names(): ReadonlySet<string> {
    const names = new Set<string>();
    for (const events of this.byType.values()) for (const event of events) names.add(event.name);
    return names;
  }

  eachNode(visit: (node: Node) => void): void {
    for (const events of this.byType.values()) {
      for (const event of events) {
        visit(event.node);
        if (event.extra?.value) visit(event.extra.value);
        if (event.branch) visit(event.branch);
      }
    }
  }

  move(shift: (offset: number) => number): void {
    for (const events of this.byType.values()) {
      for (const event of events) {
        event.at = shift(event.at);
        if (event.binding) event.binding.visibleFrom = event.at;
      }
    }
  }
}

/**
 * Records the bindings of every statement of BINDING_TYPES into `table`, kind by kind in
 * document order. `treesApart`: each tree's code ends before the next tree's begins. A tree's events are read once and kept with its syntax index, so on a
 * keystroke only the edited cell's statements are read out of the tree.
 */
export function recordAllBindings(table: BindingTable, trees: readonly Tree[], syntax: SyntaxIndex, treesApart: boolean): void {
  let events: TreeBindingEvents[] | undefined;
  for (const type of BINDING_TYPES) {
    // Kept events remember their scope, which is a node of their own tree only when no tree
    // lies inside another's span (an IPython %run inside a def would put one there).
    if (!treesApart || !syntax.isConcatenated(type)) {
      // Trees whose nodes interleave (a cell cut by included code): the whole list, read again.
      for (const node of syntax.nodes(type)) recordBindings(table, node, type, syntax);
      continue;
    }
    events ??= trees.map((tree) => treeBindingEvents(tree, syntax));
    for (const treeEvents of events) table.replay(treeEvents.byType.get(type)!);
  }
}

/**
 * The names one tree of a program binds or changes in place (imports aside: the semantic model
 * adds those), read as the binding table reads them and kept with the tree's index.
 */
export function namesBoundIn(tree: Tree, syntax: SyntaxIndex): ReadonlySet<string> {
  return unrecorded(() => treeBindingEvents(tree, syntax).names());
}

/**
 * The names one tree binds or changes at module level (imports aside), by the scopes the
 * binding table gives its events: what `boundAtModuleLevel` can find in the tree.
 */
export function namesBoundAtModuleLevelIn(tree: Tree, syntax: SyntaxIndex): ReadonlySet<string> {
  return unrecorded(() => {
    const scopes = treeScopeIntervals(tree, syntax).scopes;
    const names = new Set<string>();
    for (const events of treeBindingEvents(tree, syntax).byType.values()) for (const event of events) if (!scopes.innermost(event.node)) names.add(event.name);
    return names;
  });
}

function treeBindingEvents(tree: Tree, syntax: SyntaxIndex): TreeBindingEvents {
  return syntax.treeFacts(tree, 'bindings', () => {
    const events = new TreeBindingEvents();
    for (const type of BINDING_TYPES) {
      events.startType(type);
      for (const node of syntax.nodesIn(tree, type)) recordBindings(events, node, type, syntax);
    }
    return events;
  });
}
