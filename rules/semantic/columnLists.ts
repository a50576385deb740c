import type { Node } from 'web-tree-sitter';
import { codeChildren, contains, field, namedChildren, unparenthesize } from '../engine/syntax';
import type { Binding } from './bindings';
import type { SemanticModel } from './semanticModel';
import { stringTemplate, UNKNOWN_PART } from './stringTemplates';
import { calledMethod } from './methodCalls';
import { returnStatements, returnValue } from './tuning';
import { literalString, numberValue } from './values';

/**
 * Lists as Spark ML code builds them: stage lists and column-name lists written as literals,
 * concatenated with `+`, spread with `*`, bound to names, or built by a list comprehension over
 * a list the file shows (`[c + "_idx" for c in cat_cols]`,
 * `[StringIndexer(inputCol=c, outputCol=f"{c}_idx") for c in cat_cols]`). A comprehension
 * yields its element expression once per value of its variable, with the variable's value in
 * `bound`; over a list the file does not show, it yields the element once, marked `repeated`,
 * with the variable unknown. A list grown in place before its use (`stages += [...]`,
 * `stages.append(...)`, also in a `for` loop) is replayed the same way.
 */

/** Values of comprehension variables: a known string, or undefined when not known. */
export type BoundNames = ReadonlyMap<string, string | undefined>;

export interface ListItem {
  node: Node;
  /** The comprehension variables the node is evaluated with. */
  bound?: BoundNames;
  /** Stands for any number of items (a comprehension over a list the file does not show). */
  repeated?: boolean;
  /** Written once in a comprehension or a loop body, standing for one item per pass: not edited for one of them. */
  generated?: boolean;
  /**
   * The node inside the expression the list was read from that yields this item: the item
   * itself when written there, else the name or comprehension it comes through (`cat_cols` in
   * `cat_cols + ["age"]`). Findings about an item that is not written in place go there.
   */
  via: Node;
}

export interface ListItems {
  items: ListItem[];
  /** False when part of the list is unknown (a call, an unknown splat, a filtered comprehension). */
  complete: boolean;
  /** The list and tuple literals read, to tell syntax errors. */
  literals: Node[];
}

const MAX_DEPTH = 8;

/** The items of a list expression; undefined when it is not a list the file shows. */
export function listItems(model: SemanticModel, node: Node | undefined, bound?: BoundNames, via?: Node, depth = 0): ListItems | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  const start = unparenthesize(node);
  if (start.type === 'identifier' && bound?.has(start.text)) return undefined;
  const here = via ?? (start.type === 'identifier' || start.type === 'list_comprehension' ? start : undefined);
  const expr = model.resolveValue(start);
  if (expr.type === 'list' || expr.type === 'tuple') {
    const items: ListItem[] = [];
    let complete = true;
    const literals = [expr];
    for (const child of namedChildren(expr)) {
      if (child.type === 'comment') continue;
      if (child.type === 'list_splat') {
        const inner = namedChildren(child)[0];
        const nested = inner ? listItems(model, inner, bound, here, depth + 1) : undefined;
        if (!nested) complete = false;
        else {
          items.push(...nested.items);
          literals.push(...nested.literals);
          complete &&= nested.complete;
        }
        continue;
      }
      items.push({ node: child, bound, via: here ?? child });
    }
    return { items, complete, literals };
  }
  if (expr.type === 'binary_operator' && field(expr, 'operator')?.text === '+') {
    const left = listItems(model, field(expr, 'left'), bound, here, depth + 1);
    const right = listItems(model, field(expr, 'right'), bound, here, depth + 1);
    if (!left || !right) return { items: [...(left?.items ?? []), ...(right?.items ?? [])], complete: false, literals: [] };
    return { items: [...left.items, ...right.items], complete: left.complete && right.complete, literals: [...left.literals, ...right.literals] };
  }
  if (expr.type === 'list_comprehension') return comprehensionItems(model, expr, bound, here ?? expr, depth);
  if (expr.type === 'identifier' && !bound?.has(expr.text)) return replayedList(model, expr, bound, here ?? expr, depth);
  if (expr.type === 'call') return returnedList(model, expr, here ?? expr, depth);
  return undefined;
}

/**
 * `stages()` where `stages` is a def in the file (or `self.stages()`, a method) with one `return` of a list it shows:
 * `Pipeline(stages=preprocessing_stages() + [lr])`. Names in the returned list are read where
 * the def reads them; what depends on the def's parameters stays unknown item by item.
 */
