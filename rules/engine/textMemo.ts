import { detached } from './detachedText';

/** Slots of recent answers kept beside the map (a notebook's cells, in order). */
const MAX_SLOTS = 4096;

/** A kept answer with its key: moved from the older map to the newer one without copying the text again. */
interface Entry<T> {
  text: string;
  answer: T;
}

/**
 * Answers remembered by the text they were read from (a cell, a piece of a module): a keystroke
 * changes one cell, and every other cell's text comes back unchanged. Keys are detached copies,
 * so a kept answer never holds on to the document its text was cut from.
 *
 * Bounded by the characters of the texts kept, in two halves: new answers go into the newer
 * half; when it is full it becomes the older one and the answers of the old older half that
 * nobody asked for again are dropped. An answer asked for from the older half moves to the
 * newer one. So what keeps coming back stays: in a CLI run, the cells of a setup notebook that
 * most notebooks `%run`, while every notebook's own cells stream through once (dbdemos' own
 * cells filled a memo that was dropped whole, four times a run, setups included).
 *
 * A caller that reads a text's pieces in order may name each piece's place (`slot`): the text
 * last answered at that place is compared first, which costs a comparison where a map lookup
 * hashes every character (the cells of a long notebook, on every keystroke). The slots are the
 * working set and outlive the halves.
 */
export class TextMemo<T> {
  private newer = new Map<string, Entry<T>>();
  private older = new Map<string, Entry<T>>();
  private newerCharacters = 0;
  private readonly recent: Array<Entry<T> | undefined> = [];

  constructor(private readonly maxCharacters: number) {}

  get(text: string, read: (text: string) => T, slot?: number): T {
    const inSlot = slot !== undefined && slot < MAX_SLOTS;
    const recent = inSlot ? this.recent[slot] : undefined;
    if (recent && recent.text === text) return recent.answer;
    let entry = this.newer.get(text);
    if (!entry) {
      entry = this.older.get(text) ?? { text: detached(text), answer: read(text) };
      this.keep(entry);
    }
    if (inSlot) this.recent[slot] = entry;
    return entry.answer;
  }

  private keep(entry: Entry<T>): void {
    this.newerCharacters += entry.text.length;
    if (this.newerCharacters > this.maxCharacters / 2) {
      this.older = this.newer;
      this.newer = new Map();
      this.newerCharacters = entry.text.length;
    }
    this.newer.set(entry.text, entry);
  }
}
