import type { Node } from 'web-tree-sitter';
import { field, namedChildren, unparenthesize } from '../engine/syntax';

/**
 * Where a part sits inside a value bound to a name, as the keys that lead to it: `["config",
 * "traffic_config", "routes"]` for the routes list of `cfg = {"config": {"traffic_config":
 * {"routes": [...]}}}`. A key is a dict key or attribute name, or ANY_KEY for a list index or a
 * key the code computes. Used to tell whether an in-place change reaches a literal:
 * `cfg["config"]["served_entities"].append(...)` does not change the routes.
 */
export type ValuePath = ReadonlyArray<string | typeof ANY_KEY>;

export const ANY_KEY = Symbol('any key');

/** Parents that add no key on the way up (a pair, a sequence, a keyword and a call are read on their own). */
const CONTAINERS = new Set(['dictionary', 'parenthesized_expression', 'argument_list']);

/**
 * The path from the value an assignment binds down to `literal`, and that assignment; undefined
 * when the literal is not part of such a value. A call's result holds its arguments only when
 * it builds an object (`TrafficConfig(routes=[...])`, a capitalised class): `requests.put(json=
 * cfg)` returns a response, not the config.
 */
export function pathToLiteral(literal: Node): { assignment: Node; name: Node; path: ValuePath } | undefined {
  const keys: Array<string | typeof ANY_KEY> = [];
  let current = literal;
  for (let depth = 0; depth < 64; depth++) {
    const parent = current.parent;
    if (!parent) return undefined;
    if (parent.type === 'assignment') {
      const left = field(parent, 'left');
      if (field(parent, 'right')?.id !== current.id || left?.type !== 'identifier') return undefined;
      return { assignment: parent, name: left, path: keys.reverse() };
    }
    if (parent.type === 'pair') {
      if (field(parent, 'value')?.id !== current.id) return undefined;
      keys.push(stringKey(field(parent, 'key')));
    } else if (parent.type === 'keyword_argument') {
      keys.push(field(parent, 'name')?.text ?? ANY_KEY);
    } else if (parent.type === 'list' || parent.type === 'tuple' || parent.type === 'set') {
      keys.push(ANY_KEY);
    } else if (parent.type === 'call') {
      if (!buildsAnObject(parent)) return undefined;
    } else if (!CONTAINERS.has(parent.type)) return undefined;
    current = parent;
  }
  return undefined;
}

/**
 * The path an in-place change reaches, from the name it starts at: `cfg["config"]["routes"]`
 * for `cfg["config"]["routes"].append(...)` (the list's contents change), `cfg["a"][0]["k"]` for
 * `cfg["a"][0]["k"] = v`, `[]` for a change of the whole value (`cfg.clear()`, `cfg += [...]`).
 */
export function changedPath(change: Node): ValuePath {
  if (change.type === 'call') {
    const callee = field(change, 'function');
    const receiver = callee?.type === 'attribute' ? field(callee, 'object') : undefined;
    return receiver ? (chainPath(receiver) ?? []) : [];
  }
  const left = field(change, 'left');
  return left ? (chainPath(left) ?? []) : [];
}

/** Whether two paths from the same name can reach the same part: one leads into the other. */
export function pathsMeet(a: ValuePath, b: ValuePath): boolean {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) if (a[i] !== ANY_KEY && b[i] !== ANY_KEY && a[i] !== b[i]) return false;
  return true;
}

function chainPath(node: Node): Array<string | typeof ANY_KEY> | undefined {
  const expr = unparenthesize(node);
  if (expr.type === 'identifier') return [];
  if (expr.type === 'subscript') {
    const base = field(expr, 'value');
    const path = base ? chainPath(base) : undefined;
    return path && [...path, stringKey(field(expr, 'subscript'))];
  }
  if (expr.type === 'attribute') {
    const base = field(expr, 'object');
    const path = base ? chainPath(base) : undefined;
    const name = field(expr, 'attribute')?.text;
    return path && [...path, name ?? ANY_KEY];
  }
  return undefined;
}

/** A dict key or subscript written as a plain string literal; ANY_KEY otherwise. */
export function stringKey(node: Node | undefined): string | typeof ANY_KEY {
  const expr = node && unparenthesize(node);
  if (expr?.type !== 'string') return ANY_KEY;
  const parts = namedChildren(expr);
  if (parts.some((part) => part.type === 'interpolation')) return ANY_KEY;
  const content = parts.find((part) => part.type === 'string_content');
  return content ? content.text : parts.length === 2 ? '' : ANY_KEY;
}

/** A call that builds an object holding its arguments: a class, by Python's naming convention. */
function buildsAnObject(call: Node): boolean {
  const callee = field(call, 'function');
  const name = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.type === 'identifier' ? callee.text : undefined;
  return !!name && /^[A-Z]/.test(name);
}

/**
 * A part of a name's value that a statement binds to another name, where `use` reads the
 * name: `routes = cfg["routes"]` binds the part at `["routes"]`, `for route in cfg["routes"]:`
 * each item of it (`["routes", ANY_KEY]`). A change made through the other name is a change of
 * that part. `bindingNode`: the node the other name's binding is recorded on.
 */
export function partBoundByName(use: Node): { name: string; bindingNode: Node; path: ValuePath } | undefined {
  let top = use;
  for (let parent = top.parent; parent; parent = top.parent) {
    const base = parent.type === 'subscript' ? field(parent, 'value') : parent.type === 'attribute' ? field(parent, 'object') : undefined;
    if (base?.id !== top.id) break;
    top = parent;
  }
  const path = chainPath(top);
  const statement = top.parent;
  if (!path || !statement || field(statement, 'right')?.id !== top.id) return undefined;
  const left = field(statement, 'left');
  if (left?.type !== 'identifier') return undefined;
  if (statement.type === 'assignment') return { name: left.text, bindingNode: statement, path };
  if (statement.type === 'for_statement') return { name: left.text, bindingNode: left, path: [...path, ANY_KEY] };
  return undefined;
}
