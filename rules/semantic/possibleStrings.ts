import type { Node } from 'web-tree-sitter';
import { codeChildren, field, unparenthesize } from '../engine/syntax';
import { keywordArgument, positionalArguments } from './calls';
import type { SemanticModel } from './semanticModel';
import { returnedExpressions } from './tuning';
import { dictEntries, literalString, sequenceElements } from './values';

/** How many names, calls and subscripts are followed from the expression asked about. */
const MAX_DEPTH = 6;

/**
 * Every string an expression can evaluate to, when the file shows them all; undefined when
 * any of them is unknown. Followed: string literals, names (each binding that reaches the use:
 * the arms of an if/else; a loop variable over a literal list or tuple), conditional expressions (`"Production" if prod else "Staging"`), a
 * dict literal subscripted or read with `.get(key, default)` (every value; `.get` without a
 * default may give None), and calls of the file's own functions (every `return`). A rule that
 * needs every value to be of one kind (a stage: MLT402) then knows that the expression is one.
 * `formatted`: the value is formatted into a string (an f-string field, `.format`, `%`), where
 * None gives the text "None" (`f"models:/{name}/{stage}"` with `stage = None` loads the None
 * stage); elsewhere None is no string.
 */
export function possibleStrings(model: SemanticModel, node: Node, formatted = false): PossibleString[] | undefined {
  const values = new Map<string, PossibleString>();
  return collect(model, node, { values, formatted }, 0) ? [...values.values()] : undefined;
}

export interface PossibleString {
  text: string;
  /** As the code writes it: `"Staging"`, or `None` formatted. */
  shown: string;
}

interface Collected {
  values: Map<string, PossibleString>;
  formatted: boolean;
}

function collect(model: SemanticModel, node: Node, values: Collected, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const expr = unparenthesize(node);
  const literal = expr.type === 'string' ? literalString(expr) : undefined;
  if (literal !== undefined) {
    if (!values.values.has(literal)) values.values.set(literal, { text: literal, shown: JSON.stringify(literal) });
    return true;
  }
  if (expr.type === 'none' && values.formatted) {
    values.values.set('None', { text: 'None', shown: 'None' });
    return true;
  }
  switch (expr.type) {
    case 'identifier':
      return collectName(model, expr, values, depth);
    case 'conditional_expression': {
      // `a if condition else b`: the first and last named children are the two arms.
      const parts = codeChildren(expr);
      return parts.length === 3 && collect(model, parts[0], values, depth + 1) && collect(model, parts[2], values, depth + 1);
    }
    case 'subscript': {
      const dict = field(expr, 'value');
      return !!dict && collectDictValues(model, dict, values, depth);
    }
    case 'call':
      return collectCall(model, expr, values, depth);
    default:
      return false;
  }
}

/**
 * A name: what each binding that reaches it assigns, or each element of the literal list or
 * tuple a loop runs it over (`for stage in ("Production", "Staging")`); a def's parameter is
 * unknown.
 */
function collectName(model: SemanticModel, identifier: Node, values: Collected, depth: number): boolean {
  const reaching = model.bindings.reachingBindings(identifier.text, identifier);
  if (reaching.length === 0) return false;
  return reaching.every((binding) => {
    if (binding.kind === 'opaque') return collectLoopValues(model, binding.node, values, depth);
    return binding.kind === 'assignment' && !!binding.value && !model.bindings.isMutatedBefore(binding, identifier) && collect(model, binding.value, values, depth + 1);
  });
}

/** The elements of the sequence a `for` loop (or a comprehension's `for`) binds `name` to, one by one: each a string the file shows. */
function collectLoopValues(model: SemanticModel, name: Node, values: Collected, depth: number): boolean {
  const loop = name.parent;
  if ((loop?.type !== 'for_statement' && loop?.type !== 'for_in_clause') || field(loop, 'left')?.id !== name.id) return false;
  const sequence = sequenceElements(model, field(loop, 'right') ?? undefined);
  if (!sequence?.complete || sequence.elements.length === 0) return false;
  return sequence.elements.every((element) => collect(model, element, values, depth + 1));
}

/** Every value of a dict literal (through a name), each a string the file shows. */
function collectDictValues(model: SemanticModel, dict: Node, values: Collected, depth: number): boolean {
  const entries = dictEntries(model, dict);
  if (!entries?.complete || entries.entries.size === 0) return false;
  for (const value of entries.entries.values()) if (!collect(model, value, values, depth + 1)) return false;
  return true;
}

function collectCall(model: SemanticModel, call: Node, values: Collected, depth: number): boolean {
  const callee = field(call, 'function');
  if (!callee) return false;
  // `STAGES.get(env, "Staging")`: a value of the dict, or the default.
  if (callee.type === 'attribute' && field(callee, 'attribute')?.text === 'get') {
    const dict = field(callee, 'object');
    const fallback = positionalArguments(call)[1] ?? keywordArgument(call, 'default');
    return !!dict && !!fallback && collectDictValues(model, dict, values, depth) && collect(model, fallback, values, depth + 1);
  }
  // A function of the file: every value it returns (a def that may end without `return` gives None).
  const fn = callee.type === 'identifier' ? model.resolveFunction(callee) : undefined;
  if (!fn || (fn.type === 'function_definition' && mayFallOffTheEnd(fn))) return false;
  const returned = returnedExpressions(fn);
  return returned.length > 0 && returned.every((value) => collect(model, value, values, depth + 1));
}

/** Whether the def's body can end without a `return`: its last statement is not one (a raise after every branch is not followed). */
function mayFallOffTheEnd(fn: Node): boolean {
  const body = field(fn, 'body');
  const last = body ? codeChildren(body).pop() : undefined;
  return last?.type !== 'return_statement' && last?.type !== 'raise_statement';
}
