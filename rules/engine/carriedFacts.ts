import type { Tree } from 'web-tree-sitter';
import { type ReadSet, isRecording, remembered, replayReads } from './reads';
import type { SourceDocument } from './sourceDocument';

/**
 * Facts about one part of a program (a PythonModel class and what it imports) that the server
 * keeps from one version of a document to the next while the edit between them touched nothing
 * their computation read (the test that keeps a rule's findings: ruleReuse). A rule that runs
 * again on a keystroke in one cell then reads the facts about the other cells' code as they
 * were, instead of computing each again.
 *
 * A carried value holds no node (a kept tree's nodes move in place, one held here would not):
 * strings, numbers, and document offsets, which `move` shifts with the text.
 */

/** Where an offset of the previous version is now; undefined when the edit changed the text there. */
export type OffsetShift = (offset: number) => number | undefined;

/** Moves a carried value's offsets with the text; undefined when it cannot (an offset lies in the edit). */
export type MoveFact<T> = (value: T, shift: OffsetShift) => T | undefined;

interface CarriedEntry {
  value: unknown;
  reads: ReadSet;
  move: MoveFact<unknown>;
}

export class CarriedFacts {
  /** By the tree the fact is about, then by a key naming the fact and its node within the tree. */
  private readonly entries = new Map<Tree, Map<string, CarriedEntry>>();

  /**
   * The fact about `tree` named `key`: carried from the previous version, or computed now (and
   * carried on while its reads stay untouched). Computed outside a recording (a hover), the
   * reads are unknown and the fact is not kept.
   */
  get<T>(tree: Tree, key: string, compute: () => T, move: MoveFact<T>): T {
    const kept = this.entries.get(tree)?.get(key);
    if (kept) {
      replayReads(kept.reads);
      return kept.value as T;
    }
    if (!isRecording()) return compute();
    const { value, reads } = remembered(compute);
    // A fact about a tree that did not read the tree could outlive it (an edit there would not drop it).
    if (reads && !reads.all && reads.trees.has(tree)) this.set(tree, key, { value, reads, move: move as MoveFact<unknown> });
    return value;
  }

  /** The facts the edit left as they were (`unaffected` by their reads), moved with the text, for the next version. */
  carried(unaffected: (reads: ReadSet) => boolean, shift: OffsetShift): CarriedFacts {
    const next = new CarriedFacts();
    for (const [tree, byKey] of this.entries) {
      for (const [key, entry] of byKey) {
        if (!unaffected(entry.reads)) continue;
        const value = entry.move(entry.value, shift);
        if (value !== undefined) next.set(tree, key, { ...entry, value });
      }
    }
    return next;
  }

  get size(): number {
    let size = 0;
    for (const byKey of this.entries.values()) size += byKey.size;
    return size;
  }

  private set(tree: Tree, key: string, entry: CarriedEntry): void {
    let byKey = this.entries.get(tree);
    if (!byKey) this.entries.set(tree, (byKey = new Map()));
    byKey.set(key, entry);
  }
}

/** Each linted version's facts (set by the server's reuse between versions; the CLI keeps none). */
const byDocument = new WeakMap<SourceDocument, CarriedFacts>();

export function carryFactsFor(document: SourceDocument, facts: CarriedFacts): void {
  byDocument.set(document, facts);
}

/** The fact named `key` about `tree` in `document`: carried from the previous version where the server keeps one, else computed. */
export function carriedFact<T>(document: SourceDocument, tree: Tree, key: string, compute: () => T, move: MoveFact<T>): T {
  const facts = byDocument.get(document);
  return facts ? facts.get(tree, key, compute, move) : compute();
}
