import * as assert from 'node:assert/strict';
import { TextMemo } from '../../rules/engine/textMemo';

describe('answers remembered by text', () => {
  it('reads a text once, gives the kept answer for an equal text, and starts again past its bound', () => {
    const reads: string[] = [];
    const memo = new TextMemo<number>(10);
    const length = (text: string) => {
      reads.push(text);
      return text.length;
    };
    assert.equal(memo.get('abcd', length), 4);
    // An equal text built anew is the same key.
    assert.equal(memo.get(['ab', 'cd'].join(''), length), 4);
    assert.deepEqual(reads, ['abcd']);
    assert.equal(memo.get('efghij', length), 6);
    // 4 + 6 + 3 characters pass the bound of 10: everything is dropped, the new text kept.
    assert.equal(memo.get('klm', length), 3);
    assert.equal(memo.get('abcd', length), 4);
    assert.equal(memo.get('klm', length), 3);
    assert.deepEqual(reads, ['abcd', 'efghij', 'klm', 'abcd']);
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