function returnedList(model: SemanticModel, call: Node, via: Node, depth: number): ListItems | undefined {
  const callee = field(call, 'function');
  // A def of the file, or a method of one of its classes (`Pipeline(stages=self.stages())`).
  const fn = callee ? (model.resolveFunction(callee) ?? calledMethod(model, model.callSite(call))) : undefined;
  if (fn?.type !== 'function_definition' || !field(fn, 'body') || call.hasError) return undefined;
  const returns = returnStatements(fn);
  const value = returns.length === 1 ? returnValue(returns[0]) : undefined;
  // Comprehension variables of the caller do not reach into the def.
  return value ? listItems(model, value, undefined, via, depth + 1) : undefined;
}

/** `[element for name in values]`: one item per value; one repeated item when the values are not known. */
function comprehensionItems(model: SemanticModel, comprehension: Node, bound: BoundNames | undefined, via: Node, depth: number): ListItems | undefined {
  const element = field(comprehension, 'body');
  const clauses = namedChildren(comprehension).filter((child) => child.type !== 'comment' && child.id !== element?.id);
  // A filter (`if ...`) or a second `for` changes which items there are.
  if (!element || clauses.length !== 1 || clauses[0].type !== 'for_in_clause') return { items: [], complete: false, literals: [] };
  const variable = field(clauses[0], 'left');
  if (variable?.type !== 'identifier') return { items: [], complete: false, literals: [] };
  const values = iteratedValues(model, field(clauses[0], 'right'), bound, depth + 1);
  const withValue = (value: string | undefined): BoundNames => new Map([...(bound ?? []), [variable.text, value]]);
  if (!values) return { items: [{ node: element, bound: withValue(undefined), repeated: true, generated: true, via }], complete: true, literals: [] };
  return { items: values.map((value) => ({ node: element, bound: withValue(value), generated: true, via })), complete: true, literals: [] };
}

const GROWING_METHODS = new Set(['append', 'extend']);
const MUTATING_METHODS = new Set(['append', 'extend', 'insert', 'remove', 'pop', 'clear', 'sort', 'reverse']);

/**
 * A list built up in place: `stages = [...]` (or `[]`) followed, before the use, by
 * `stages += [...]`, `stages.append(x)`, `stages.extend([...])` statements in the same block,
 * or directly in the body of a `for` loop in that block (over a list the file shows: one pass
 * per value, the loop variable bound; else the pass stands for any number of items). Any other
 * change (insert, a subscript, in a branch, a function, after the use) makes the list unknown.
 */
function replayedList(model: SemanticModel, use: Node, bound: BoundNames | undefined, via: Node, depth: number): ListItems | undefined {
  const binding = model.lookup(use);
  if (!binding || binding.kind !== 'assignment' || !binding.value) return undefined;
  const block = binding.node.parent?.parent;
  if (binding.node.parent?.type !== 'expression_statement' || !block) return undefined;
  const changes = changesOf(model, binding.name, binding);
  if (changes.length === 0 || changes.some((change) => !change.kind || change.statement.startIndex > use.startIndex)) return undefined;
  // A use inside the loop that grows the list sees it at every pass.
  if (changes.some((change) => change.statement.parent?.parent?.type === 'for_statement' && contains(change.statement.parent.parent, use))) return undefined;
  const initial = listItems(model, binding.value, bound, via, depth + 1);
  if (!initial) return undefined;
  const items = [...initial.items];
  let complete = initial.complete;
  const literals = [...initial.literals];
  const apply = (change: ListChange, withLoop: BoundNames | undefined, repeated: boolean): void => {
    const added = change.kind === 'append' ? { items: [{ node: change.value, bound: withLoop, via }], complete: true, literals: [] } : listItems(model, change.value, withLoop, undefined, depth + 1);
    if (!added) {
      complete = false;
      return;
    }
    complete &&= added.complete;
    literals.push(...added.literals);
    for (const item of added.items) items.push({ ...item, via, ...(withLoop !== bound ? { generated: true } : {}), ...(repeated ? { repeated: true } : {}) });
  };
  for (let index = 0; index < changes.length; ) {
    const change = changes[index];
    if (sameBlock(change.statement.parent, block)) {
      apply(change, bound, false);
      index++;
      continue;
    }
    // Changes directly in the body of one `for` loop of the block: replayed once per pass.
    const loop = change.statement.parent?.parent;
    const variable = loop?.type === 'for_statement' ? field(loop, 'left') : undefined;
    if (!loop || !sameBlock(loop.parent, block) || variable?.type !== 'identifier' || field(loop, 'alternative') || exitsEarly(loop)) return undefined;
    const inLoop = changes.slice(index).filter((candidate) => candidate.statement.parent?.parent?.id === loop.id);
    index += inLoop.length;
    const values = iteratedValues(model, field(loop, 'right'), bound, depth + 1);
    const withValue = (value: string | undefined): BoundNames => new Map([...(bound ?? []), [variable.text, value]]);
    for (const value of values ?? [undefined]) for (const each of inLoop) apply(each, withValue(value), !values);
  }
  return { items, complete, literals };
}

