import type { Node } from 'web-tree-sitter';
import { codeChildren, field, namedChildren } from '../engine/syntax';

/**
 * The conditions an if/elif/else chain tests before it runs `branch` (the if's own condition
 * included): code in an `else` runs only after every earlier condition was tested, so a guard
 * written in any of them guards it.
 */
export function conditionsBefore(ifStatement: Node, branch: Node): Node[] {
  const conditions: Node[] = [];
  const own = field(ifStatement, 'condition');
  if (own) conditions.push(own);
  for (const clause of namedChildren(ifStatement)) {
    if (clause.type !== 'elif_clause' && clause.type !== 'else_clause') continue;
    if (clause.startIndex > branch.startIndex) break;
    const condition = field(clause, 'condition');
    if (condition) conditions.push(condition);
  }
  return conditions;
}

/** The bodies of an if statement's arms, in order: its consequence, each elif's, the else's. */
export function ifArms(statement: Node): Node[] {
  const arms: Node[] = [];
  const consequence = field(statement, 'consequence');
  if (consequence) arms.push(consequence);
  for (const clause of namedChildren(statement)) {
    if (clause.type !== 'elif_clause' && clause.type !== 'else_clause') continue;
    const body = field(clause, 'consequence') ?? field(clause, 'body');
    if (body) arms.push(body);
  }
  return arms;
}

/**
 * Whether a condition names one of `words` in an identifier or a string (`is_unity_catalog(name)`,
 * `new_auc > champion_auc`): the names a check is written with say what it checks. Reads at
 * most 200 nodes, so that a huge condition costs no more than a small one.
 */
export function conditionMentions(condition: Node, words: RegExp): boolean {
  const pending: Node[] = [condition];
  for (let count = 0; pending.length > 0 && count < 200; count++) {
    const node = pending.pop()!;
    if ((node.type === 'identifier' || node.type === 'string_content') && words.test(node.text)) return true;
    pending.push(...namedChildren(node));
  }
  return false;
}

const LEAVING_STATEMENTS = ['return_statement', 'raise_statement', 'continue_statement', 'break_statement'];

/**
 * Whether a block ends by leaving: its last statement returns, raises, continues or breaks, or
 * is one that `alsoLeaves` knows to end the run (`sys.exit(...)`). What follows an `if` whose
 * body leaves runs only when its condition was false.
 */
export function blockLeaves(block: Node | undefined, alsoLeaves?: (statement: Node) => boolean): boolean {
  const last = block ? codeChildren(block).pop() : undefined;
  if (!last) return false;
  return LEAVING_STATEMENTS.includes(last.type) || !!alsoLeaves?.(last);
}
