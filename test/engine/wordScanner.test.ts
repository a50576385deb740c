import * as assert from 'node:assert/strict';
import { allRules } from '../../rules';
import { createWordScanner } from '../../rules/engine/wordScanner';

const sorted = (words: Iterable<string>) => [...words].sort();

/** What the scanner must answer: every word the text includes, by the plainest reading. */
const included = (words: readonly string[], text: string) => sorted(new Set(words.filter((word) => word.length > 0 && text.includes(word))));

/** A small seeded generator: the cases are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

describe('word scanner', () => {
  it('finds words inside identifiers, inside each other and overlapping, each once', () => {
    const scan = createWordScanner(['fit', '.fit(', 'outfit', 'transition_model_version_stage', 'model', 'version', 'abab', 'bab']);
    assert.deepEqual(sorted(scan('model.fit(df)')), ['.fit(', 'fit', 'model']);
    assert.deepEqual(sorted(scan('client.transition_model_version_stage(name)')), ['model', 'transition_model_version_stage', 'version']);
    assert.deepEqual(sorted(scan('the outfit')), ['fit', 'outfit']);
    // "bab" starts inside "abab" and ends inside the next: found though no match starts there.
    assert.deepEqual(sorted(scan('xababx')), ['abab', 'bab']);
    assert.deepEqual(sorted(scan('fit fit fit')), ['fit']);
    assert.deepEqual(sorted(scan('')), []);
    assert.deepEqual(sorted(scan('nothing here')), []);
  });

  it('is case-sensitive, and reads characters beyond ASCII as what they are', () => {
    const ascii = createWordScanner(['Pipeline', 'mlflow']);
    assert.deepEqual(sorted(ascii('pipeline = MLflow()')), []);
    // A character beyond ASCII never continues a word of ASCII characters.
    assert.deepEqual(sorted(ascii('mlfl\u00f6w Pipe\u2028line')), []);
    const accented = createWordScanner(['caf\u00e9', '\u{1F600}x']);
    assert.deepEqual(sorted(accented('un caf\u00e9 \u{1F600}x')), ['caf\u00e9', '\u{1F600}x']);
    assert.deepEqual(sorted(accented('cafe \u{1F600}')), []);
  });

  it('answers an empty list and repeated words', () => {
    assert.deepEqual(sorted(createWordScanner([])('anything')), []);
    assert.deepEqual(sorted(createWordScanner(['', 'a', 'a'])('banana')), ['a']);
  });

  it('finds exactly the words a text includes, for the rules\u2019 own words and random texts', () => {
    const words = [...new Set(allRules.flatMap((rule) => [rule.triggers, rule.alsoNeeds, ...(rule.furtherNeeds ?? [])].flat().filter((t): t is string => typeof t === 'string')))];
    assert.ok(words.length > 50, 'the rules name their words');
    const scan = createWordScanner(words);
    const random = seeded(12);
    const pieces = [...words, ...words.map((word) => word.slice(1)), ...words.map((word) => word.slice(0, -1)), ' ', '\n', '_', '(', '.', 'x', '\u00e9'];
    for (let round = 0; round < 400; round++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 30) }, () => pieces[Math.floor(random() * pieces.length)]).join(random() < 0.5 ? '' : ' ');
      assert.deepEqual(sorted(scan(text)), included(words, text), text);
    }
  });

  it('starts each text afresh: what one text held is not carried into the next', () => {
    const scan = createWordScanner(['mlflow', 'hyperopt']);
    assert.deepEqual(sorted(scan('import mlflow')), ['mlflow']);
    assert.deepEqual(sorted(scan('import hyper')), []);
    // The previous text ended inside a word: the next one does not continue it.
    assert.deepEqual(sorted(scan('mlfl')), []);
    assert.deepEqual(sorted(scan('ow')), []);
    assert.deepEqual(sorted(scan('mlflow hyperopt')), ['hyperopt', 'mlflow']);
  });
});
