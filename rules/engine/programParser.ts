import type { Point } from 'web-tree-sitter';
import { withoutLongCommentRuns } from './commentRuns';
import type { PythonParser, Range, Tree } from './parser';
import { forgetSyntaxIndex, moveSyntaxIndex, pathBeforeEdit } from '../semantic/syntaxIndex';
import { giveBackIncludedTree, IncludedTreeCache } from './includedTrees';
import { readsFrom } from './treeText';
import { lineStartsOf, positionIn, rememberLineStartsAfterEdit } from './lineStarts';
import { moduleChunks, moduleChunksAfter, type ChunkedRange, type TextChange } from './moduleChunks';
import { buildProgram, type InclusionReader, type Program, type ProgramCell, type ProgramSource } from './program';
import { type OffsetRange, type ParsedCell, SourceDocument } from './sourceDocument';

/**
 * The finders of the texts asked last: a keystroke asks for the previous version's points and
 * twice for the new one's (reparseProgram, parseProgram), and the new one is the previous
 * version of the next keystroke; each finder is a pass over the whole text.
 */
const recentFinders: Array<{ text: string; find: (offset: number) => Point }> = [];

/** Tree-sitter points of offsets in one text (rows broken by \\n only, columns in UTF-16 units). */
export function pointFinder(text: string): (offset: number) => Point {
  const recent = recentFinders.find((entry) => entry.text === text);
  if (recent) return recent.find;
  const find = newPointFinder(text);
  recentFinders.unshift({ text, find });
  recentFinders.length = Math.min(recentFinders.length, 2);
  return find;
}

function newPointFinder(text: string): (offset: number) => Point {
  // Without a CR, tree-sitter's rows are the text's lines: the line starts the document reads
  // anyway (lineStartsOf keeps them for the last texts) serve, instead of a second pass and array.
  if (text.indexOf('\r') === -1) {
    const starts = lineStartsOf(text);
    return (offset) => {
      const { line, character } = positionIn(starts, Infinity, offset);
      return { row: line, column: character };
    };
  }
  // Line feeds, and lone CRs, which the parser reads as line feeds (engine/parser).
  const newlines: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) newlines.push(i);
  }
  return (offset) => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newlines[mid] < offset) low = mid + 1;
      else high = mid;
    }
    const lineStart = low === 0 ? 0 : newlines[low - 1] + 1;
    return { row: low, column: offset - lineStart };
  };
}

/**
 * A notebook cell longer than this (in characters, about 250 lines) is parsed in pieces, as a
 * plain module is. Not every cell: each piece is a tree whose index and facts every keystroke
 * looks through, and cutting the 20-line cells of the 2,000-line bench notebook too made a
 * keystroke allocate 45% more (1,170 -> 1,680 KB) and take longer. In a real deployment notebook
 * with cells of 1,523, 1,384 and 679 lines, cutting its long cells took a keystroke from 28 to
 * 10 ms (p50).
 */
const LARGE_CELL = 10_000;

const unitsByProgram = new WeakMap<Program, ProgramCell[]>();
/** The pieces of each cell parsed in pieces, by cell index: what the next version's cutting starts from. */
const piecesByProgram = new WeakMap<Program, Map<number, ChunkedRange>>();

/**
 * What is parsed on its own: each Python cell of a notebook (a long one cut as a module is);
 * a plain module's code cut into pieces of whole top-level statements (moduleChunks), so that
 * an edit re-parses one piece. Given the version before and the change between the two, a cell
 * is cut again from where the change begins (moduleChunksAfter).
 */
export function parseUnits(program: Program, before?: { program: Program; change: TextChange }): ProgramCell[] {
  let units = unitsByProgram.get(program);
  if (!units) {
    const plainModule = !program.source.notebook && !program.databricks;
    const inPieces = (cell: ProgramCell) => cell.python.length === 1 && (plainModule || (!cell.hidden && cell.python[0].end - cell.python[0].start > LARGE_CELL));
    const oldPieces = before && before.program.cells.length === program.cells.length ? piecesByProgram.get(before.program) : undefined;
    const pieces = new Map<number, ChunkedRange>();
    // A loop, not flatMap: an array for every cell of a long notebook, on each keystroke.
    units = [];
    for (let index = 0; index < program.cells.length; index++) {
      const cell = program.cells[index];
      if (cell.python.length === 0) continue;
      if (!inPieces(cell)) {
        units.push(cell);
        continue;
      }
      const range = cell.python[0];
      const old = oldPieces?.get(index);
      const chunks = old && before ? moduleChunksAfter(program.text, range, old, before.change) : moduleChunks(program.text, range);
      pieces.set(index, { range, chunks });
      for (const chunk of chunks) units.push({ ...cell, start: chunk.start, end: chunk.end, python: [chunk] });
    }
    unitsByProgram.set(program, units);
    piecesByProgram.set(program, pieces);
  }
  return units;
}

