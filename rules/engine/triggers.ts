import { TextMemo } from './textMemo';
import { holdsGuardWord, isGuardedPattern, isTextTest } from './guardedPatterns';
import { createWordScanner } from './wordScanner';
import type { HiddenHelper } from './hiddenHelpers';
import type { OffsetRange } from './sourceDocument';
import type { GuardedPattern, LintSettings, Rule, TextTest, Trigger } from './types';

/**
 * About 2 MB of cell texts per matcher: the largest document linted (MAX_LINT_LENGTH) with room
 * for the edited pieces of many keystrokes. The server keeps trees for a few documents only
 * (DocumentStore.parkIdle); a larger memo mostly kept the pieces of old versions.
 */
const MAX_REMEMBERED_CHARACTERS = 1_000_000;

/**
 * The rules whose trigger words (and the words they also need) occur in `text` (a rule without
 * triggers always runs); in a test file (`testFile`), their testFileTriggers too, in any other
 * their outsideTestFileTriggers.
 */
export function triggeredRules<T extends { rule: Rule }>(
  rules: readonly T[],
  text: string,
  cellStarts?: readonly number[],
  testFile = false,
  ownCode?: OwnCode,
  declaredRegistry?: LintSettings['declaredRegistry'],
): T[] {
  const triggers = triggersOf(rules.map(({ rule }) => rule));
  if (triggers.length === 0 && !testFile) return rules.slice();
  const present = triggerMatcher(triggers)(text, cellStarts);
  const holds = (needed: readonly Trigger[]) => needed.some((trigger) => present.has(trigger));
  const triggered = rules.filter(({ rule }) => {
    const byPlace = testFile ? rule.testFileTriggers : rule.outsideTestFileTriggers;
    if (!requirementsOf(rule).every(holds) || (byPlace && !holds(byPlace))) return false;
    // The registry's signs last: they are mostly patterns, tested only where the rest holds.
    return !rule.unityCatalogSigns || declaredRegistry === 'unity-catalog' || holds(rule.unityCatalogSigns);
  });
  if (!ownCode || triggered.length === 0) return triggered;
  // A program with hidden cells: the user's own code must mention some word one of these rules
  // looks for (any of its lists), or call a helper of the hidden code that does, or nothing is
  // linted (see OWN_CODE_GATE in linter.ts).
  const mentions = (found: TriggersPresent) => triggered.some(({ rule }) => triggerLists(rule).some((list) => list.some((trigger) => found.has(trigger))));
  return mentions(present.within(ownCode.ranges)) || callsMentioningHelper(text, present, ownCode, mentions) ? triggered : [];
}

/** The user's own code of a program with hidden cells, and the functions those cells define. */
export interface OwnCode {
  ranges: readonly OffsetRange[];
  helpers(): readonly HiddenHelper[];
}

/**
 * Whether the own code names a hidden function whose definition mentions a rule's word, or
 * names such a function in turn (`promote()` calling `transition_model_version_stage`, or a
 * `run_all()` calling `promote()`).
 */
function callsMentioningHelper(text: string, present: TriggersPresent, ownCode: OwnCode, mentions: (found: TriggersPresent) => boolean): boolean {
  const helpers = ownCode.helpers();
  if (helpers.length === 0) return false;
  const marked = new Set(helpers.filter((helper) => mentions(present.within([helper]))).map((helper) => helper.name));
  for (let grew = marked.size > 0; grew; ) {
    grew = false;
    const named = namesPattern(marked);
    for (const helper of helpers) {
      if (marked.has(helper.name) || !named.test(text.slice(helper.start, helper.end))) continue;
      marked.add(helper.name);
      grew = true;
    }
  }
  if (marked.size === 0) return false;
  const named = namesPattern(marked);
  return ownCode.ranges.some((range) => named.test(text.slice(range.start, range.end)));
}

/** A pattern for any of `names` (identifiers) as a whole word. */
function namesPattern(names: ReadonlySet<string>): RegExp {
  return new RegExp(`\\b(?:${[...names].join('|')})\\b`);
}

let lastTriggers: { rules: readonly Rule[]; triggers: readonly Trigger[] } | undefined;

/** The rules' triggers and the words they also need, once each; the same rules as last time (each keystroke of the server) give the same list. */
function triggersOf(rules: readonly Rule[]): readonly Trigger[] {
  if (lastTriggers && lastTriggers.rules.length === rules.length && lastTriggers.rules.every((rule, index) => rule === rules[index])) return lastTriggers.triggers;
  const triggers = [...new Set(rules.flatMap((rule) => [...triggerLists(rule), rule.unityCatalogSigns ?? []].flat()))];
  lastTriggers = { rules, triggers };
  return triggers;
}

/**
 * Every list of words a rule names, whatever condition it is part of: what the own code of a
 * program with hidden cells must mention one of (OWN_CODE_GATE). The signs of a registry are
 * context, not the rule's words: they are scanned (triggersOf), not counted as a mention.
 */
