import type { Node, Tree } from 'web-tree-sitter';
import { HostMap } from './hostMap';
import { giveBackIncludedTree } from './includedTrees';
import { computeLineStarts, lineEndIn, lineStartsOf, positionIn } from './lineStarts';
import type { Program, ProgramCell } from './program';
import { readEverything, readLines, readOutsideCode, readTextPattern, readTexts, readTree } from './reads';
import { namedChildren } from './syntax';

export { computeLineStarts };

/** Zero-based line and UTF-16 character, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

/** Half-open range of UTF-16 offsets into the document text. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** A Python cell of the program and its syntax tree. */
export interface ParsedCell {
  cell: ProgramCell;
  tree: Tree;
}

/**
 * A document as the rules see it: the program text (the code cells in order, with what
 * `%run` brings in), one syntax tree per Python cell, and line arithmetic over the program
 * text. Offsets are UTF-16 code units, which is what web-tree-sitter reports for string input
 * and what LSP positions count; every tree's nodes carry offsets into the program text.
 */
export class SourceDocument {
  private readonly starts: readonly number[];
  private readonly treeList: readonly Tree[];
  private hostMap?: HostMap;
  private moduleStatements?: readonly Node[];
  private innerGaps?: readonly OffsetRange[];
  /**
   * textMatches' answers: the text does not change, and a rule may ask once per finding (MLT401
   * searched the whole text for each of 8,000 transitions).
   */
  private readonly patternMatches = new Map<RegExp, boolean>();
  /** Every Python range of every cell, by start, with its cell: a cell cut by included code has several (made on first need). */
  private ranges?: Array<{ start: number; parsed: ParsedCell }>;

  // What a rule reads here is recorded (engine/reads): the whole text, every cell or tree, and
  // line numbers are recorded as such; a node, a cell or a line is recorded by its tree.
  constructor(
    readonly uri: string,
    private readonly programText: string,
    private readonly cells: readonly ParsedCell[],
    private readonly programRead: Program,
  ) {
    this.starts = lineStartsOf(programText);
    this.treeList = cells.map((parsed) => parsed.tree);
  }

  private get rangeIndex(): Array<{ start: number; parsed: ParsedCell }> {
    if (!this.ranges) {
      const ranges: Array<{ start: number; parsed: ParsedCell }> = [];
      for (const parsed of this.cells) for (const range of parsed.cell.python) ranges.push({ start: range.start, parsed });
      this.ranges = ranges.sort((a, b) => a.start - b.start);
    }
    return this.ranges;
  }

  /** The program text: the code cells in order, with what `%run` brings in. */
  get text(): string {
    readEverything();
    return this.programText;
  }

  get parsedCells(): readonly ParsedCell[] {
    readEverything();
    return this.cells;
  }

  get program(): Program {
    readEverything();
    return this.programRead;
  }

  /** One tree per Python cell, in program order. */
  get trees(): readonly Tree[] {
    readEverything();
    return this.treeList;
  }

  /** Where each line starts: line numbers. */
  get lineStarts(): readonly number[] {
    readLines();
    return this.starts;
  }

  /** For the engine (the adapters, the linter, the semantic layer's own bookkeeping): what rules read through the getters above, without recording it. */
  get unrecorded(): { text: string; parsedCells: readonly ParsedCell[]; program: Program; trees: readonly Tree[]; lineStarts: readonly number[] } {
    return { text: this.programText, parsedCells: this.cells, program: this.programRead, trees: this.treeList, lineStarts: this.starts };
  }

  /** The text between two offsets of one node (recorded as the node's tree). */
  textIn(start: number, end: number): string {
    this.readAround(start);
    return this.programText.slice(start, end);
  }

  /** Whether an offset is in the user's own text, not in code that `%run` or a star import brings in (the same while the cells keep their kinds). */
  inUserText(offset: number): boolean {
    return this.hostMapOf().range({ start: offset, end: offset }) !== undefined;
  }

  /** Whether the program text matches `pattern` (a non-global one), recorded as a pattern searched in the text. */
  textMatches(pattern: RegExp): boolean {
    readTextPattern(pattern);
    let matches = this.patternMatches.get(pattern);
    if (matches === undefined) {
      pattern.lastIndex = 0;
      matches = pattern.test(this.programText);
      this.patternMatches.set(pattern, matches);
    }
    return matches;
  }

  /** Whether the program text holds `needle` anywhere, recorded as text searched for. */
  textIncludes(needle: string): boolean {
    readTexts([needle]);
    return this.programText.includes(needle);
  }

  /** Where `needle` first occurs in the program text (code that `%run` brings in included, where it runs); -1 when nowhere. */
  firstIndexOf(needle: string): number {
    readTexts([needle]);
    return this.programText.indexOf(needle);
  }