/**
 * Parses each unit of a program on its own (parseUnits: its ranges of the program text), so a
 * cell that does not parse leaves the others intact. `previous` holds, per unit index, an old tree
 * already edited to match the new text: tree-sitter then reuses what did not change, so an
 * edit in one cell re-parses that cell only. The old trees are freed.
 */
export function parseProgram(
  parser: PythonParser,
  uri: string,
  program: Program,
  previous: ReadonlyArray<Tree | undefined> = [],
  /** Trees to take as they are, by Python-cell index: cells the edit did not reach. */
  unchanged: ReadonlyMap<number, Tree> = new Map(),
  /** Trees of `%run` code already parsed in this run (a CLI run): taken moved, not parsed again. */
  includedTrees?: IncludedTreeCache,
): SourceDocument {
  const point = pointFinder(program.text);
  const parsed: ParsedCell[] = [];
  const units = parseUnits(program);
  // A module in one piece is parsed as a whole, as before cells existed.
  const whole = units.length === 1 && units[0].python.length === 1 && units[0].python[0].start === 0 && units[0].python[0].end === program.text.length;
  let index = 0;
  try {
    for (const cell of units) {
      const kept = unchanged.get(index);
      const old = previous[index++];
      if (kept) {
        parsed.push({ cell, tree: kept });
        continue;
      }
      // A notebook's own cells are looked up too: a notebook that other notebooks `%run` was
      // often parsed as their code before it is linted itself. Only `%run` code is kept. The
      // key is the cell's ranges and text, what its parse depends on (the comment runs left
      // out below are found in that text), so a kept tree is taken before they are looked for.
      const key = includedTrees && !old && !whole && (cell.hidden || includedTrees.holdsAny) ? IncludedTreeCache.key(program.text, cell.python) : undefined;
      const start = cell.python[0].start;
      const moved = key === undefined ? undefined : includedTrees!.take(key, start, point(start), program.text);
      if (moved) {
        parsed.push({ cell, tree: moved });
        continue;
      }
      const tree = parser.parse(program.text, old, rangesToParse(program.text, cell.python, point));
      parsed.push({ cell, tree });
      if (key !== undefined && cell.hidden) includedTrees!.keep(key, tree, start, point(start));
    }
  } catch (error) {
    for (const cell of parsed) if (!giveBackIncludedTree(cell.tree)) cell.tree.delete();
    throw error;
  } finally {
    const kept = new Set(unchanged.values());
    for (const tree of previous) if (tree && !kept.has(tree)) tree.delete();
  }
  return new SourceDocument(uri, program.text, parsed, program);
}

/**
 * The ranges of `text` tree-sitter parses for a cell's code (`python`), long comment runs left
 * out (withoutLongCommentRuns); none when the code is the whole text and nothing is left out,
 * as a module in one piece is parsed.
 */
function rangesToParse(text: string, python: readonly OffsetRange[], point: (offset: number) => Point): Range[] | undefined {
  const parsedRanges = withoutLongCommentRuns(text, python);
  const whole = python.length === 1 && python[0].start === 0 && python[0].end === text.length;
  if (whole && parsedRanges === python) return undefined;
  return parsedRanges.map((range) => ({ startIndex: range.start, endIndex: range.end, startPosition: point(range.start), endPosition: point(range.end) }));
}

/**
 * parseProgram for a lint no edit follows (a CLI run): a plain module whose code parses without
 * an error is parsed in one piece. Its pieces (moduleChunks) are runs of whole top-level
 * statements that parse to the statements of the whole, so the findings are the same as the
 * language server's (test/engine/wholeModuleParse.test.ts holds every rule table sample to it),
 * and the many small trees cost their indexes and facts one by one: parsing the 224 modules that
 * 41 whole repositories lint and building their semantic models took 14% more CPU in pieces
 * (median of 11 alternated rounds). A module with an error is parsed in pieces, as the server
 * parses it: error recovery then stays within a piece.
 */