function triggerLists(rule: Rule): ReadonlyArray<readonly Trigger[]> {
  return [rule.triggers, rule.alsoNeeds, rule.testFileTriggers, rule.outsideTestFileTriggers, ...(rule.furtherNeeds ?? [])].filter((list): list is readonly Trigger[] => list !== undefined);
}

const requirements = new WeakMap<Rule, ReadonlyArray<readonly Trigger[]>>();

/**
 * A rule's conditions (`triggers`, `alsoNeeds`, `furtherNeeds`: one of each list must occur), in
 * the order they are cheapest to decide: words before patterns before text tests in each list,
 * and the list with fewer patterns first (a list with a text test last). A pattern is then
 * tested only on texts where the rule's words already hold: MLT701's model-call pattern only
 * where `assert` occurs, MLT307's package patterns only where `install` or `log_model` does,
 * MLT704's text test only where one of its patterns matched.
 */
function requirementsOf(rule: Rule): ReadonlyArray<readonly Trigger[]> {
  let known = requirements.get(rule);
  if (!known) {
    // A text test reads every piece and combines their facts, where a pattern stops at the first piece it matches: last.
    const cost = (trigger: Trigger) => (typeof trigger === 'string' ? 0 : trigger instanceof RegExp || isGuardedPattern(trigger) ? 1 : 1000);
    const patternCount = (list: readonly Trigger[]) => list.reduce((sum, trigger) => sum + cost(trigger), 0);
    const wordsFirst = (list: readonly Trigger[]) => [...list].sort((a, b) => cost(a) - cost(b));
    known = [rule.triggers, rule.alsoNeeds, ...(rule.furtherNeeds ?? [])]
      .filter((list): list is readonly Trigger[] => list !== undefined)
      .map(wordsFirst)
      .sort((a, b) => patternCount(a) - patternCount(b));
    requirements.set(rule, known);
  }
  return known;
}

const triggerKeys = new WeakMap<RegExp | GuardedPattern | TextTest, string>();

/** How a trigger is named: a word as itself, a pattern by its source and flags (and its words), a text test by its key. */
function triggerKey(trigger: Trigger): string {
  if (typeof trigger === 'string') return trigger;
  let key = triggerKeys.get(trigger);
  if (key === undefined) {
    if (trigger instanceof RegExp) key = `\0/${trigger.source}/${trigger.flags}`;
    else if (isGuardedPattern(trigger)) key = `\0/${trigger.pattern.source}/${trigger.pattern.flags}\0${trigger.words.join('\0')}`;
    else key = `\0?${trigger.key}`;
    triggerKeys.set(trigger, key);
  }
  return key;
}

/** Which triggers occur in one text: the words at once, each pattern when first asked. */
interface TriggersPresent {
  has(trigger: Trigger): boolean;
  /**
   * The same for the parts of the text in `ranges` (ascending, not overlapping: a program's own
   * code): a piece inside them is answered as remembered, the parts of one that straddles
   * their edge are scanned (and remembered) on their own.
   */
  within(ranges: readonly OffsetRange[]): TriggersPresent;
}

/** `cellStarts`: where the scan's pieces start (cells, pieces of a module), ascending; a piece's triggers are remembered by its text, so a keystroke scans one piece. */
type TriggerMatcher = (text: string, cellStarts?: readonly number[]) => TriggersPresent;

/** What one piece of text holds: its words, and the patterns tested on it so far (made at the first: most pieces never have one tested), and the text tests' facts read from it. */
interface PieceTriggers {
  words: Set<string>;
  patterns?: Map<string, boolean>;
  facts?: Map<string, unknown>;
}

/** A piece of the text scanned: where it starts, its text, what it holds. */
interface Piece {
  start: number;
  text: string;
  found: PieceTriggers;
}

const triggerMatchers = new Map<string, TriggerMatcher>();
let lastMatcher: { triggers: readonly Trigger[]; matcher: TriggerMatcher } | undefined;

/**
 * Which of `triggers` occur in a text. The words are found in one pass over the text
 * (wordScanner: the text is read once, not once per word: a CLI run asks this of every file),
 * each wherever it occurs, inside another word too. A pattern is tested when a rule asks for
 * it (requirementsOf), piece by piece, and its answer kept with the piece: the patterns are
 * mostly second conditions, and testing all of them on every text was half the scan's cost on
 * a real repository.
 */
function triggerMatcher(triggers: readonly Trigger[]): TriggerMatcher {
  // The same list as last time (triggersOf): its matcher without making the key again.
  if (lastMatcher?.triggers === triggers) return lastMatcher.matcher;
  const key = triggers.map(triggerKey).join('\0');
  let matcher = triggerMatchers.get(key);
  if (!matcher) {
    matcher = createMatcher(triggers);
    // A few selections per process; bounded all the same.
    if (triggerMatchers.size >= 32) triggerMatchers.clear();
    triggerMatchers.set(key, matcher);
  }
  lastMatcher = { triggers, matcher };
  return matcher;
}