/**
 * Whether two statements' parents are one block: the same node, or the top level of the
 * program, which a notebook's cells (and the pieces a plain module is parsed in, cut at blank
 * lines) each hold in a tree of their own.
 */
function sameBlock(parent: Node | null | undefined, block: Node): boolean {
  return !!parent && (parent.id === block.id || (parent.type === 'module' && block.type === 'module'));
}

/**
 * Whether the list a name holds is changed in place after `offset` (`stages.append(...)` after
 * `Pipeline(stages=stages)`): the pipeline keeps the list object, so it sees the change.
 */
export function changedAfter(model: SemanticModel, name: Node, offset: number): boolean {
  const expr = unparenthesize(name);
  if (expr.type !== 'identifier') return false;
  const binding = model.lookup(expr);
  if (!binding || binding.kind !== 'assignment') return false;
  return changesOf(model, binding.name, binding).some((change) => change.statement.startIndex > offset);
}

interface ListChange {
  /** The statement that changes the list. */
  statement: Node;
  /** undefined: a change that is not followed (insert, pop, a subscript...). */
  kind?: 'append' | 'extend';
  /** What is appended, or the list added. */
  value: Node;
}

/** Every in-place change of the list `binding` holds (those whose name refers to that binding), in order. */
function changesOf(model: SemanticModel, name: string, binding: Binding): ListChange[] {
  const changes: ListChange[] = [];
  const refersToBinding = (identifier: Node) => model.lookup(identifier) === binding;
  // `stages += [...]`, `stages[0] = ...`, `stages.x = ...`: the name, where it refers to the binding.
  for (const use of model.usesOf(binding)) {
    const parent = use.parent;
    if (parent?.type === 'augmented_assignment' && field(parent, 'left')?.id === use.id) {
      const value = field(parent, 'right');
      const operator = field(parent, 'operator')?.text;
      changes.push({ statement: statementOf(parent), kind: operator === '+=' && value ? 'extend' : undefined, value: value ?? parent });
    }
    const target = (parent?.type === 'subscript' && field(parent, 'value')?.id === use.id) || (parent?.type === 'attribute' && field(parent, 'object')?.id === use.id) ? parent : undefined;
    const assignment = target?.parent;
    if (target && assignment?.type === 'assignment' && field(assignment, 'left')?.id === target.id) changes.push({ statement: statementOf(assignment), value: assignment });
  }
  for (const site of model.callsNamed(...MUTATING_METHODS)) {
    const receiver = site.receiver;
    if (receiver?.type !== 'identifier' || receiver.text !== name || !refersToBinding(receiver)) continue;
    const args = codeChildren(site.arguments ?? site.node);
    const single = args.length === 1 && !['keyword_argument', 'list_splat', 'dictionary_splat'].includes(args[0].type) ? args[0] : undefined;
    const kind = site.name && GROWING_METHODS.has(site.name) && single ? (site.name as 'append' | 'extend') : undefined;
    // A call whose value is used (`x = stages.pop()`) is not a statement of its own.
    const statement = site.node.parent?.type === 'expression_statement' ? site.node.parent : site.node;
    changes.push({ statement, kind: statement === site.node ? undefined : kind, value: single ?? site.node });
  }
  return changes.sort((a, b) => a.statement.startIndex - b.statement.startIndex);
}

function statementOf(node: Node): Node {
  return node.parent?.type === 'expression_statement' ? node.parent : node;
}

/** A loop body that may stop or skip a pass (`break`, `continue`, `return`, `raise`): its passes are not all alike. */
function exitsEarly(loop: Node): boolean {
  const body = field(loop, 'body');
  return !!body && ['break_statement', 'continue_statement', 'return_statement', 'raise_statement'].some((type) => body.descendantsOfType(type).length > 0);
}

/**
 * What a `for` iterates over, when the file shows how many values there are: a list (each
 * value as a string when it is one, else undefined) or `range(...)` of literal numbers.
 */
function iteratedValues(model: SemanticModel, node: Node | undefined, bound: BoundNames | undefined, depth: number): Array<string | undefined> | undefined {
  const list = listItems(model, node, bound, undefined, depth);
  if (list) {
    if (!list.complete || list.items.some((item) => item.repeated)) return undefined;
    return list.items.map((item) => {
      const value = evaluateString(model, item.node, item.bound);
      return value?.exact ? value.text : undefined;
    });
  }
  const count = node ? rangeLength(model, node) : undefined;
  return count === undefined ? undefined : new Array<string | undefined>(count).fill(undefined);
}

