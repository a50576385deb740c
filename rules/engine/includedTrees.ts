import type { Point } from 'web-tree-sitter';
import type { Tree } from './parser';
import type { OffsetRange } from './sourceDocument';

/**
 * The trees of code that `%run` brings into many notebooks, kept for one lint run. In a course
 * or project repository most notebooks run the same setup notebooks (`%run ./Includes/Setup`,
 * which runs `_common`, which runs a 39 KB `_dataset_index`), and each of them was parsed again
 * for every notebook: up to four fifths of a run's parse time.
 *
 * A hidden cell's tree is parsed over the whole program text with included ranges, so it only
 * differs from one program to the next by where the cell starts. A kept tree is copied and
 * told of an edit that replaces everything before the cell: tree-sitter then moves every node,
 * as it does for the cells after an edited one while typing (programParser's reparse), and the
 * copy is what a parse would give. Trees with syntax errors are not kept: error recovery may
 * differ with what comes before the cell. Used by the CLI (a run, a worker): not by the
 * server, which keeps each document's trees itself.
 */
export class IncludedTreeCache {
  private readonly entries = new Map<string, { tree: Tree; start: number; startPoint: Point }>();
  private characters = 0;

  /** `maxCharacters`: how much cell text the kept trees may stand for (their memory is about 20 bytes per character). */
  constructor(private readonly maxCharacters = 4_000_000) {}

  /** The key of a cell's parse: its ranges relative to its start, and their text. */
  static key(text: string, ranges: readonly OffsetRange[]): string {
    const start = ranges[0].start;
    const shape = ranges.map((range) => `${range.start - start}-${range.end - start}`).join(',');
    return `${shape}\0${text.slice(start, ranges[ranges.length - 1].end)}`;
  }

  /**
   * A tree for the cell of `key` starting at `start` (at `startPoint`) in a new program, moved
   * from a kept one; undefined when none is kept. The caller owns (and deletes) the copy.
   */
  take(key: string, start: number, startPoint: Point): Tree | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const copy = entry.tree.copy();
    copy.edit({
      startIndex: 0,
      oldEndIndex: entry.start,
      newEndIndex: start,
      startPosition: { row: 0, column: 0 },
      oldEndPosition: entry.startPoint,
      newEndPosition: startPoint,
    });
    return copy;
  }

  /** Keeps a copy of a freshly parsed cell's tree (one without errors), while there is room. */
  keep(key: string, tree: Tree, start: number, startPoint: Point): void {
    if (this.entries.has(key) || tree.rootNode.hasError) return;
    const characters = key.length;
    if (this.characters + characters > this.maxCharacters) return;
    this.characters += characters;
    this.entries.set(key, { tree: tree.copy(), start, startPoint });
  }

  /** Frees the kept trees (they live in wasm memory). */
  dispose(): void {
    for (const { tree } of this.entries.values()) tree.delete();
    this.entries.clear();
    this.characters = 0;
  }
}