  /**
   * Whether each parsed cell's code ends before the next one's begins: no tree lies inside
   * another's span (an IPython `%run` or a star import inside a cell puts included code there).
   * Then a node's tree is the only one around it. A fact of the cells' layout: not recorded.
   */
  get cellsApart(): boolean {
    if (this.apart === undefined) {
      this.apart = true;
      for (let i = 1; i < this.cells.length && this.apart; i++) {
        const before = this.cells[i - 1].cell.python;
        if (before[before.length - 1].end > this.cells[i].cell.python[0].start) this.apart = false;
      }
    }
    return this.apart;
  }

  private apart?: boolean;

  /** Records the tree whose Python holds `offset`, or the text outside the code when no tree's Python does (a markdown or magic cell). */
  private readAround(offset: number): void {
    const parsed = this.pythonHolding(offset, offset);
    if (parsed) readTree(parsed.tree);
    else readOutsideCode();
  }

  /**
   * The parsed cell one of whose Python ranges holds `start`..`end` (undefined when the stretch
   * is not inside one range: a magic cell, a separator). A fact of the cells' layout: not recorded.
   */
  pythonHolding(start: number, end: number): ParsedCell | undefined {
    const parsed = this.cellBefore(start);
    return parsed?.cell.python.some((range) => range.start <= start && end <= range.end) ? parsed : undefined;
  }

  /** Between program offsets and the user's text (a file, or a notebook's cells). */
  get host(): HostMap {
    readEverything();
    return this.hostMapOf();
  }

  private hostMapOf(): HostMap {
    return (this.hostMap ??= new HostMap(this.programRead));
  }

  /** The root nodes of the Python cells, in program order. */
  get roots(): Node[] {
    readEverything();
    return this.treeList.map((tree) => tree.rootNode);
  }

  /** The parsed cell whose Python holds `offset` (between cells: the one before it). */
  parsedCellAt(offset: number): ParsedCell | undefined {
    const parsed = this.cellBefore(offset);
    if (parsed) readTree(parsed.tree);
    return parsed;
  }

  /** The parsed cell with the last Python range starting at or before `offset` (not recorded). */
  private cellBefore(offset: number): ParsedCell | undefined {
    const ranges = this.rangeIndex;
    let low = 0;
    let high = ranges.length - 1;
    let found = 0;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (ranges[mid].start <= offset) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return ranges[found]?.parsed;
  }

  /** The stretches of the text outside every parsed Python range (markdown and magic cells, separators), in order. */
  get outsidePython(): readonly OffsetRange[] {
    readEverything();
    if (!this.gaps) {
      const gaps: OffsetRange[] = [];
      let from = 0;
      for (const { start, parsed } of this.rangeIndex) {
        const range = parsed.cell.python.find((candidate) => candidate.start === start)!;
        if (start > from) gaps.push({ start: from, end: start });
        from = Math.max(from, range.end);
      }
      if (from < this.programText.length) gaps.push({ start: from, end: this.programText.length });
      this.gaps = gaps;
    }
    return this.gaps;
  }

  /**
   * The stretches outside Python that lie inside a tree's span: between two Python ranges of
   * the cell nodeAt looks in there (an IPython escape line inside a cell, the `# MAGIC `
   * prefixes of an export's `%python` cell). Only there can a node hold an offset outside
   * Python; a markdown or SQL cell between two cells lies in none.
   */
  get gapsInsideTrees(): readonly OffsetRange[] {
    readEverything();
    return (this.innerGaps ??= this.outsidePython.filter((gap) => {
      const python = this.parsedCellAt(gap.start)?.cell.python;
      return !!python && python.length > 1 && python[python.length - 1].end > gap.start && python[0].start < gap.start;
    }));
  }

  private gaps?: OffsetRange[];

  /** The smallest node spanning `start`..`end`, in the tree of the cell that holds `start`. */
  nodeAt(start: number, end = start): Node | null {
    this.readAround(start);
    return this.parsedCellAt(start)?.tree.rootNode.descendantForIndex(start, end) ?? null;
  }

  /**
   * The statements of a block, in order; for a cell's `module` node, the top-level statements
   * of every cell of the user's text: what ran before at module level ran in earlier cells too.
   * A `%run` setup notebook's statements are left out: its checks are about its own code.
   */
  statementsIn(block: Node): readonly Node[] {
    if (block.type === 'module') {
      readEverything();
      // Asked for each node whose parent walk reaches its cell's module: read the cells once.
      return (this.moduleStatements ??= this.cells.filter((parsed) => !parsed.cell.hidden).flatMap((parsed) => namedChildren(parsed.tree.rootNode)));
    }
    // Asked for each finding inside the block: a block of thousands of statements is read once.
    let statements = this.blockStatements.get(block.id);
    if (!statements) this.blockStatements.set(block.id, (statements = namedChildren(block)));
    return statements;
  }

  private readonly blockStatements = new Map<number, Node[]>();

