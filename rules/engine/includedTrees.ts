import type { Edit, Point } from 'web-tree-sitter';
import { copyTree, moveSyntaxIndex, pathBeforeEdit } from '../semantic/syntaxIndex';
import type { Tree } from './parser';
import type { OffsetRange } from './sourceDocument';
import { readsFrom } from './treeText';

/**
 * The trees of code that `%run` brings into many notebooks, kept for one lint run. In a course
 * or project repository most notebooks run the same setup notebooks (`%run ./Includes/Setup`,
 * which runs `_common`, which runs a 39 KB `_dataset_index`), and each of them was parsed again
 * for every notebook: up to four fifths of a run's parse time.
 *
 * A hidden cell's tree is parsed over the whole program text with included ranges, so it only
 * differs from one program to the next by where the cell starts. A kept tree is told of an edit
 * that replaces everything before the cell: tree-sitter then moves every node, as it does for
 * the cells after an edited one while typing (programParser's reparse), and the tree is what a
 * parse would give. The tree itself is lent to the next document, with its syntax index and
 * facts moved along (moveSyntaxIndex), so they are not read out of WebAssembly again either;
 * the document gives it back when it is deleted. A program that runs the same code twice gets
 * a moved copy the second time, kept too (take). Trees with syntax errors are not kept: error
 * recovery may differ with what comes before the cell. Used by the CLI (a run, a worker): not by the
 * server, which keeps each document's trees itself.
 */

/** The cache entry of each kept tree: SourceDocument.delete gives such a tree back instead of freeing it. */
const keptTrees = new WeakMap<Tree, KeptTree>();

/** Gives a tree back to the cache that lent it; false when no cache keeps it (the caller frees it). */
export function giveBackIncludedTree(tree: Tree): boolean {
  const entry = keptTrees.get(tree);
  if (!entry) return false;
  entry.lent = false;
  return true;
}

interface KeptTree {
  tree: Tree;
  start: number;
  startPoint: Point;
  lent: boolean;
}

/** The edit that moves a cell from `from` to `to`: everything before it replaced. */
function moveEdit(from: KeptTree, start: number, startPoint: Point): Edit {
  return { startIndex: 0, oldEndIndex: from.start, newEndIndex: start, startPosition: { row: 0, column: 0 }, oldEndPosition: from.startPoint, newEndPosition: startPoint };
}
export class IncludedTreeCache {
  /** By key, the kept trees of the cell: more than one where programs run the same code twice. */
  private readonly entries = new Map<string, KeptTree[]>();
  private characters = 0;

  /**
   * `maxCharacters`: how much cell text the kept trees may stand for. A tree takes about 40 bytes
   * of wasm memory per character: 1 M characters is at most 40 MB per thread, and a course's
   * whole setup is some 50 K characters.
   */
  constructor(private readonly maxCharacters = 1_000_000) {}

  /** Whether any tree is kept: a notebook's own cells are looked up only then (a key copies the cell's text). */
  get holdsAny(): boolean {
    return this.entries.size > 0;
  }

  /** The key of a cell's parse: its ranges relative to its start, and their text. */
  static key(text: string, ranges: readonly OffsetRange[]): string {
    const start = ranges[0].start;
    const shape = ranges.map((range) => `${range.start - start}-${range.end - start}`).join(',');
    return `${shape}\0${text.slice(start, ranges[ranges.length - 1].end)}`;
  }

  /**
   * A tree for the cell of `key` starting at `start` (at `startPoint`) in a program of `text`,
   * moved from a kept one; undefined when none is kept. A kept tree that is free (deleting the
   * document gave it back) is lent as it is. When every kept tree of the cell is lent (a program
   * runs the same code twice: a setup and the config it runs are both run by the notebook), a
   * copy is made, and kept as one more tree of the cell while there is room: the next program
   * that runs the code twice takes it moved, with what its syntax index read, instead of copying
   * and reading every node again.
   */
  take(key: string, start: number, startPoint: Point, text: string): Tree | undefined {
    const kept = this.entries.get(key);
    if (!kept) return undefined;
    const free = kept.find((entry) => !entry.lent);
    let tree: Tree;
    if (free) {
      const edit = moveEdit(free, start, startPoint);
      tree = free.tree;
      const pathBefore = pathBeforeEdit(tree);
      tree.edit(edit);
      moveSyntaxIndex(tree, edit, pathBefore);
      free.start = start;
      free.startPoint = startPoint;
      free.lent = true;
    } else {
      const original = kept[0];
      tree = copyTree(original.tree);
      tree.edit(moveEdit(original, start, startPoint));
      this.add(key, tree, start, startPoint);
    }
    readsFrom(tree, text);
    return tree;
  }

  /**
   * Keeps a freshly parsed cell's tree (one without errors), while there is room: it is then
   * the cache's, lent to the document that parsed it.
   */
  keep(key: string, tree: Tree, start: number, startPoint: Point): void {
    if (this.entries.has(key) || tree.rootNode.hasError) return;
    this.add(key, tree, start, startPoint);
  }

  /** Keeps one more (lent) tree of the cell of `key`, while the kept trees stand for less text than the bound. */
  private add(key: string, tree: Tree, start: number, startPoint: Point): void {
    if (this.characters + key.length > this.maxCharacters) return;
    this.characters += key.length;
    const entry = { tree, start, startPoint, lent: true };
    const kept = this.entries.get(key);
    if (kept) kept.push(entry);
    else this.entries.set(key, [entry]);
    keptTrees.set(tree, entry);
  }

  /** Frees the kept trees (they live in wasm memory); a tree still lent is freed when its document gives it back. */
  dispose(): void {
    for (const kept of this.entries.values()) {
      for (const entry of kept) {
        keptTrees.delete(entry.tree);
        if (!entry.lent) entry.tree.delete();
      }
    }
    this.entries.clear();
    this.characters = 0;
  }
}
