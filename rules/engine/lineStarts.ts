/** Offsets where each line starts; lines end at \n, \r\n or a lone \r, as LSP counts them. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  // Without a CR (nearly every text), only \n ends a line: indexOf finds them far faster than
  // a loop over every character (this runs on each keystroke, over the whole document).
  if (text.indexOf('\r') === -1) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The last few texts whose line starts were asked for, most recent first. */
const recentLineStarts: Array<{ text: string; starts: readonly number[] }> = [];
const RECENT_TEXTS = 3;

/**
 * computeLineStarts, remembered for the last few texts: on a keystroke the server needs the
 * line starts of the text before the edit (to place the change), of the text after it (the
 * document) and of the edited cell (to place findings), and each was the other of an earlier
 * keystroke. A 10,000-line text's line starts are 80 KB; three of them per keystroke added up.
 * The array is shared: read it, never change it.
 */
export function lineStartsOf(text: string): readonly number[] {
  const index = rememberedIndex(text);
  if (index >= 0) {
    const entry = recentLineStarts[index];
    if (index > 0) {
      recentLineStarts.splice(index, 1);
      recentLineStarts.unshift(entry);
    }
    return entry.starts;
  }
  const starts = computeLineStarts(text);
  remember(text, starts);
  return starts;
}

/** Where `text` is among the remembered texts; -1 when it is not. */
function rememberedIndex(text: string): number {
  // Texts of another length are told apart without reading them.
  return recentLineStarts.findIndex((entry) => entry.text.length === text.length && entry.text === text);
}

function remember(text: string, starts: readonly number[]): void {
  recentLineStarts.unshift({ text, starts });
  if (recentLineStarts.length > RECENT_TEXTS) recentLineStarts.pop();
}

/**
 * Remembers the line starts of `text` made from those of `before` (when they are remembered),
 * for a change that adds and removes no line break: a copy with the starts after the change
 * moved. On a keystroke this replaces a search through the whole text and an array grown by
 * push, which allocated three times its size (46 KB per keystroke at 2,000 lines). Whether
 * they were made so.
 */
export function rememberLineStartsAfterEdit(before: string, text: string, change: { start: number; oldEnd: number; newEnd: number }): boolean {
  const known = rememberedIndex(before);
  if (known < 0 || rememberedIndex(text) >= 0) return false;
  // A change right after a CR could split or join a CRLF.
  if (before.charCodeAt(change.start - 1) === 13 || hasLineBreak(before, change.start, change.oldEnd) || hasLineBreak(text, change.start, change.newEnd)) return false;
  const starts = recentLineStarts[known].starts.slice();
  const delta = change.newEnd - change.oldEnd;
  // The lines after the one the change starts in move: a line starting where text is typed keeps its start.
  for (let line = positionIn(starts, Infinity, change.start).line + 1; line < starts.length; line++) starts[line] += delta;
  remember(text, starts);
  return true;
}

function hasLineBreak(text: string, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === 10 || code === 13) return true;
  }
  return false;
}

/**
 * Where the line that holds `offset` ends: its \n or \r, or `end`. Read character by character,
 * as far as the line goes: an indexOf for \r would read to the end of a text that has none.
 */
export function lineEndFrom(text: string, offset: number, end = text.length): number {
  for (let at = offset; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === 10 || code === 13) return at;
  }
  return end;
}

/** The offset just before the line break of a zero-based line, given its text's line starts. */
export function lineEndIn(text: string, lineStarts: readonly number[], line: number): number {
  let end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
  if (end > lineStarts[line] && text[end - 1] === '\n') end--;
  if (end > lineStarts[line] && text[end - 1] === '\r') end--;
  return end;
}

/** The zero-based line and character of an offset (clamped to the text), given its text's line starts. */
export function positionIn(lineStarts: readonly number[], textLength: number, offset: number): { line: number; character: number } {
  const clamped = Math.max(0, Math.min(offset, textLength));
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= clamped) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: clamped - lineStarts[low] };
}
