import type { Node } from 'web-tree-sitter';
import { field, namedChildren } from '../engine/syntax';
import type { CallSite } from './semanticModel';

/** Argument access for a call: keyword and positional alike. */

function argumentNodes(call: CallSite | Node): Node[] {
  const args = 'type' in call ? field(call, 'arguments') : call.arguments;
  if (!args || args.type !== 'argument_list') return [];
  return namedChildren(args).filter((node) => node.type !== 'comment');
}

export function keywordArgument(call: CallSite | Node, name: string): Node | undefined {
  for (const node of argumentNodes(call)) {
    if (node.type === 'keyword_argument' && field(node, 'name')?.text === name) return field(node, 'value');
  }
  return undefined;
}

/** The whole `name=value` node, for edits that replace or remove it. */
export function keywordArgumentNode(call: CallSite | Node, name: string): Node | undefined {
  return argumentNodes(call).find((node) => node.type === 'keyword_argument' && field(node, 'name')?.text === name);
}

export function positionalArguments(call: CallSite | Node): Node[] {
  const result: Node[] = [];
  for (const node of argumentNodes(call)) {
    if (node.type === 'keyword_argument' || node.type === 'dictionary_splat') break;
    if (node.type === 'list_splat') break;
    result.push(node);
  }
  return result;
}

/** A parameter given by keyword or at a position: `Pipeline(stages=s)` and `Pipeline(s)`. */
export function argument(call: CallSite | Node, keyword: string, position?: number): Node | undefined {
  const byKeyword = keywordArgument(call, keyword);
  if (byKeyword || position === undefined) return byKeyword;
  return positionalArguments(call)[position];
}

/** `f(*args)` or `f(**kwargs)`: any parameter might be set by the splat. */
export function hasSplatArguments(call: CallSite | Node): boolean {
  return argumentNodes(call).some((node) => node.type === 'list_splat' || node.type === 'dictionary_splat');
}

export function allArguments(call: CallSite | Node): Node[] {
  return argumentNodes(call);
}
