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
});
