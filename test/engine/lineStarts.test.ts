import * as assert from 'node:assert/strict';
import { computeLineStarts, lineStartsOf } from '../../rules/engine/lineStarts';

/** Line starts read character by character: \n, \r\n and a lone \r each end a line. */
function slowLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

describe('line starts', () => {
  it('a line ends at \\n, \\r\\n or a lone \\r, with or without a CR anywhere in the text', () => {
    assert.deepEqual(computeLineStarts('a\nbc\n\nd'), [0, 2, 5, 6]);
    assert.deepEqual(computeLineStarts('a\r\nbc\rd\n'), [0, 3, 6, 8]);
    assert.deepEqual(computeLineStarts(''), [0]);
    assert.deepEqual(computeLineStarts('\n'), [0, 1]);
    assert.deepEqual(computeLineStarts('\r'), [0, 1]);
  });

  it('agrees with a character-by-character reading on random texts of \\n, \\r and letters', () => {
    let state = 42;
    const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let round = 0; round < 300; round++) {
      const alphabet = round % 2 === 0 ? ['\n', 'a', 'b'] : ['\n', '\r', 'a'];
      const text = Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      assert.deepEqual(computeLineStarts(text), slowLineStarts(text), JSON.stringify(text));
    }
  });

  it('remembers the last texts asked for: the same answer for an equal text, a fresh one for another', () => {
    const before = 'a = 1\nb = 2\n';
    const first = lineStartsOf(before);
    // An equal text built anew (as the server builds each version) gets the kept array.
    assert.equal(lineStartsOf(['a = 1', 'b = 2', ''].join('\n')), first);
    // Same length, different line breaks: not mistaken for the kept one.
    assert.deepEqual(lineStartsOf('a = 1\r\nb = 2'), [0, 7]);
    assert.deepEqual(lineStartsOf('a = 1\nb = 2\n\n'), [0, 6, 12, 13]);
    assert.deepEqual(lineStartsOf('a = 12\nb = 2'), [0, 7]);
    // Three other texts later the first one is computed again, with the same answer.
    const again = lineStartsOf(before);
    assert.notEqual(again, first);
    assert.deepEqual(again, [0, 6, 12]);
  });
});
