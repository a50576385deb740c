import * as assert from 'node:assert/strict';
import { computeLineStarts, lineStartsOf, rememberLineStartsAfterEdit } from '../../rules/engine/lineStarts';
import { differingStretch } from '../../rules/engine/programParser';

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

  it('made from the text before an edit, are those of the text after it (random edits of \\n, \\r\\n, lone \\r and letters)', () => {
    let state = 7;
    const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const pieces = ['a', 'bc', '', '\n', '\r', '\r\n', ' '];
    let derived = 0;
    for (let round = 0; round < 2000; round++) {
      const alphabet = round % 2 === 0 ? ['\n', 'a', 'b'] : ['\n', '\r', 'a'];
      const before = Array.from({ length: 1 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const at = Math.floor(random() * (before.length + 1));
      const removed = Math.floor(random() * 3);
      const after = before.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + before.slice(at + removed);
      const change = differingStretch(before, after);
      if (!change) continue;
      const beforeStarts = lineStartsOf(before);
      if (rememberLineStartsAfterEdit(before, after, change)) derived++;
      const afterStarts = lineStartsOf(after);
      assert.deepEqual(afterStarts, slowLineStarts(after), `${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      // The starts of the text before are left as they were.
      assert.deepEqual(beforeStarts, slowLineStarts(before));
    }
    // Most of these edits keep the line breaks: derived, not computed (a version that never derives fails here).
    assert.ok(derived > 300, `derived ${derived}`);
  });
});
