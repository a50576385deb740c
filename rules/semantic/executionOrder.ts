import type { Node } from 'web-tree-sitter';
import { ancestorOfType, contains, field, namedChildren } from '../engine/syntax';

/**
 * Whether one piece of code runs before another, as far as the file shows: the order of its
 * statements, the parts of an `if` or `try` that exclude one another, statements that leave a
 * block, loops that run a later statement before the next pass, and functions, which may be
 * called at any time.
 */

/** Statements whose parts exclude one another: an `if`'s arms, a `try` body and its handlers. */
const EXCLUSIVE_PARTS = new Set(['if_statement', 'try_statement', 'match_statement', 'conditional_expression', 'boolean_operator']);

/** Statements after which the code that follows does not run: `return`, `raise`, `sys.exit()`, `dbutils.notebook.exit()`. */
const LEAVING_STATEMENTS = new Set(['return_statement', 'raise_statement', 'break_statement', 'continue_statement']);
const LEAVING_CALLS = /^(?:sys\.exit|exit|quit|os\._exit|dbutils\.notebook\.exit)\(/;

/**
 * Whether `earlier` runs before `later` whenever `later` runs: before it in the same function
 * (or module code), not in a part of a statement that excludes the part `later` is in (a `try`
 * body does come before its `else` and `finally`), and not followed in its own block by a
 * statement that leaves (the teardown arm of an `if` that ends with `sys.exit(0)`).
 */
export function runsBeforeWhenever(earlier: Node, later: Node): boolean {
  if (earlier.startIndex >= later.startIndex) return false;
  if (ancestorOfType(earlier, ['function_definition'])?.id !== ancestorOfType(later, ['function_definition'])?.id) return false;
  let common = earlier.parent;
  while (common && !contains(common, later)) {
    if (common.type === 'block' && leavesAfter(common, earlier)) return false;
    common = common.parent;
  }
  // No common ancestor: top-level code of two cells (or pieces of a module), one after the other.
  if (!common) return true;
  if (common.type === 'try_statement') return tryBodyBeforeElseOrFinally(common, earlier, later);
  return !EXCLUSIVE_PARTS.has(common.type);
}

/** A statement of `block` after `node` that leaves it. */
function leavesAfter(block: Node, node: Node): boolean {
  return namedChildren(block).some(
    (statement) =>
      statement.startIndex > node.startIndex &&
      (LEAVING_STATEMENTS.has(statement.type) || (statement.type === 'expression_statement' && LEAVING_CALLS.test(statement.text.replace(/\s+/g, '')))),
  );
}

/** `earlier` in the body of `tryStatement`, `later` in its `else` or `finally`, which run after the body. */
function tryBodyBeforeElseOrFinally(tryStatement: Node, earlier: Node, later: Node): boolean {
  const body = field(tryStatement, 'body');
  const laterPart = namedChildren(tryStatement).find((part) => contains(part, later));
  return !!body && contains(body, earlier) && (laterPart?.type === 'else_clause' || laterPart?.type === 'finally_clause');
}

/**
 * `earlier` may run before `later`: it comes first, one of them is in a function (which may be
 * called at any time), or both are in one loop (the next pass runs `later` after `earlier`).
 */
export function mayRunBefore(earlier: Node, later: Node): boolean {
  if (earlier.startIndex < later.startIndex || ancestorOfType(earlier, ['function_definition', 'lambda']) || ancestorOfType(later, ['function_definition', 'lambda'])) return true;
  for (let loop = ancestorOfType(later, LOOPS); loop; loop = ancestorOfType(loop, LOOPS)) if (contains(loop, earlier)) return true;
  return false;
}

const LOOPS = ['for_statement', 'while_statement'];
