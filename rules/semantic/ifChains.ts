import type { Node } from 'web-tree-sitter';
import { field, namedChildren } from '../engine/syntax';

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
