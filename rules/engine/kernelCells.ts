import { detached } from './detachedText';
import { TextMemo } from './textMemo';
import type { OffsetRange } from './sourceDocument';

/**
 * How one text the user edits (a `.py` file, or one code cell of a Jupyter notebook) splits
 * into the cells a kernel runs, and which of its lines are Python.
 *
 * - A Databricks source export (`# Databricks notebook source`) is many cells separated by
 *   `# COMMAND ----------`; a cell whose first line is `# MAGIC %sql` (`%md`, `%sh`, `%pip`,
 *   `%run`...) is not Python.
 * - A Jupyter code cell is one cell. A first line `%%bash` (any cell magic) or a Databricks
 *   language magic (`%sql`, `%md`, `%sh`, `%scala`, `%r`, `%fs`) makes it not Python; a line
 *   magic or shell escape (`%pip install x`, `!pip install x`, `%run ./setup`) is one line
 *   that is not Python, in a cell that otherwise is.
 * - A plain module is one Python cell (parsed in pieces of whole top-level statements: moduleChunks.ts).
 *
 * Each Python cell is parsed on its own, so a cell that does not parse hides only its own
 * findings, as Databricks and Jupyter run cells one at a time.
 */
export const NOTEBOOK_HEADER = '# Databricks notebook source';
export const CELL_SEPARATOR = '# COMMAND ----------';

export type TextFlavour = 'module' | 'ipython';

/** A `%run ./other` line, or a top-level `from helpers import *`: code that runs at that point and binds names. */
export interface Inclusion {
  kind: 'run' | 'star-import';
  /** `./includes/setup` (arguments dropped), or the module's dotted name (`utils.helpers`, `.helpers`). */
  target: string;
  /** Offset just after the line (and its line break) in the text. */
  at: number;
}

export interface KernelCellSpan extends OffsetRange {
  /** `%sql`, `%md`, `%%bash`... when the whole cell is not Python. */
  magic?: string;
  /** The Python parts of the cell, in order (the whole cell for a plain Python cell). */
  python: OffsetRange[];
  /** An export's `# MAGIC %python` cell: its Python starts after each line's `# MAGIC ` prefix. */
  prefixedPython?: true;
}

export interface TextLayout {
  /** The text is a Databricks source export. */
  databricksExport: boolean;
  cells: KernelCellSpan[];
  inclusions: Inclusion[];
}

