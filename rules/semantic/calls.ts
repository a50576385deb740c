import type { Node } from 'web-tree-sitter';
import { field, namedChildren } from '../engine/syntax';
import type { CallSite } from './semanticModel';

/** Argument access for a call: keyword and positional alike. */

/** A call's arguments, comments left out, each with its kind and, for `name=value`, its name and value. */
export interface ArgumentEntry {
  node: Node;
  type: string;
  keyword?: string;
  value?: Node;
}

/** What an argument list holds (for CallSite.argumentEntries: read once per call and lint). */
export function readArgumentEntries(args: Node | undefined): ArgumentEntry[] {
  if (!args || args.type !== 'argument_list') return [];
  const entries: ArgumentEntry[] = [];
  for (const node of namedChildren(args)) {
    const type = node.type;
    if (type === 'comment') continue;
    entries.push(type === 'keyword_argument' ? { node, type, keyword: field(node, 'name')?.text, value: field(node, 'value') } : { node, type });
  }
  return entries;
}

/** A call's arguments with their kinds and keywords (a CallSite reads them once). */
export function argumentEntries(call: CallSite | Node): readonly ArgumentEntry[] {
  return 'type' in call ? readArgumentEntries(field(call, 'arguments')) : call.argumentEntries;
}

function argumentNodes(call: CallSite | Node): Node[] {
  return argumentEntries(call).map((entry) => entry.node);
}

export function keywordArgument(call: CallSite | Node, name: string): Node | undefined {
  for (const entry of argumentEntries(call)) if (entry.keyword === name) return entry.value;
  return undefined;
}

/** The whole `name=value` node, for edits that replace or remove it. */
export function keywordArgumentNode(call: CallSite | Node, name: string): Node | undefined {
  return argumentEntries(call).find((entry) => entry.keyword === name)?.node;
}

export function positionalArguments(call: CallSite | Node): Node[] {
  const result: Node[] = [];
  for (const { node, type } of argumentEntries(call)) {
    if (type === 'keyword_argument' || type === 'dictionary_splat' || type === 'list_splat') break;
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
  return argumentEntries(call).some(({ type }) => type === 'list_splat' || type === 'dictionary_splat');
}

export function allArguments(call: CallSite | Node): Node[] {
  return argumentNodes(call);
}