/** How many numbers `range(stop)` / `range(start, stop[, step])` (or `list(range(...))`) yields, for literal arguments. */
export function rangeLength(model: SemanticModel, node: Node): number | undefined {
  let expr = model.resolveValue(node);
  if (expr.type === 'call' && field(expr, 'function')?.text === 'list') {
    const inner = codeChildren(field(expr, 'arguments') ?? expr);
    if (inner.length !== 1) return undefined;
    expr = model.resolveValue(inner[0]);
  }
  if (expr.type !== 'call' || field(expr, 'function')?.text !== 'range') return undefined;
  const args = codeChildren(field(expr, 'arguments') ?? expr);
  const numbers = args.map((arg) => numberValue(model, arg));
  if (args.length < 1 || args.length > 3 || numbers.some((value) => value === undefined || !Number.isInteger(value))) return undefined;
  const [start, stop, step] = numbers.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
  if (step === 0) return undefined;
  return Math.max(0, Math.ceil((stop - start) / step));
}

/**
 * The text of a string expression with comprehension variables bound: `c + "_idx"`,
 * `f"{c}_idx"`, `"{}_idx".format(c)`, names bound to strings. Unknown parts stand as
 * UNKNOWN_PART, and `exact` is false then.
 */
export function evaluateString(model: SemanticModel, node: Node, bound?: BoundNames, depth = 0): { text: string; exact: boolean } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expr = unparenthesize(node);
  if (expr.type === 'identifier') {
    if (!bound?.has(expr.text)) {
      // A name bound to an expression: evaluate that expression (`idx = c + "_idx"` stays a template).
      const value = model.resolveValue(expr);
      return value.id === expr.id ? stringTemplate(model, expr) : evaluateString(model, value, bound, depth + 1);
    }
    const value = bound.get(expr.text);
    return value === undefined ? { text: UNKNOWN_PART, exact: false } : { text: value, exact: true };
  }
  if (expr.type === 'binary_operator' && field(expr, 'operator')?.text === '+') {
    const left = field(expr, 'left');
    const right = field(expr, 'right');
    const parts = [left && evaluateString(model, left, bound, depth + 1), right && evaluateString(model, right, bound, depth + 1)];
    if (!parts[0] || !parts[1]) return undefined;
    return { text: parts[0].text + parts[1].text, exact: parts[0].exact && parts[1].exact };
  }
  if (expr.type === 'string') return literalString(expr) !== undefined ? stringTemplate(model, expr) : formattedString(model, expr, bound ?? new Map(), depth);
  if (expr.type === 'call') {
    // `"{}_idx".format(c)` / `"{0}_idx".format(c)`: positional fields only.
    const callee = field(expr, 'function');
    const template = callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'format' ? field(callee, 'object') : undefined;
    const pattern = template ? literalString(model.resolveValue(template)) : undefined;
    const args = codeChildren(field(expr, 'arguments') ?? expr);
    if (pattern === undefined || args.some((arg) => arg.type === 'keyword_argument' || arg.type.endsWith('splat'))) return undefined;
    const values = args.map((arg) => evaluateString(model, arg, bound, depth + 1));
    let automatic = 0;
    let exact = true;
    let failed = false;
    const text = pattern.replace(/\{\{|\}\}|\{(\d*)\}|\{[^{}]*\}/g, (match, index: string | undefined) => {
      if (match === '{{') return '{';
      if (match === '}}') return '}';
      if (index === undefined) {
        failed = true;
        return '';
      }
      const value = values[index === '' ? automatic++ : Number(index)];
      if (!value) {
        failed = true;
        return '';
      }
      exact &&= value.exact;
      return value.text;
    });
    return failed ? undefined : { text, exact };
  }
  return stringTemplate(model, expr);
}

function formattedString(model: SemanticModel, expr: Node, bound: BoundNames, depth: number): { text: string; exact: boolean } | undefined {
  const prefix = expr.firstChild?.type === 'string_start' ? expr.firstChild.text.replace(/["']/g, '') : '';
  if (/[bB]/.test(prefix)) return undefined;
  let text = '';
  let exact = true;
  for (const child of namedChildren(expr)) {
    if (child.type === 'string_content') text += child.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    else if (child.type === 'interpolation') {
      const inner = field(child, 'expression') ?? namedChildren(child)[0];
      // A conversion or format spec (`{c!r}`, `{c:>5}`) changes the text.
      if (!inner || namedChildren(child).length !== 1) return undefined;
      const value = evaluateString(model, inner, bound, depth + 1);
      if (!value) return undefined;
      text += value.text;
      exact &&= value.exact;
    } else if (child.type !== 'string_start' && child.type !== 'string_end') return undefined;
  }
  return { text, exact };
}


/** A regular expression for the names a template with unknown parts can stand for. */
export function templatePattern(text: string): RegExp {
  const parts = text.split(UNKNOWN_PART).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[\\s\\S]*')}$`);
}
