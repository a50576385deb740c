import * as assert from 'node:assert/strict';
import { ChosenEdits } from '../../rules/engine/edits';
import type { TextEdit } from '../../rules/engine/types';
import { seededRandom } from '../../scripts/benchNotebooks';

/** Two edits overlap: same cell, and a shared character, or two insertions at one place. */
function overlap(x: TextEdit, y: TextEdit): boolean {
  return (x.cell ?? 0) === (y.cell ?? 0) && ((x.start < y.end && y.start < x.end) || (x.start === y.start && x.end === x.start && y.end === y.start));
}

describe('fix-all: the edits chosen so far (engine/edits ChosenEdits)', () => {
  it('says a fix overlaps exactly when one of its edits overlaps one chosen before, as a check against each would', () => {
    const random = seededRandom(12);
    for (let round = 0; round < 300; round++) {
      const taken = new ChosenEdits();
      const chosen: TextEdit[] = [];
      for (let fix = 0; fix < 40; fix++) {
        const edits: TextEdit[] = Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
          const start = Math.floor(random() * 60);
          // A third are insertions: the place where two of them meet is the case of its own.
          const length = random() < 0.33 ? 0 : 1 + Math.floor(random() * 6);
          return { start, end: start + length, newText: 'x', ...(random() < 0.2 ? { cell: 1 } : {}) };
        });
        const expected = edits.some((edit) => chosen.some((other) => overlap(edit, other)));
        assert.equal(taken.overlaps(edits), expected, `round ${round}, fix ${fix}: ${JSON.stringify(edits)} against ${JSON.stringify(chosen)}`);
        if (!expected && !edits.some((edit, index) => edits.some((other, at) => at !== index && overlap(edit, other)))) {
          taken.add(edits);
          chosen.push(...edits);
        }
      }
    }
  });

  it('an insertion next to a chosen edit does not overlap it; inside it, or where another insertion is, it does', () => {
    const taken = new ChosenEdits();
    taken.add([{ start: 10, end: 20, newText: '' }, { start: 30, end: 30, newText: 'a' }]);
    assert.equal(taken.overlaps([{ start: 10, end: 10, newText: 'b' }]), false, 'at its start');
    assert.equal(taken.overlaps([{ start: 20, end: 20, newText: 'b' }]), false, 'at its end');
    assert.equal(taken.overlaps([{ start: 15, end: 15, newText: 'b' }]), true, 'inside it');
    assert.equal(taken.overlaps([{ start: 30, end: 30, newText: 'b' }]), true, 'where another insertion is');
    assert.equal(taken.overlaps([{ start: 30, end: 30, newText: 'b', cell: 2 }]), false, 'in another cell');
    assert.equal(taken.overlaps([{ start: 29, end: 31, newText: '' }]), true, 'around an insertion');
  });
});
