import type { Node } from 'web-tree-sitter';
import { field, namedChildren } from '../engine/syntax';
import { detached } from '../engine/detachedText';
import type { CallSite } from './semanticModel';
import { syntaxMemo } from './syntaxMemo';

/** Argument access for a call: keyword and positional alike. */

/** A call's arguments, comments left out, each with its kind and, for `name=value`, its name and value. */
export type ArgumentEntry = {
  node: Node;
  type: string;
  keyword?: string;
  value?: Node;
};

/** What a call's argument list holds: read once per call while its tree is kept (syntaxMemo). */
export function callArgumentEntries(call: Node): readonly ArgumentEntry[] {
  return syntaxMemo(call, 'arguments', readArgumentEntries);
}

function readArgumentEntries(call: Node): ArgumentEntry[] {
  const args = field(call, 'arguments');
  if (!args || args.type !== 'argument_list') return [];
  const entries: ArgumentEntry[] = [];
  for (const node of namedChildren(args)) {
    const type = node.type;
    if (type === 'comment') continue;
    // Kept with the tree across versions of the text: the keyword must not hold on to the text.
    const keyword = type === 'keyword_argument' ? field(node, 'name')?.text : undefined;
    entries.push(type === 'keyword_argument' ? { node, type, keyword: keyword === undefined ? undefined : detached(keyword), value: field(node, 'value') } : { node, type });
  }
  return entries;
}

/** A call's arguments with their kinds and keywords (read once per call: callArgumentEntries). */
export function argumentEntries(call: CallSite | Node): readonly ArgumentEntry[] {
  return 'type' in call ? callArgumentEntries(call) : call.argumentEntries;
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
