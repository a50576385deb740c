import type { Tree } from './parser';

/**
 * A tree reads its nodes' text through the text it was parsed from (web-tree-sitter keeps the
 * parse's input callback): a tree taken over for a new text must read the new one.
 */
export function readsFrom(tree: Tree, text: string): void {
  (tree as unknown as { textCallback: (index: number) => string }).textCallback = (index) => text.slice(index);
}
