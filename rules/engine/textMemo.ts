import { detached } from './detachedText';

/**
 * Answers remembered by the text they were read from (a cell, a piece of a module): a keystroke
 * changes one cell, and every other cell's text comes back unchanged. Bounded by the characters
 * of the texts kept: past the bound everything is dropped and the memo starts again. Keys are
 * detached copies, so a kept answer never holds on to the document its text was cut from.
 */
export class TextMemo<T> {
  private readonly answers = new Map<string, T>();
  private characters = 0;

  constructor(private readonly maxCharacters: number) {}

  get(text: string, read: (text: string) => T): T {
    let answer = this.answers.get(text);
    if (answer === undefined) {
      answer = read(text);
      this.characters += text.length;
      if (this.characters > this.maxCharacters) {
        this.answers.clear();
        this.characters = text.length;
      }
      this.answers.set(detached(text), answer);
    }
    return answer;
  }
}
