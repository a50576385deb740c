import * as assert from 'node:assert/strict';
import { TextMemo } from '../../rules/engine/textMemo';

/** A reading that records each text it was asked to read. */
function countedLength(): { reads: string[]; length: (text: string) => number } {
  const reads: string[] = [];
  return {
    reads,
    length: (text) => {
      reads.push(text);
      return text.length;
    },
  };
}

describe('answers remembered by text', () => {
  it('reads a text once, gives the kept answer for an equal text, and drops in halves what is not asked for again', () => {
    const { reads, length } = countedLength();
    const memo = new TextMemo<number>(10);
    assert.equal(memo.get('abcd', length), 4);
    // An equal text built anew is the same key.
    assert.equal(memo.get(['ab', 'cd'].join(''), length), 4);
    assert.deepEqual(reads, ['abcd']);
    // Each half holds 5 characters: 'ef' starts the second half, 'abcd' is in the older one.
    for (const text of ['ef', 'gh']) memo.get(text, length);
    // Asked for from the older half, 'abcd' moves to a new newer half ('ef' and 'gh' are older now).
    assert.equal(memo.get('abcd', length), 4);
    // 'ij' starts another half: 'ef', not asked for again, is dropped; 'abcd' is still kept.
    memo.get('ij', length);
    assert.equal(memo.get('ef', length), 2);
    assert.equal(memo.get('abcd', length), 4);
    assert.deepEqual(reads, ['abcd', 'ef', 'gh', 'ij', 'ef']);
  });

  it('a text that keeps coming back stays while others stream through once (a setup run by every notebook)', () => {
    const { reads, length } = countedLength();
    const memo = new TextMemo<number>(1_000);
    const setup = 'import mlflow\n'.repeat(20);
    for (let notebook = 0; notebook < 50; notebook++) {
      memo.get(setup, length);
      memo.get(`own cell ${notebook} `.repeat(10), length);
    }
    assert.equal(reads.filter((text) => text === setup).length, 1);
    assert.equal(reads.length, 51);
  });

  it('a text read at a slot gives the answer kept there when it comes back, and a changed text is read again', () => {
    const reads: string[] = [];
    const memo = new TextMemo<string>(1_000);
    const upper = (text: string) => {
      reads.push(text);
      return text.toUpperCase();
    };
    const cells = ['import mlflow', 'df = spark.table("t")', 'model.fit(df)'];
    assert.deepEqual(cells.map((cell, slot) => memo.get(cell, upper, slot)), ['IMPORT MLFLOW', 'DF = SPARK.TABLE("T")', 'MODEL.FIT(DF)']);
    // The next version: the second cell changed, the others come back as new strings.
    const next = cells.map((cell) => [...cell].join(''));
    next[1] = 'df = spark.table("u")';
    assert.deepEqual(next.map((cell, slot) => memo.get(cell, upper, slot)), ['IMPORT MLFLOW', 'DF = SPARK.TABLE("U")', 'MODEL.FIT(DF)']);
    // A cell moved to another slot is found by its text.
    assert.equal(memo.get('import mlflow', upper, 2), 'IMPORT MLFLOW');
    assert.deepEqual(reads, [...cells, 'df = spark.table("u")']);
  });
});
