import type { Node } from 'web-tree-sitter';
import { field } from '../engine/syntax';

/**
 * Whether an identifier reads the variable it spells. Many identifiers spell a name without
 * reading it: the keyword of `f(x=2)`, the attribute of `obj.x`, the names of an import, a
 * `def`, a `class`, a parameter, a `global` statement, a keyword pattern; and the targets that
 * bind it (an assignment's left side, a `for` or comprehension target, `with ... as x`,
 * `except E as x`, `(x := ...)`). Counted as reads, they made a variable look used where
 * nothing read it (`split(..., input_example=...)` "reading" an `input_example` variable).
 * `x += 1` and `del x` read it.
 */
export function readsVariable(identifier: Node): boolean {
  const parent = identifier.parent;
  if (!parent) return true;
  switch (parent.type) {
    case 'keyword_argument':
    case 'default_parameter':
    case 'typed_default_parameter':
    case 'function_definition':
    case 'class_definition':
    case 'named_expression':
      return field(parent, 'name')?.id !== identifier.id;
    case 'attribute':
      return field(parent, 'attribute')?.id !== identifier.id;
    case 'aliased_import':
      return false;
    case 'dotted_name':
      // An import's module and names. In a `case` pattern a dotted value (`case Color.RED`)
      // reads its head; a bare name (`case x`) captures.
      // A class pattern (`case Point(x=0)`) reads its class, dotted or not.
      if (ancestorOfTypes(parent, IMPORT_TYPES)) return false;
      return parent.firstNamedChild?.id === identifier.id && (parent.namedChildCount > 1 || parent.parent?.type === 'class_pattern');
    case 'parameters':
    case 'lambda_parameters':
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
    case 'keyword_pattern':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'as_pattern_target':
    case 'splat_pattern':
      // Splats in a call's arguments are expressions (`list_splat`), not these pattern types.
      return false;
    case 'as_pattern':
      // `with x as y` and `except x as e` read their subject; `case P() as y` binds its alias.
      return parent.firstNamedChild?.id === identifier.id;
    default:
      return !isBindingTarget(identifier);
  }
}

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement', 'aliased_import']);

function ancestorOfTypes(node: Node, types: ReadonlySet<string>): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (types.has(current.type)) return current;
    if (current.type === 'block' || current.type === 'module') return undefined;
  }
  return undefined;
}

/** The target of an assignment, a `for` loop or a comprehension's `for`, alone or inside a tuple or list of targets. */
function isBindingTarget(identifier: Node): boolean {
  let node = identifier;
  while (node.parent && ['pattern_list', 'tuple_pattern', 'list_pattern', 'parenthesized_expression'].includes(node.parent.type)) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'assignment') return field(parent, 'left')?.id === node.id;
  if (parent.type === 'for_statement' || parent.type === 'for_in_clause') return field(parent, 'left')?.id === node.id;
  return false;
}
