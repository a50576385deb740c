import type { GuardedPattern, TextTest, Trigger } from './types';

/**
 * A trigger pattern tested only where one of `words` occurs in the piece of text: each match of
 * `pattern` must contain one of them (a pattern with the `i` flag needs its words in every
 * letter case: inAnyCase).
 *
 * Why: the trigger scan tests a rule's patterns on every piece where its other conditions hold,
 * and MLT704's credential patterns are its first condition: they were tested on every piece of
 * every file, and on h71 (1,639 real files) took a tenth of the whole lint's CPU. Most pieces
 * have none of the words the patterns need (`Bearer`, `token`, `TOKEN`, `dapi`), which the pass
 * over the text that finds the trigger words finds at no cost.
 */
export function guardedPattern(words: readonly string[], pattern: RegExp): GuardedPattern {
  if (words.length === 0 || words.some((word) => word.length === 0)) throw new Error(`a guarded pattern needs words, and no empty one: /${pattern.source}/`);
  return { pattern, words };
}

/** Whether a trigger is a guarded pattern (not a word, a plain pattern or a text test). */
export function isGuardedPattern(trigger: Trigger): trigger is GuardedPattern {
  return typeof trigger === 'object' && 'pattern' in trigger;
}

/** Whether a trigger is a text test: neither a word nor a pattern, guarded or not. */
export function isTextTest(trigger: Trigger): trigger is TextTest {
  return typeof trigger === 'object' && !(trigger instanceof RegExp) && !isGuardedPattern(trigger);
}

/**
 * `word` in every letter case (`dapi`, `Dapi`, ... `DAPI`): the words of a pattern with the `i`
 * flag. 2^n spellings for n letters: for short words only.
 */
export function inAnyCase(word: string): string[] {
  let spellings = [''];
  for (const character of word) {
    const cases = [...new Set([character.toLowerCase(), character.toUpperCase()])];
    spellings = spellings.flatMap((spelling) => cases.map((variant) => spelling + variant));
    if (spellings.length > 256) throw new Error(`"${word}" has too many letter cases to list`);
  }
  return spellings;
}

const guardSets = new WeakMap<GuardedPattern, ReadonlySet<string>>();

/**
 * Whether a piece holding `words` (the trigger words found in it) holds one of the pattern's
 * words. A piece holds few words and a pattern in every letter case has many (`install`: 128
 * spellings): the piece's words are looked up, not the pattern's.
 */
export function holdsGuardWord(pattern: GuardedPattern, words: ReadonlySet<string>): boolean {
  if (words.size === 0) return false;
  let guard = guardSets.get(pattern);
  if (!guard) guardSets.set(pattern, (guard = new Set(pattern.words)));
  for (const word of words) if (guard.has(word)) return true;
  return false;
}
