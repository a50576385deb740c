/** Offsets where each line starts; lines end at \n, \r\n or a lone \r, as LSP counts them. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
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