export function parseProgramOnce(parser: PythonParser, uri: string, program: Program, includedTrees?: IncludedTreeCache): SourceDocument {
  const [only, ...others] = program.cells.filter((cell) => cell.python.length > 0);
  const plainModule = !program.source.notebook && !program.databricks;
  if (plainModule && only && others.length === 0 && !only.hidden && only.python.length === 1) {
    const tree = parser.parse(program.text, undefined, rangesToParse(program.text, only.python, pointFinder(program.text)));
    if (!tree.rootNode.hasError) return new SourceDocument(uri, program.text, [{ cell: only, tree }], program);
    tree.delete();
  }
  return parseProgram(parser, uri, program, undefined, undefined, includedTrees);
}

/** Builds and parses the program of a source. */
export function parseSource(parser: PythonParser, source: ProgramSource, read?: InclusionReader): SourceDocument {
  return parseProgram(parser, source.uri, buildProgram(source, read));
}

/** A `.py` file's text as a program source. */
export function fileSource(uri: string, text: string): ProgramSource {
  return { uri, cells: [{ kind: 'code', text }], notebook: false };
}

/** The one stretch where two texts differ: common prefix and suffix left out. */
export function differingStretch(before: string, after: string): { start: number; oldEnd: number; newEnd: number } | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  const start = commonLength(shorter, (from, to) => before.slice(from, to) === after.slice(from, to));
  const suffix = commonLength(shorter - start, (from, to) => before.slice(before.length - to, before.length - from) === after.slice(after.length - to, after.length - from));
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

/**
 * The length of the longest common stretch, up to `limit`, where `same(from, to)` says whether
 * the stretch from `from` to `to` is the same: a binary search whose comparisons are native
 * string comparisons (a keystroke in a large notebook compares its whole text).
 */
