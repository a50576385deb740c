import * as assert from 'node:assert/strict';
import type { Tree } from 'web-tree-sitter';
import { CarriedFacts, type MoveFact } from '../../rules/engine/carriedFacts';
import { loadPythonParser, type PythonParser } from '../../rules/engine/parser';
import { ReadSet, readTree, readWord, recordReads } from '../../rules/engine/reads';

/**
 * Facts the server carries from one version of a document to the next (engine/carriedFacts):
 * kept only while the edit left their reads untouched, moved with the text, never kept when
 * what they read is unknown.
 */

interface Offsets {
  at: number[];
}

const moveOffsets: MoveFact<Offsets> = (value, shift) => {
  const at: number[] = [];
  for (const offset of value.at) {
    const moved = shift(offset);
    if (moved === undefined) return undefined;
    at.push(moved);
  }
  return { at };
};

/** After an edit of 3 characters inserted at offset 10. */
const insertedAt10 = (offset: number) => (offset < 10 ? offset : offset > 10 ? offset + 3 : undefined);

describe('carried facts (engine/carriedFacts)', () => {
  let parser: PythonParser;
  let tree: Tree;
  before(async () => {
    parser = await loadPythonParser();
    tree = parser.parse('class A:\n    pass\n');
  });
  after(() => tree.delete());

  /** Gets the fact while recording, as a rule's check does; counts the computations. */
  function recorded(facts: CarriedFacts, compute: () => Offsets, counter: { computed: number }): { value: Offsets; reads: ReadSet } {
    const reads = new ReadSet();
    const value = recordReads(reads, () =>
      facts.get(tree, 'offsets', () => {
        counter.computed++;
        return compute();
      }, moveOffsets),
    );
    return { value, reads };
  }

  it('gives a fact computed in a recording again, with its reads, and carries it moved past an edit that left its reads alone', () => {
    const counter = { computed: 0 };
    const facts = new CarriedFacts();
    const compute = () => {
      readTree(tree);
      readWord('joblib');
      return { at: [4, 20] };
    };
    const first = recorded(facts, compute, counter);
    assert.deepEqual(first.value.at, [4, 20]);
    const again = recorded(facts, compute, counter);
    assert.equal(counter.computed, 1);
    assert.ok(again.reads.words.has('joblib') && again.reads.trees.has(tree), 'the reads are given with the kept value');

    const next = facts.carried(() => true, insertedAt10);
    const moved = recorded(next, compute, counter);
    assert.equal(counter.computed, 1);
    assert.deepEqual(moved.value.at, [4, 23]);
  });

  it('drops a fact whose reads the edit touched, or with an offset inside the edit', () => {
    const counter = { computed: 0 };
    const facts = new CarriedFacts();
    recorded(facts, () => (readTree(tree), { at: [10] }), counter);
    assert.equal(facts.carried(() => false, insertedAt10).size, 0);
    assert.equal(facts.carried(() => true, insertedAt10).size, 0, 'offset 10 lies where the text changed');
    assert.equal(facts.carried(() => true, (offset) => offset).size, 1);
  });

  it('keeps nothing computed outside a recording, or that did not read the tree it is about', () => {
    const facts = new CarriedFacts();
    let computed = 0;
    facts.get(tree, 'offsets', () => (computed++, { at: [1] }), moveOffsets);
    facts.get(tree, 'offsets', () => (computed++, { at: [1] }), moveOffsets);
    assert.equal(computed, 2);
    assert.equal(facts.size, 0);
    recorded(facts, () => (readWord('x'), { at: [1] }), { computed: 0 });
    assert.equal(facts.size, 0);
  });
});