const LANGUAGE_MAGICS = new Set(['%sql', '%md', '%md-sandbox', '%sh', '%scala', '%r', '%fs', '%skip', '%lsmagic']);
/** Cell magics whose body is Python that IPython runs (timing it, capturing its output). */
const PYTHON_BODY_CELL_MAGICS = new Set(['%%time', '%%timeit', '%%capture', '%%prun']);
/** `%run` and its options (IPython's `-i`, `-e`, `-t`, `-n`, `-d`, `-p`, `-N 3`); the target follows. */
const RUN_LINE = /^\s*(?:#\s*MAGIC\s+)?%run((?:\s+-[a-zA-Z]+(?:\s+\d+)?)*)\s+("[^"]+"|'[^']+'|\S+)/;
const STAR_IMPORT = /^from\s+(\.*[A-Za-z_][\w.]*|\.+)\s+import\s+\*\s*(?:#.*)?$/;
/** `%time <statement>` at a top-level line's start: the statement is Python (IPython times it). */
const TIMED_STATEMENT = /^%time[ \t]+(?=\S)/;
/** An IPython line magic, shell escape or help query: not Python. */
const IPYTHON_LINE = /^\s*(?:%(?!%)|!|\?)/;

interface Line {
  start: number;
  /** Just after the line break (or the text's end). */
  next: number;
  text: string;
}

function linesOf(text: string, from: number, to: number, most = Infinity): Line[] {
  const lines: Line[] = [];
  let start = from;
  while (start < to && lines.length < most) {
    let end = start;
    while (end < to && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    let next = end;
    if (next < to && text.charCodeAt(next) === 13) next++;
    if (next < to && text.charCodeAt(next) === 10 && (next === end || text.charCodeAt(next - 1) === 13)) next++;
    lines.push({ start, next, text: text.slice(start, end) });
    start = next;
  }
  return lines;
}

export function isDatabricksExport(text: string): boolean {
  return text.replace(/^\uFEFF/, '').startsWith(NOTEBOOK_HEADER);
}

/** A line where a cell's magic can be: not blank, not the cell's title (`# DBTITLE 1,Load the config`), which come before it. */
function mayHoldMagic(line: Line): boolean {
  return line.text.trim() !== '' && !/^#\s*DBTITLE\b/.test(line.text);
}

function cellMagic(lines: readonly Line[], flavour: TextFlavour | 'export'): string | undefined {
  const first = lines.find(mayHoldMagic);
  if (!first) return undefined;
  if (flavour === 'export') return /^#\s*MAGIC\s+(%\S+)/.exec(first.text)?.[1];
  if (flavour === 'module') return undefined;
  const cellMagicName = /^\s*(%%\S+)/.exec(first.text)?.[1];
  if (cellMagicName) return cellMagicName;
  const lineMagic = /^\s*(%[\w-]+)\s*$/.exec(first.text)?.[1] ?? /^\s*(%[\w-]+)\b/.exec(first.text)?.[1];
  return lineMagic && LANGUAGE_MAGICS.has(lineMagic) ? lineMagic : undefined;
}

function addRange(ranges: OffsetRange[], start: number, end: number): void {
  if (end <= start) return;
  const last = ranges[ranges.length - 1];
  if (last && last.end === start) last.end = end;
  else ranges.push({ start, end });
}

/** The kernel cells of one text, its Python parts and the points where `%run` / star imports bring in other code. */
export function layoutOf(text: string, flavour: TextFlavour): TextLayout {
  if (flavour === 'ipython') return layoutByLines(text, flavour);
  return isDatabricksExport(text) ? exportLayout(text) : moduleLayout(text);
}

const STAR_AFTER_IMPORT = /\bimport\s+\*/g;

/**
 * A plain module's layout: one Python cell, with its star imports. Gives what layoutByLines
 * gives, reading only the lines that hold `import *` instead of every line (reading each line
 * into an object was 4% of a CLI run over a repository of plain modules).
 */
function moduleLayout(text: string): TextLayout {
  return { databricksExport: false, cells: [{ start: 0, end: text.length, python: text.length > 0 ? [{ start: 0, end: text.length }] : [] }], inclusions: starImportsIn(text) };
}

/** The star imports of Python text where every line is Python, found from its `import *` places. */
function starImportsIn(text: string): Inclusion[] {
  const inclusions: Inclusion[] = [];
  let lastLine = -1;
  for (const found of text.matchAll(STAR_AFTER_IMPORT)) {
    let start = found.index;
    while (start > 0 && !isLineBreak(text.charCodeAt(start - 1))) start--;
    if (start === lastLine) continue;
    lastLine = start;
    const [line] = linesOf(text, start, text.length, 1);
    const star = STAR_IMPORT.exec(line.text);
    if (star) inclusions.push({ kind: 'star-import', target: star[1], at: line.next });
  }
  return inclusions;
}

/** One kernel cell read from its lines, with the inclusions it holds. */
function readCell(cellLines: readonly Line[], flavour: TextFlavour, databricksExport: boolean, inclusions: Inclusion[]): KernelCellSpan {
  const start = cellLines[0].start;
  const end = cellLines[cellLines.length - 1].next;
  const magic = cellMagic(cellLines, databricksExport ? 'export' : flavour);
  const python: OffsetRange[] = [];
  const escapes = new IPythonEscapes();
  // `%%time` runs the rest of the cell as Python: the magic's own line is left out below.
  const pythonBody = magic !== undefined && PYTHON_BODY_CELL_MAGICS.has(magic);
  // An export's `# MAGIC %python` cell (a Python cell of a notebook whose language is another):
  // Python on every `# MAGIC` line after the magic's, the prefix left out of the parsed ranges.
  if (databricksExport && magic === '%python') return readPrefixedPythonCell(cellLines, start, end, inclusions);
  let bodyStarted = false;
  for (const line of cellLines) {
    const run = RUN_LINE.exec(line.text);
    // Databricks wants %run alone in its cell; IPython takes it on any line of a Python cell.
    // `%run -m module` runs an installed module, not a notebook beside this one.
    if (run && !/-m\b/.test(run[1]) && (magic === undefined || pythonBody ? flavour === 'ipython' : magic === '%run')) {
      inclusions.push({ kind: 'run', target: run[2].replace(/^["']|["']$/g, ''), at: line.next });
    }
    if (magic !== undefined && !pythonBody) continue;
    if (pythonBody && !bodyStarted) {
      bodyStarted = line.text.trim() !== '';
      continue;
    }
    // Databricks runs an export's Python cells in IPython too (Databricks Runtime 11.3 LTS and
    // above): a `!pip install x` or `%time ...` line there is what it is in a Jupyter cell. At a
    // logical line's start, such a line is never Python: left out, it no longer breaks the parse.
    if (flavour === 'ipython' || databricksExport) {
      // `%time model = load(...)` times a statement that IPython runs as Python: that part is Python.
      const timed = escapes.atStatementStart ? TIMED_STATEMENT.exec(line.text) : null;
      if (timed) {
        escapes.isPython(line.text.slice(timed[0].length));
        python.push({ start: line.start + timed[0].length, end: line.next });
        continue;
      }
      if (!escapes.isPython(line.text)) continue;
    }
    addRange(python, line.start, line.next);
    const star = STAR_IMPORT.exec(line.text);
    if (star) inclusions.push({ kind: 'star-import', target: star[1], at: line.next });
  }
  return { start, end, magic: pythonBody ? undefined : magic, python: magic === undefined || pythonBody ? python : [] };
}

const MAGIC_PREFIX = /^\s*#\s*MAGIC ?/;

/**
 * A `# MAGIC %python` cell of an export: each line after the magic's is Python from just after
 * its `# MAGIC ` prefix (the ranges skip the prefixes, so offsets stay those of the file). Line
 * magics and shell escapes inside (`# MAGIC %pip install x`) are not Python, as in a Jupyter cell.
 */
function readPrefixedPythonCell(cellLines: readonly Line[], start: number, end: number, inclusions: Inclusion[]): KernelCellSpan {
  const python: OffsetRange[] = [];
  const escapes = new IPythonEscapes();
  let magicSeen = false;
  for (const line of cellLines) {
    const prefix = MAGIC_PREFIX.exec(line.text);
    const body = prefix ? line.text.slice(prefix[0].length) : line.text;
    if (!magicSeen) {
      magicSeen = prefix !== null && /^%python\b/.test(body.trim());
      continue;
    }
    if (!escapes.isPython(body)) continue;
    const from = line.start + (prefix ? prefix[0].length : 0);
    if (line.next > from) python.push({ start: from, end: line.next });
    const star = STAR_IMPORT.exec(body);
    if (star) inclusions.push({ kind: 'star-import', target: star[1], at: line.next });
  }
  return { start, end, python, prefixedPython: true };
}

/** The layout read line by line: every text but a Databricks export, and the reference for one (exportLayout gives the same). */
export function layoutByLines(text: string, flavour: TextFlavour): TextLayout {
  const databricksExport = flavour === 'module' && isDatabricksExport(text);
  const lines = linesOf(text, 0, text.length);
  const cells: KernelCellSpan[] = [];
  const inclusions: Inclusion[] = [];
  let cellLines: Line[] = [];
  const close = () => {
    if (cellLines.length > 0) cells.push(readCell(cellLines, flavour, databricksExport, inclusions));
    cellLines = [];
  };
  lines.forEach((line, index) => {
    if (databricksExport && index === 0) return;
    if (databricksExport && line.text.trim() === CELL_SEPARATOR) {
      close();
      return;
    }
    cellLines.push(line);
  });
  close();
  // Text with no line at all (an empty cell) is still a cell.
  if (cells.length === 0) cells.push({ start: 0, end: text.length, python: text.length > 0 ? [{ start: 0, end: text.length }] : [] });
  return { databricksExport, cells, inclusions };
}

/** A cell of an export as read on its own, offsets from its start: the same cell text reads the same wherever it is. */
interface ReadExportCell {
  cell: KernelCellSpan;
  inclusions: Inclusion[];
}

/**
 * What is known of an export cell, by its text: its reading (exportLayout) and whether its
 * brackets nest too deep (lintability). One memo for both: they read the same cells, and each
 * memo kept its own copy of every cell's text, memory the server keeps.
 */
export interface ExportCellFacts {
  read?: ReadExportCell;
  tooDeep?: boolean;
}

/** About 2 MB of cell texts: the cells of three 10,000-line notebooks (the server's memory budget is tight). */
const exportCells = new TextMemo<ExportCellFacts>(1_000_000);

/** The facts kept for an export cell's text; `index` is the cell's place in its export (the memo compares the text last seen there first). */
export function exportCellFacts(cell: string, index: number): ExportCellFacts {
  return exportCells.get(cell, noFactsYet, index);
}

/** A cell's record before anything is known of it (one function, not a closure per cell and keystroke). */
function noFactsYet(): ExportCellFacts {
  return {};
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** One export cell read on its own, offsets from its start. */
function readExportCell(cell: string): ReadExportCell {
  const cellInclusions: Inclusion[] = [];
  const read = readPlainExportCell(cell, cellInclusions) ?? readCell(linesOf(cell, 0, cell.length), 'module', true, cellInclusions);
  // Remembered past this version of the document: a name cut from its text would keep the whole text alive.
  if (read.magic !== undefined) read.magic = detached(read.magic);
  return { cell: read, inclusions: cellInclusions.map((inclusion) => ({ ...inclusion, target: detached(inclusion.target) })) };
}

/**
 * A Databricks export's layout, cell by cell: the text is cut at its separator lines (found
 * with indexOf, not by reading every line) and each cell's reading is remembered by its text,
 * so a keystroke reads the edited cell's lines only (reading every line of a 10,000-line
 * notebook took 4 ms a keystroke). Gives what layoutByLines gives.
 */
function exportLayout(text: string): TextLayout {
  const cells: KernelCellSpan[] = [];
  const inclusions: Inclusion[] = [];
  for (const [index, { start, end }] of exportCellRanges(text).entries()) {
    const cellText = text.slice(start, end);
    const facts = exportCellFacts(cellText, index);
    const read = (facts.read ??= readExportCell(cellText));
    cells.push({
      start: read.cell.start + start,
      end: read.cell.end + start,
      ...(read.cell.magic !== undefined ? { magic: read.cell.magic } : {}),
      ...(read.cell.prefixedPython ? { prefixedPython: true as const } : {}),
      python: read.cell.python.map((range) => ({ start: range.start + start, end: range.end + start })),
    });
    for (const inclusion of read.inclusions) inclusions.push({ ...inclusion, at: inclusion.at + start });
  }
  if (cells.length === 0) cells.push({ start: 0, end: text.length, python: text.length > 0 ? [{ start: 0, end: text.length }] : [] });
  return { databricksExport: true, cells, inclusions };
}

/** How many lines a cell's magic is looked for in before the cell is read line by line: titles and blank lines come first. */
const MAGIC_LOOKAHEAD_LINES = 8;
/** A line that could be an IPython escape (`%pip`, `!ls`, `?x`) or a timed statement: such a cell is read line by line. */
const ESCAPE_LIKE_LINE = /^\s*[%!?]/m;

/**
 * What readCell gives for an export's cell, found without reading each line: a cell of another
 * language (`# MAGIC %md`, `%sql`) holds no Python and no inclusion, and a Python cell where no
 * line starts with an escape character is Python throughout, with the star imports that
 * moduleLayout finds. Most cells of an export are one or the other. Undefined for any other cell
 * (`%run`, `%python`, `%%time`, escapes): readCell reads those.
 */
function readPlainExportCell(cell: string, inclusions: Inclusion[]): KernelCellSpan | undefined {
  if (cell.length === 0) return undefined;
  const firstLines = linesOf(cell, 0, cell.length, MAGIC_LOOKAHEAD_LINES);
  // Where the magic would be is past the lines read: left to readCell.
  if (!firstLines.some(mayHoldMagic) && firstLines.length === MAGIC_LOOKAHEAD_LINES) return undefined;
  const magic = cellMagic(firstLines, 'export');
  if (magic !== undefined) {
    if (magic === '%run' || magic === '%python' || PYTHON_BODY_CELL_MAGICS.has(magic)) return undefined;
    return { start: 0, end: cell.length, magic, python: [] };
  }
  if (ESCAPE_LIKE_LINE.test(cell)) return undefined;
  inclusions.push(...starImportsIn(cell));
  return { start: 0, end: cell.length, magic: undefined, python: [{ start: 0, end: cell.length }] };
}

/** The last text cut into cells: the server's lintability check and the layout ask it of the same text in turn. */
let lastCut: { text: string; ranges: readonly OffsetRange[] } | undefined;

/**
 * Where a Databricks export's cells are: the text after the header line, cut at its separator
 * lines (found with indexOf, not by reading every line); empty cells are left out.
 */
export function exportCellRanges(text: string): readonly OffsetRange[] {
  if (lastCut?.text === text) return lastCut.ranges;
  const ranges = cutAtSeparators(text);
  lastCut = { text, ranges };
  return ranges;
}

function cutAtSeparators(text: string): OffsetRange[] {
  const lines = linesOf(text, 0, Math.min(text.length, text.search(/[\n\r]|$/) + 2));
  // Cells start after the header line.
  let cellStart = lines.length > 0 ? lines[0].next : text.length;
  const ranges: OffsetRange[] = [];
  const marker = CELL_SEPARATOR.slice(2);
  for (let at = text.indexOf(marker, cellStart); at !== -1; at = text.indexOf(marker, at + marker.length)) {
    let lineStart = at;
    while (lineStart > 0 && !isLineBreak(text.charCodeAt(lineStart - 1))) lineStart--;
    if (lineStart < cellStart) continue;
    let lineEnd = at + marker.length;
    while (lineEnd < text.length && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
    if (text.slice(lineStart, lineEnd).trim() !== CELL_SEPARATOR) continue;
    if (lineStart > cellStart) ranges.push({ start: cellStart, end: lineStart });
    let next = lineEnd;
    if (next < text.length && text.charCodeAt(next) === 13) next++;
    if (next < text.length && text.charCodeAt(next) === 10 && (next === lineEnd || text.charCodeAt(next - 1) === 13)) next++;
    cellStart = next;
    at = Math.max(at, next - marker.length);
  }
  if (text.length > cellStart) ranges.push({ start: cellStart, end: text.length });
  return ranges;
}

/**
 * The lines of a cell IPython reads as Python: not a line magic, shell escape or help query
 * (`%pip install x`, `!ls`) nor their backslash continuations. IPython reads `%`, `!` and `?` as
 * escapes only where a logical line starts: not inside brackets or a triple-quoted string, nor
 * after a backslash (`("a %s"` then `   % value)`).
 */
class IPythonEscapes {
  private readonly logical = new LogicalLines();
  private continued = false;

  /** Where a statement (or an escape) can start. */
  get atStatementStart(): boolean {
    return !this.continued && this.logical.atLineStart;
  }

  /** Whether the next line is Python; it is read as such when it is. */
  isPython(text: string): boolean {
    const escape = this.continued || (this.logical.atLineStart && IPYTHON_LINE.test(text));
    this.continued = escape && /\\\s*$/.test(text);
    if (!escape) this.logical.read(text);
    return !escape;
  }
}

/** Whether the next line of Python starts a logical line: brackets, triple-quoted strings and backslashes carried over lines. */
export class LogicalLines {
  private depth = 0;
  /** The quote character of the string open at the end of the last line (0: none), and whether it is tripled. */
  private quote = 0;
  private triple = false;
  private backslash = false;

  get atLineStart(): boolean {
    return this.depth === 0 && this.quote === 0 && !this.backslash;
  }

  /** Reads the line `text.slice(start, end)` (given by offsets: a module's lines are read on every keystroke, without a copy each). */
  read(text: string, start = 0, end = text.length): void {
    this.backslash = false;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (this.quote !== 0) {
        if (c === BACKSLASH) i++;
        else if (c === this.quote && (!this.triple || (i + 2 < end && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c))) {
          if (this.triple) i += 2;
          this.quote = 0;
        }
        continue;
      }
      if (c === HASH) return;
      if (c === BACKSLASH) {
        if (i === end - 1) this.backslash = true;
      } else if (c === 40 || c === 91 || c === 123) this.depth++;
      else if ((c === 41 || c === 93 || c === 125) && this.depth > 0) this.depth--;
      else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
        this.triple = i + 2 < end && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
        this.quote = c;
        if (this.triple) i += 2;
      }
    }
    // A one-quote string ends with its line (unless a backslash continues it, which is rare enough to leave).
    if (this.quote !== 0 && !this.triple) this.quote = 0;
  }
}

const BACKSLASH = 92;
const HASH = 35;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