function commonLength(limit: number, same: (from: number, to: number) => boolean): number {
  let low = 0;
  let high = limit;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (same(low, mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * Parses a new version of a program, reusing the trees of the previous version (which are
 * consumed): the texts are compared, every old tree is told of the one stretch that differs,
 * and each new cell is parsed with the old tree of the cell at the same place. Cells the
 * change did not touch are reused whole by tree-sitter; whatever the edit was (typing in a
 * cell, a new cell, a `%run` target that changed), a cell that parses gets the tree of a fresh
 * parse. A cell with a syntax error may not: tree-sitter's error recovery can differ between an
 * incremental and a fresh parse (tree-sitter/tree-sitter#1645), so the editor and the CLI may
 * read a broken cell differently until it parses again. An old tree is given to a cell only when
 * the edit explains the cell's new ranges: a cell that grows or shrinks at a boundary the edit
 * did not touch (a separator line edited away joins two cells) is parsed afresh. Given the old
 * tree, tree-sitter kept a block that ended where the cell ended: the indented line now after
 * a comment became a statement of its own, where Python (and a fresh parse) continue the block.
 */
export function reparseProgram(parser: PythonParser, uri: string, program: Program, previous: SourceDocument | undefined): SourceDocument {
  if (!previous) return parseProgram(parser, uri, program);
  const change = differingStretch(previous.text, program.text);
  const oldStarts = new Map<number, { tree: Tree; ranges: readonly OffsetRange[] }>();
  // A cell that ends before the change has the same text and offsets: its tree is taken as it
  // is, without a parse (a tree reads node text from the text it was parsed from, which is
  // unchanged up to the change).
  const unchanged = new Map<number, Tree>();
  const newCells = parseUnits(program, change ? { program: previous.program, change } : undefined);
  if (change) {
    previous.parsedCells.forEach((parsed, index) => {
      const fresh = newCells[index];
      const last = parsed.cell.python[parsed.cell.python.length - 1];
      if (fresh && last.end <= change.start && sameRanges(parsed.cell.python, fresh.python)) {
        // Its text is the same in the new version: read from that one, so that old versions of
        // the whole text are not kept alive by the trees of cells nobody edits.
        readsFrom(parsed.tree, program.text);
        unchanged.set(index, parsed.tree);
      }
    });
  }
  const keptTrees = new Set(unchanged.values());
  if (change) {
    rememberLineStartsAfterEdit(previous.text, program.text, change);
    const oldPoint = pointFinder(previous.text);
    const newPoint = pointFinder(program.text);
    const edit = {
      startIndex: change.start,
      oldEndIndex: change.oldEnd,
      newEndIndex: change.newEnd,
      startPosition: oldPoint(change.start),
      oldEndPosition: oldPoint(change.oldEnd),
      newEndPosition: newPoint(change.newEnd),
    };
    const delta = change.newEnd - change.oldEnd;
    // The new cells are in program order: found by their first range's start (a map of every cell was made on each keystroke).
    const newIndexByStart = (start: number): number | undefined => {
      for (let low = 0, high = newCells.length - 1; low <= high; ) {
        const mid = (low + high) >> 1;
        const at = newCells[mid].python[0].start;
        if (at === start) return mid;
        if (at < start) low = mid + 1;
        else high = mid - 1;
      }
      return undefined;
    };
    for (const parsed of previous.parsedCells) {
      if (keptTrees.has(parsed.tree)) continue;
      const start = parsed.cell.python[0].start;
      // Only a tree wholly after the change can be kept with its index (moved).
      const pathBefore = start >= change.oldEnd ? pathBeforeEdit(parsed.tree) : undefined;
      parsed.tree.edit(edit);
      const shifted = start >= change.oldEnd ? start + delta : start;
      // A cell wholly after the change has the same text, moved: the edited tree already has
      // the new offsets, and a tree without errors is what a parse would give (tree-sitter
      // would reuse it whole), so it is taken without one. A tree with errors is reparsed:
      // error recovery can differ between an incremental and a fresh parse.
      const index = start >= change.oldEnd ? newIndexByStart(shifted) : undefined;
      if (index !== undefined && !unchanged.has(index) && sameRanges(parsed.cell.python, newCells[index].python, delta) && !hasError(parsed.tree)) {
        readsFrom(parsed.tree, program.text);
        // Its nodes start at or below the row of its first code (moved when next read, when below the edit).
        moveSyntaxIndex(parsed.tree, edit, pathBefore, oldPoint(start).row);
        unchanged.set(index, parsed.tree);
        continue;
      }
      forgetSyntaxIndex(parsed.tree);
      const ranges = editedRanges(parsed.cell.python, change);
      if (ranges) oldStarts.set(shifted, { tree: parsed.tree, ranges });
      else parsed.tree.delete();
    }
  } else {
    for (const parsed of previous.parsedCells) oldStarts.set(parsed.cell.python[0].start, { tree: parsed.tree, ranges: parsed.cell.python });
  }
  const reused = newCells.map((cell, index) => {
    if (unchanged.has(index)) return undefined;
    const old = oldStarts.get(cell.python[0].start);
    if (!old || !sameRanges(old.ranges, cell.python)) return undefined;
    oldStarts.delete(cell.python[0].start);
    return old.tree;
  });
  for (const { tree } of oldStarts.values()) tree.delete();
  return parseProgram(parser, uri, program, reused, unchanged);
}


const errorsByTree = new WeakMap<Tree, boolean>();

/**
 * Whether a tree holds a syntax error, read once per tree: a moved tree is the same object
 * from one version to the next (an edit that moves it changes no node), and reading its root
 * made a node object per cell after the edit on each keystroke (a tenth of what a keystroke
 * allocated in a 2,000-line notebook).
 */
export function hasError(tree: Tree): boolean {
  let answer = errorsByTree.get(tree);
  if (answer === undefined) errorsByTree.set(tree, (answer = tree.rootNode.hasError));
  return answer;
}

/**
 * A cell's ranges as the edit leaves them: offsets before the change stay, those after it move
 * (an offset where an insertion is made moves with it); undefined when a range starts or ends
 * inside the replaced text.
 */
function editedRanges(ranges: readonly OffsetRange[], change: { start: number; oldEnd: number; newEnd: number }): OffsetRange[] | undefined {
  const delta = change.newEnd - change.oldEnd;
  const edited: OffsetRange[] = [];
  for (const { start, end } of ranges) {
    const from = start < change.start ? start : start >= change.oldEnd ? start + delta : undefined;
    const to = end < change.start ? end : end >= change.oldEnd ? end + delta : undefined;
    if (from === undefined || to === undefined) return undefined;
    edited.push({ start: from, end: to });
  }
  return edited;
}

/** Whether `b` holds the ranges of `a` moved by `delta`. */
function sameRanges(a: readonly OffsetRange[], b: readonly OffsetRange[], delta = 0): boolean {
  return a.length === b.length && a.every((range, index) => range.start + delta === b[index].start && range.end + delta === b[index].end);
}
