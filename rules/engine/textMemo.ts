import { detached } from './detachedText';

/** Slots of recent answers kept beside the map (a notebook's cells, in order). */
const MAX_SLOTS = 4096;

/**
 * Answers remembered by the text they were read from (a cell, a piece of a module): a keystroke
 * changes one cell, and every other cell's text comes back unchanged. Bounded by the characters
 * of the texts kept: past the bound everything is dropped and the memo starts again. Keys are
 * detached copies, so a kept answer never holds on to the document its text was cut from.
 *
 * A caller that reads a text's pieces in order may name each piece's place (`slot`): the text
 * last answered at that place is compared first, which costs a comparison where a map lookup
 * hashes every character (the cells of a long notebook, on every keystroke).
 */
export class TextMemo<T> {
  private readonly answers = new Map<string, T>();
  private recent: Array<{ text: string; answer: T } | undefined> = [];
  private characters = 0;

  constructor(private readonly maxCharacters: number) {}

  get(text: string, read: (text: string) => T, slot?: number): T {
    const recent = slot !== undefined && slot < MAX_SLOTS ? this.recent[slot] : undefined;
    if (recent && recent.text === text) return recent.answer;
    let answer = this.answers.get(text);
    let key: string | undefined;
    if (answer === undefined) {
      answer = read(text);
      this.characters += text.length;
      if (this.characters > this.maxCharacters) {
        this.answers.clear();
        this.recent = [];
        this.characters = text.length;
      }
      key = detached(text);
      this.answers.set(key, answer);
    }
    if (slot !== undefined && slot < MAX_SLOTS) this.recent[slot] = { text: key ?? detached(text), answer };
    return answer;
  }
}
