import type { ProgramCell } from './program';
import type { OffsetRange } from './sourceDocument';
import { TextMemo } from './textMemo';

/** A function that code `%run` brings in defines: its name and its whole definition, in program offsets. */
export interface HiddenHelper extends OffsetRange {
  name: string;
}

/**
 * The functions defined in a program's hidden cells (the setup a notebook `%run`s), read from
 * the text: a `def` line and the lines below it indented deeper (blank and comment lines
 * included). For OWN_CODE_GATE: a notebook whose own code calls one of them may get a finding
 * through it (MLT407 on a `promote(name)` helper of the setup). Without the tree: the gate
 * decides whether the program is parsed at all.
 */
export function hiddenHelpers(text: string, cells: readonly ProgramCell[]): HiddenHelper[] {
  const helpers: HiddenHelper[] = [];
  for (const cell of cells) {
    if (!cell.hidden) continue;
    for (const helper of definitionsIn.get(text.slice(cell.start, cell.end), readDefinitions)) {
      helpers.push({ name: helper.name, start: cell.start + helper.start, end: cell.start + helper.end });
    }
  }
  return helpers;
}

/** A CLI run's notebooks run the same setups: each cell read once. */
const definitionsIn = new TextMemo<HiddenHelper[]>(1_000_000);

const DEFINITION = /^([ \t]*)(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/gm;

function readDefinitions(text: string): HiddenHelper[] {
  const helpers: HiddenHelper[] = [];
  for (const match of text.matchAll(DEFINITION)) {
    const indent = match[1].length;
    const start = match.index;
    // The body: the following lines that are blank, comments, or indented deeper than the def.
    let end = text.indexOf('\n', start);
    while (end !== -1 && end + 1 < text.length) {
      const next = text.indexOf('\n', end + 1);
      const line = text.slice(end + 1, next === -1 ? text.length : next);
      const body = line.trimStart();
      if (body !== '' && !body.startsWith('#') && line.length - body.length <= indent) break;
      end = next;
    }
    helpers.push({ name: match[2], start, end: end === -1 ? text.length : end });
  }
  return helpers;
}