  /**
   * The top-level statements of the user's cells (as statementsIn gives a module's) whose text
   * holds a match of `pattern` (a global one), in order: the few that can matter (an `if` on a
   * Unity Catalog check) without reading every cell. Recorded as the pattern searched for.
   */
  moduleStatementsMatching(pattern: RegExp): readonly Node[] {
    readTextPattern(pattern);
    let found = this.matchingStatements.get(pattern);
    if (found) return found;
    found = [];
    for (const parsed of this.cells) {
      if (parsed.cell.hidden) continue;
      let statements: Node[] | undefined;
      let last: Node | undefined;
      for (const range of parsed.cell.python) {
        for (const match of this.programText.slice(range.start, range.end).matchAll(pattern)) {
          statements ??= namedChildren(parsed.tree.rootNode);
          const statement = statementAt(statements, range.start + match.index);
          if (statement && statement !== last) found.push((last = statement));
        }
      }
    }
    this.matchingStatements.set(pattern, found);
    return found;
  }

  private readonly matchingStatements = new Map<RegExp, Node[]>();

  /** The top-level statement of a user's cell that holds `offset` (recorded as that cell's tree). */
  topLevelStatementAt(offset: number): Node | undefined {
    const parsed = this.parsedCellAt(offset);
    if (!parsed || parsed.cell.hidden) return undefined;
    return statementAt(namedChildren(parsed.tree.rootNode), offset);
  }

  /**
   * Where code is, for a message, in the user's terms: `on line 12`, in a notebook `on line 2
   * of cell 3` (1-based, every cell counted); code that `%run` or a star import brought in has
   * no line here.
   */
  whereIs(offset: number): string {
    return this.whereAre([offset]);
  }

  /** As whereIs, for a parenthesis: `line 12`, `line 2 of cell 3`. */
  lineOf(offset: number): string {
    return this.whereIs(offset).replace(/^on /, '');
  }

  /** As whereIs for several places: `on lines 3, 5 and 7`, `on line 2 of cell 3 and line 1 of cell 5`. */
  whereAre(offsets: readonly number[]): string {
    readLines();
    const places: Array<{ cell?: number; line: number }> = [];
    const elsewhere = new Set<string>();
    for (const offset of offsets) {
      const where = this.hostMapOf().range({ start: offset, end: offset });
      if (!where) {
        const by = this.programRead.cells.find((cell) => cell.hidden && cell.start <= offset && offset <= cell.end)?.includedBy;
        elsewhere.add(!by ? 'in code that %run brings in' : by.kind === 'run' ? `in ${by.target}, which %run runs` : `in ${by.target}, imported with *`);
        continue;
      }
      const place = { cell: this.programRead.source.notebook ? where.cell + 1 : undefined, line: this.hostMapOf().position(where.cell, where.range.start).line + 1 };
      if (!places.some((other) => other.cell === place.cell && other.line === place.line)) places.push(place);
    }
    const join = (parts: string[]) => (parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);
    const parts: string[] = [];
    if (places.length > 0) {
      parts.push(
        places.every((place) => place.cell === undefined)
          ? `on ${places.length === 1 ? 'line' : 'lines'} ${join(places.map((place) => String(place.line)))}`
          : `on ${join(places.map((place) => `line ${place.line} of cell ${place.cell}`))}`,
      );
    }
    parts.push(...elsewhere);
    return parts.join(' and ');
  }

  /** Frees the trees (they live in wasm memory); a tree lent by an IncludedTreeCache goes back to it. */
  delete(): void {
    for (const tree of this.treeList) if (!giveBackIncludedTree(tree)) tree.delete();
  }

  get lineCount(): number {
    readLines();
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    readLines();
    return positionIn(this.starts, this.programText.length, offset);
  }

  offsetAt(position: Position): number {
    readLines();
    if (position.line >= this.starts.length) return this.programText.length;
    const lineStart = this.starts[Math.max(0, position.line)];
    return Math.min(lineStart + position.character, this.lineEnd(position.line));
  }

  /** Text of a zero-based line, without its line break. */
  lineText(line: number): string {
    return this.programText.slice(this.starts[line], this.lineEnd(line));
  }

  /** Offset just before the line break of a zero-based line. */
  lineEnd(line: number): number {
    readLines();
    if (line >= 0 && line < this.starts.length) this.readAround(this.starts[line]);
    else readEverything();
    return lineEndIn(this.programText, this.starts, line);
  }

  /** The leading whitespace of the line holding `offset`. */
  indentationAt(offset: number): string {
    this.readAround(offset);
    const line = positionIn(this.starts, this.programText.length, offset).line;
    return /^[ \t]*/.exec(this.programText.slice(this.starts[line], lineEndIn(this.programText, this.starts, line)))![0];
  }

  /** The line break this document uses (for edits that add lines): the same while no edit adds or removes a carriage return (ruleReuse checks). */
  get eol(): string {
    return this.programText.includes('\r\n') ? '\r\n' : '\n';
  }
}

/** The statement of a list in document order that holds `offset`. */
function statementAt(statements: readonly Node[], offset: number): Node | undefined {
  let low = 0;
  let high = statements.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (statements[mid].endIndex <= offset) low = mid + 1;
    else if (statements[mid].startIndex > offset) high = mid - 1;
    else return statements[mid];
  }
  return undefined;
}
