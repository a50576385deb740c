import type { Node } from 'web-tree-sitter';
import { ancestorsAbove, codeChildren, field, namedChildren, unparenthesize } from '../engine/syntax';
import { detached } from '../engine/detachedText';
import type { SemanticModel } from './semanticModel';
import { syntaxMemo } from './syntaxMemo';

/** Literal values, followed through names bound earlier in the file. */

/** The value of a plain string literal (no interpolation), or of adjacent literals. */
export function literalString(node: Node): string | undefined {
  const expr = unparenthesize(node);
  if (expr.type === 'concatenated_string') {
    let result = '';
    for (const part of codeChildren(expr)) {
      const value = literalString(part);
      if (value === undefined) return undefined;
      result += value;
    }
    return result;
  }
  if (expr.type !== 'string') return undefined;
  return stringLiteralValue(expr.text);
}

const STRING_LITERAL = /^([rRbBuUfF]{0,2})('''|"""|'|")/;

/**
 * The value of one string literal from its source text, with no further trips into the tree
 * (this runs for every column name of every pipeline stage); undefined for an f-string with
 * interpolations or unterminated text mid-edit.
 */
export function stringLiteralValue(text: string): string | undefined {
  const opening = STRING_LITERAL.exec(text);
  if (!opening) return undefined;
  const prefix = opening[1].toLowerCase();
  const quote = opening[2];
  if (text.length < opening[0].length + quote.length || !text.endsWith(quote)) return undefined;
  let body = text.slice(opening[0].length, text.length - quote.length);
  if (prefix.includes('f')) {
    // `{{` and `}}` are literal braces; any other brace opens an interpolation.
    if (/\{(?!\{)|(?<!\})\}(?!\})/.test(body.replace(/\{\{|\}\}/g, ''))) return undefined;
    body = body.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  }
  return prefix.includes('r') ? body : unescapePython(body);
}

function unescapePython(text: string): string {
  return text.replace(/\\(?:(["'\\abfnrtv])|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|\n)/g, (_all, simple, hex2, hex4) => {
    if (simple !== undefined) {
      const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };
      return map[simple] ?? simple;
    }
    if (hex2 !== undefined) return String.fromCharCode(parseInt(hex2, 16));
    if (hex4 !== undefined) return String.fromCharCode(parseInt(hex4, 16));
    return '';
  });
}

export function stringValue(model: SemanticModel, node: Node | undefined): string | undefined {
  return node ? literalString(model.resolveValue(node)) : undefined;
}

/** How deep arithmetic is followed (`10 + 1`, `2 * n`): generated code may chain thousands of terms. */
const MAX_ARITHMETIC_DEPTH = 8;

/** The arithmetic Python does on two known numbers (`range(2, 10 + 1)`, `100 - canary`). */
const ARITHMETIC = new Map<string, (a: number, b: number) => number | undefined>([
  ['+', (a, b) => a + b],
  ['-', (a, b) => a - b],
  ['*', (a, b) => a * b],
  ['/', (a, b) => (b === 0 ? undefined : a / b)],
  ['//', (a, b) => (b === 0 ? undefined : Math.floor(a / b))],
]);

export function numberValue(model: SemanticModel, node: Node | undefined, depth = 0): number | undefined {
  if (!node || depth > MAX_ARITHMETIC_DEPTH) return undefined;
  const expr = model.resolveValue(node);
  if (expr.type === 'integer' || expr.type === 'float') {
    const value = Number(expr.text.replace(/_/g, '').replace(/[jJlL]$/, ''));
    return Number.isFinite(value) ? value : undefined;
  }
  if (expr.type === 'unary_operator') {
    const operand = field(expr, 'argument');
    const operator = expr.firstChild?.text;
    const value = numberValue(model, operand, depth + 1);
    if (value === undefined) return undefined;
    return operator === '-' ? -value : operator === '+' ? value : undefined;
  }
  if (expr.type === 'binary_operator') {
    const operate = ARITHMETIC.get(field(expr, 'operator')?.text ?? '');
    if (!operate) return undefined;
    const left = numberValue(model, field(expr, 'left'), depth + 1);
    const right = left !== undefined ? numberValue(model, field(expr, 'right'), depth + 1) : undefined;
    const value = left !== undefined && right !== undefined ? operate(left, right) : undefined;
    return value !== undefined && Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}

export function booleanValue(model: SemanticModel, node: Node | undefined): boolean | undefined {
  if (!node) return undefined;
  const expr = model.resolveValue(node);
  if (expr.type === 'true') return true;
  if (expr.type === 'false') return false;
  return undefined;
}

export function isNoneLiteral(model: SemanticModel, node: Node | undefined): boolean {
  return !!node && model.resolveValue(node).type === 'none';
}

/**
 * Whether a value may be None where it is used: None itself, `x or None`, `a if c else None`,
 * or a name one of whose reaching bindings may be (`if name == "": name = None`).
 */
export function mayBeNone(model: SemanticModel, node: Node | undefined, depth = 0): boolean {
  if (!node || depth > MAX_NONE_DEPTH) return false;
  const expr = unparenthesize(node);
  if (expr.type === 'none') return true;
  if (expr.type === 'boolean_operator') {
    // `a or b` is b when a is falsy; `a and b` is a when a is falsy, else b.
    const right = mayBeNone(model, field(expr, 'right'), depth + 1);
    if (field(expr, 'operator')?.type !== 'or') return right || mayBeNone(model, field(expr, 'left'), depth + 1);
    // `"main.ml.churn" or None`, `f"{catalog}.ml.churn" or None`: a non-empty string is never falsy.
    return right && !nonEmptyString(model, field(expr, 'left') ?? undefined);
  }
  if (expr.type === 'conditional_expression') return namedChildren(expr).some((part, index) => index !== 1 && mayBeNone(model, part, depth + 1));
  if (expr.type !== 'identifier') return false;
  const noneBindings = model.bindings.reachingBindings(expr.text, expr).filter((binding) => binding.kind === 'assignment' && mayBeNone(model, binding.value, depth + 1));
  if (noneBindings.length === 0) return false;
  // A guard counts only after the last binding that may make the name None.
  return !guardedAgainstNone(model, expr, Math.max(...noneBindings.map((binding) => binding.node.endIndex)));
}

/** A string that cannot be empty: a non-empty literal, an f-string with literal text, a `+` with such a part. */
function nonEmptyString(model: SemanticModel, node: Node | undefined): boolean {
  if (!node) return false;
  const expr = unparenthesize(node);
  if (stringValue(model, expr)) return true;
  if (expr.type === 'string') return namedChildren(expr).some((child) => child.type === 'string_content' && child.text.length > 0);
  if (expr.type === 'binary_operator' && field(expr, 'operator')?.type === '+') return nonEmptyString(model, field(expr, 'left') ?? undefined) || nonEmptyString(model, field(expr, 'right') ?? undefined);
  return false;
}

/**
 * Whether an earlier statement of a block around `use` sees to it that the name is not None
 * there: `if name is None:` (or `if not name:`, `if name == "":`) whose body rebinds the name to
 * something else, or leaves (`raise`, `return`, `sys.exit()`, `dbutils.notebook.exit()`). At
 * module level such a statement may sit in an earlier cell (or piece of the module).
 */
function guardedAgainstNone(model: SemanticModel, use: Node, after: number): boolean {
  const name = use.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // One test that is true when the name is None.
  const noneTest = new RegExp(
    `^(?:not\\s+${name}(?:\\.strip\\(\\))?|${name}\\s+is\\s+None|${name}\\s*==\\s*None|${name}\\s+in\\s*[([](?=[^)\\]]*None)(?:\\s*(?:None|""|'')\\s*,?)+[)\\]])$`,
  );
  // `if name is None or not name.startswith("main."): raise`: an `or` of plain tests, one true whenever the name is None.
  const testsNone = (condition: string) => {
    const bare = condition.replace(/^\((.*)\)$/s, '$1');
    return !/\b(?:and|if|else|lambda)\b/.test(bare) && bare.split(/\s+or\s+/).some((part) => noneTest.test(part.trim()));
  };
  const assertsValue = new RegExp(`^assert\\s+(?:${name}|${name}\\s+is\\s+not\\s+None|${name}\\s*!=\\s*None)\\s*(?:,.*)?$`, 's');
  const ancestors = ancestorsAbove(use);
  const enclosingFunction = (node: Node) => ancestorsAbove(node).find((ancestor) => ancestor.type === 'function_definition' || ancestor.type === 'lambda');
  const useFunction = enclosingFunction(use);
  // In a block around the use, in the same function, and after every binding that may make the name None.
  const around = (statement: Node) => {
    if (statement.startIndex < after || statement.endIndex > use.startIndex) return false;
    const block = statement.parent;
    if (block?.type === 'module') return !useFunction;
    return ancestors.some((node) => node.id === block?.id) && enclosingFunction(statement)?.id === useFunction?.id;
  };
  // `assert name` / `assert name is not None` before the use: it raises where the name is None.
  if (model.nodesAroundText(['assert'], 'assert_statement').some((statement) => around(statement) && assertsValue.test(statement.text.trim()))) return true;
  return model.syntax.nodes('if_statement').some((statement) => {
    if (!around(statement) || !testsNone(field(statement, 'condition')?.text.trim() ?? '')) return false;
    const body = field(statement, 'consequence');
    const statements = body ? namedChildren(body).filter((child) => child.type !== 'comment') : [];
    const last = statements[statements.length - 1];
    const rebinds = statements.some((child) => {
      const assignment = child.type === 'expression_statement' ? child.firstNamedChild : undefined;
      return assignment?.type === 'assignment' && field(assignment, 'left')?.text === use.text && !mayBeNone(model, field(assignment, 'right') ?? undefined);
    });
    const leaves = !!last && (['raise_statement', 'return_statement', 'continue_statement', 'break_statement'].includes(last.type) || /^(?:sys\.exit|os\._exit|exit|quit|dbutils\.notebook\.exit)\(/.test(last.text));
    return rebinds || leaves;
  });
}

const MAX_NONE_DEPTH = 8;

/**
 * The elements of a list or tuple, following names and `a + b` concatenation. `complete` is
 * false when part of the sequence is unknown (a splat, a comprehension, a call): rules that
 * need to see every element then stay silent.
 */
export interface SequenceElements {
  elements: Node[];
  complete: boolean;
  /** The literal list/tuple nodes the elements came from, for edits. */
  literals: Node[];
}

export function sequenceElements(model: SemanticModel, node: Node | undefined, depth = 0): SequenceElements | undefined {
  if (!node || depth > 8) return undefined;
  const expr = model.resolveValue(node);
  if (expr.type === 'list' || expr.type === 'tuple') {
    const elements: Node[] = [];
    let complete = true;
    for (const child of namedChildren(expr)) {
      if (child.type === 'comment') continue;
      if (child.type === 'list_splat') {
        const inner = namedChildren(child)[0];
        const nested = inner ? sequenceElements(model, inner, depth + 1) : undefined;
        if (!nested) complete = false;
        else {
          elements.push(...nested.elements);
          complete &&= nested.complete;
        }
        continue;
      }
      elements.push(child);
    }
    return { elements, complete, literals: [expr] };
  }
  if (expr.type === 'binary_operator' && expr.childForFieldName('operator')?.text === '+') {
    const left = sequenceElements(model, field(expr, 'left'), depth + 1);
    const right = sequenceElements(model, field(expr, 'right'), depth + 1);
    if (!left || !right) return { elements: [...(left?.elements ?? []), ...(right?.elements ?? [])], complete: false, literals: [] };
    return { elements: [...left.elements, ...right.elements], complete: left.complete && right.complete, literals: [...left.literals, ...right.literals] };
  }
  return undefined;
}

/** A list of string literals (`["a", "b"]`), or undefined if any element is not one. */
export function stringList(model: SemanticModel, node: Node | undefined): string[] | undefined {
  const sequence = sequenceElements(model, node);
  if (!sequence || !sequence.complete) return undefined;
  const values: string[] = [];
  for (const element of sequence.elements) {
    const value = stringValue(model, element);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

/** Entries of a dict literal with string keys (or `dict(a=...)`); `complete` is false with `**` or computed keys. */
export interface DictEntries {
  entries: Map<string, Node>;
  /** key -> the `pair` node (or keyword_argument), for edits. */
  pairs: Map<string, Node>;
  complete: boolean;
  node: Node;
}

export function dictEntries(model: SemanticModel, node: Node | undefined): DictEntries | undefined {
  if (!node) return undefined;
  const expr = model.resolveValue(node);
  const items = dictItems(expr);
  if (!items) return undefined;
  const entries = new Map<string, Node>();
  const pairs = new Map<string, Node>();
  let complete = items.complete;
  for (const { item, key, name, value } of items.items) {
    // A dict literal's key is a string only through the model (`{KEY: 1}` after `KEY = "a"`).
    const keyText = name ?? (key ? stringValue(model, key) : undefined);
    if (keyText === undefined) {
      complete = false;
      continue;
    }
    entries.set(keyText, value);
    pairs.set(keyText, item);
  }
  return { entries, pairs, complete, node: expr };
}

/** One entry of a dict literal or `dict(...)` call: its key node (or keyword), value and whole node. */
type DictItem = {
  item: Node;
  key?: Node;
  name?: string;
  value: Node;
};

/** The entries of a dict literal or `dict(name=...)` call, read from its syntax once (syntaxMemo). */
function dictItems(expr: Node): { items: DictItem[]; complete: boolean } | undefined {
  const type = expr.type;
  if (type !== 'dictionary' && type !== 'call') return undefined;
  return syntaxMemo(expr, 'dictItems', readDictItems);
}

function readDictItems(expr: Node): { items: DictItem[]; complete: boolean } | undefined {
  const items: DictItem[] = [];
  let complete = true;
  if (expr.type === 'dictionary') {
    for (const child of namedChildren(expr)) {
      if (child.type === 'comment') continue;
      const key = child.type === 'pair' ? field(child, 'key') : undefined;
      const value = child.type === 'pair' ? field(child, 'value') : undefined;
      if (!key || !value) complete = false;
      else items.push({ item: child, key, value });
    }
    return { items, complete };
  }
  if (field(expr, 'function')?.text !== 'dict') return undefined;
  const args = field(expr, 'arguments');
  for (const child of args ? namedChildren(args) : []) {
    if (child.type === 'keyword_argument') {
      const name = field(child, 'name');
      const value = field(child, 'value');
      // Kept with the tree across versions of the text: the name must not hold on to the text.
      if (name && value) items.push({ item: child, name: detached(name.text), value });
    } else if (child.type !== 'comment') complete = false;
  }
  return { items, complete };
}

/** The name a field access reads: `x.name`, `x["name"]` (a key through names too); undefined for a computed or listed key. */
export function fieldName(model: SemanticModel, access: Node): string | undefined {
  if (access.type === 'attribute') return field(access, 'attribute')?.text;
  const keys = access.childrenForFieldName('subscript').filter((key): key is Node => !!key);
  return keys.length === 1 ? stringValue(model, keys[0]) : undefined;
}