function createMatcher(triggers: readonly Trigger[]): TriggerMatcher {
  const guarded = triggers.filter(isGuardedPattern);
  const textTests = triggers.filter(isTextTest);
  // The words of guarded patterns and text tests are found in the same pass as the trigger words.
  const words = [...new Set([...triggers.filter((trigger): trigger is string => typeof trigger === 'string'), ...guarded.flatMap((pattern) => pattern.words), ...textTests.flatMap((test) => test.words ?? [])])];
  // Own copies without the global and sticky flags: `test` on them keeps no position between texts.
  const ownCopy = (pattern: RegExp) => new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  const patterns = new Map<string, { pattern: RegExp; guard?: GuardedPattern }>([
    ...triggers.filter((trigger): trigger is RegExp => trigger instanceof RegExp).map((pattern) => [triggerKey(pattern), { pattern: ownCopy(pattern) }] as const),
    ...guarded.map((trigger) => [triggerKey(trigger), { pattern: ownCopy(trigger.pattern), guard: trigger }] as const),
  ]);
  const textTestsByKey = new Map(textTests.map((test) => [triggerKey(test), test]));
  // The sets hold the scanner's strings (the words themselves), never a slice of the text: the
  // sets are remembered (byPiece) past the document version, which a slice would keep alive whole.
  const scanWords = createWordScanner(words);
  const scan = (text: string): PieceTriggers => ({ words: scanWords(text) });
  // No word holds a line break, so none crosses the start of a line, and no pattern needs to
  // match across a cell's start (Trigger): the text is scanned in pieces that begin where a
  // cell begins on a new line, each piece's triggers remembered.
  // Bounded by the characters kept (every keystroke brings a new piece of the edited cell).
  const byPiece = new TextMemo<PieceTriggers>(MAX_REMEMBERED_CHARACTERS);
  const piecewise = !words.some((word) => word.includes('\n'));
  // A text test decides from every piece of the text (a name bound in one cell, used in
  // another). It names no word, so the user's own code (`within`) never mentions it.
  const presentIn = (pieces: readonly Piece[], whole = true): TriggersPresent => {
    const present = new Set<string>();
    for (const { found } of pieces) for (const word of found.words) present.add(word);
    return {
      has(trigger) {
        if (typeof trigger === 'string') return present.has(trigger);
        const key = triggerKey(trigger);
        const textTest = textTestsByKey.get(key);
        if (textTest) {
          if (!whole) return false;
          const facts = pieces.map(({ text: piece, found }) => {
            let read = found.facts?.get(key);
            if (read === undefined && !found.facts?.has(key)) (found.facts ??= new Map()).set(key, (read = textTest.read(piece, found.words)));
            return read;
          });
          return textTest.holds(facts);
        }
        const tested = patterns.get(key);
        if (!tested) return false;
        const { pattern, guard } = tested;
        return pieces.some(({ text: piece, found }) => {
          // A piece without a guarded pattern's words cannot match it.
          if (guard && !holdsGuardWord(guard, found.words)) return false;
          let holds = found.patterns?.get(key);
          if (holds === undefined) {
            holds = pattern.test(piece);
            (found.patterns ??= new Map()).set(key, holds);
          }
          return holds;
        });
      },
      within(ranges) {
        const inside: Piece[] = [];
        let next = 0;
        for (const piece of pieces) {
          const end = piece.start + piece.text.length;
          while (next < ranges.length && ranges[next].end <= piece.start) next++;
          for (let index = next; index < ranges.length && ranges[index].start < end; index++) {
            const from = Math.max(ranges[index].start, piece.start);
            const to = Math.min(ranges[index].end, end);
            if (from === piece.start && to === end) inside.push(piece);
            else {
              const part = piece.text.slice(from - piece.start, to - piece.start);
              inside.push({ start: from, text: part, found: byPiece.get(part, scan) });
            }
          }
        }
        return presentIn(inside, false);
      },
    };
  };
  return (text, cellStarts) => {
    const pieces: Piece[] = [];
    if (!piecewise || !cellStarts || cellStarts.length < 2) pieces.push({ start: 0, text, found: scan(text) });
    else {
      let from = 0;
      for (let i = 0; i <= cellStarts.length; i++) {
        const end = i < cellStarts.length ? cellStarts[i] : text.length;
        if (end <= from || (end < text.length && text.charCodeAt(end - 1) !== 10)) continue;
        const piece = text.slice(from, end);
        pieces.push({ start: from, text: piece, found: byPiece.get(piece, scan, i) });
        from = end;
      }
    }
    return presentIn(pieces);
  };
}
