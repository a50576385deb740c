import type { Node } from 'web-tree-sitter';
import { ancestorOfType, field, namedChildren, unparenthesize } from '../engine/syntax';
import { MODULE_SCOPE } from './scopes';
import type { SemanticModel } from './semanticModel';
import { literalString } from './values';

/**
 * Keys that tell when two string expressions hold the same text, though the file does not
 * spell it out: `f"{catalog}.{schema}.churn"` in a registration and
 * `f"models:/{catalog}.{schema}.churn@champion"` in a scoring call, where `catalog` and `schema`
 * are assigned once at the module level (`catalog = dbutils.widgets.get("catalog")`).
 */

/** Marks a part read at run time inside a key: no literal text holds these characters. */
const PART_START = '\u0001';
const PART_END = '\u0002';
/** Stands for a part that has no key, in a key made with `unknownParts`. */
const UNKNOWN = '\u0003';

const MAX_DEPTH = 8;

/**
 * The key of the text a string expression holds: its literal text, with names bound to a
 * string (a literal, an f-string, a `+` of them) followed, and each other part standing as the
 * name it reads when that name holds one value for the whole run (stableName). Two expressions
 * with the same key hold the same text; a key without run-time parts is the text itself.
 * Undefined when a part is anything else (a call, an attribute, a format spec, a name bound in
 * a loop or a function, changed in place or never bound in the file); with `unknownParts`,
 * such a part stands as a mark that matches nothing (a URI's version may be computed, its name
 * not).
 */
export function stringKey(model: SemanticModel, node: Node, unknownParts = false): string | undefined {
  return keyOf(model, node, unknownParts, 0);
}

function keyOf(model: SemanticModel, node: Node, unknownParts: boolean, depth: number): string | undefined {
  const unknown = unknownParts ? UNKNOWN : undefined;
  if (depth > MAX_DEPTH) return unknown;
  const written = unparenthesize(node);
  const value = unparenthesize(model.resolveValue(written));
  const plain = literalString(value);
  if (plain !== undefined) return plain;
  // A name bound to a string built at run time: the same text as its parts' keys, or else the
  // name itself when it holds one value. Decided alike wherever the name is read.
  const spelled = (parts: boolean) => (value.type === 'string' ? interpolatedKey(model, value, parts, depth) : value.type === 'binary_operator' ? joinedKey(model, value, parts, depth) : undefined);
  if (written.type === 'identifier') {
    const name = (value.id !== written.id ? spelled(false) : undefined) ?? stableName(model, written);
    return name ?? unknown;
  }
  return spelled(unknownParts) ?? unknown;
}

function joinedKey(model: SemanticModel, value: Node, unknownParts: boolean, depth: number): string | undefined {
  if (field(value, 'operator')?.text !== '+') return undefined;
  const left = field(value, 'left');
  const right = field(value, 'right');
  const leftKey = left ? keyOf(model, left, unknownParts, depth + 1) : undefined;
  const rightKey = right ? keyOf(model, right, unknownParts, depth + 1) : undefined;
  return leftKey === undefined || rightKey === undefined ? undefined : leftKey + rightKey;
}

/**
 * A name that holds one value for the whole run, as a key part: bound once in the file, by a
 * plain assignment at the module level outside any loop, never declared `global` nor changed in
 * place, in a program that does not write `globals()`. A name of a function (a parameter, a
 * local), of a loop, of several assignments, or one the file never binds (a `%run` notebook
 * that cannot be read may bind it again between two cells) has no key.
 */
function stableName(model: SemanticModel, identifier: Node): string | undefined {
  const bindings = model.bindings.all(identifier.text);
  const reaching = model.bindings.reachingBindings(identifier.text, identifier);
  if (bindings.length !== 1 || reaching.length !== 1 || reaching[0] !== bindings[0]) return undefined;
  const binding = bindings[0];
  if (binding.kind !== 'assignment' || binding.scope !== MODULE_SCOPE || binding.node.type !== 'assignment') return undefined;
  if (ancestorOfType(binding.node, ['for_statement', 'while_statement', 'function_definition', 'class_definition']) !== undefined) return undefined;
  // A function's `global name` is a binding of the name too (bindings.ts): such a name is bound twice.
  if (model.bindings.isMutatedAfter(binding) || model.document.textIncludes('globals()')) return undefined;
  return `${PART_START}${identifier.text}@${binding.node.id}${PART_END}`;
}

function interpolatedKey(model: SemanticModel, string: Node, unknownParts: boolean, depth: number): string | undefined {
  const prefix = string.firstChild?.type === 'string_start' ? string.firstChild.text.replace(/["']/g, '') : '';
  if (/[bB]/.test(prefix)) return undefined;
  let key = '';
  for (const child of namedChildren(string)) {
    if (child.type === 'string_content') key += child.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    else if (child.type === 'interpolation') {
      // A conversion, a format spec or a self-documenting `=` (`{x!r}`, `{x:>5}`, `{x=}`) changes the text.
      const plainField = namedChildren(child).length === 1 && child.childCount === 3;
      const part = plainField ? keyOf(model, namedChildren(child)[0], unknownParts, depth + 1) : unknownParts ? UNKNOWN : undefined;
      if (part === undefined) return undefined;
      key += part;
    }
  }
  return key;
}

/** Whether a key has parts read at run time: another key may hold the same text. */
export function hasRunTimeParts(key: string): boolean {
  return key.includes(PART_START);
}

/**
 * The key of the registered model name in a model URI's key (`models:/<name>/<version>`,
 * `models:/<name>@<alias>`), made with `unknownParts`: the name ends at the first `/` or `@` of
 * the literal text, and has a key when each of its parts has one.
 */
export function registeredNameKeyInUri(uriKey: string): string | undefined {
  const scheme = 'models:/';
  if (!uriKey.startsWith(scheme)) return undefined;
  let inPart = false;
  let end = scheme.length;
  for (; end < uriKey.length; end++) {
    const character = uriKey[end];
    if (character === PART_START) inPart = true;
    else if (character === PART_END) inPart = false;
    else if (!inPart && (character === '/' || character === '@')) break;
  }
  const name = uriKey.slice(scheme.length, end);
  return name === '' || name.includes(UNKNOWN) ? undefined : name;
}
