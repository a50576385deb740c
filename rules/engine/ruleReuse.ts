import type { Tree } from 'web-tree-sitter';
import { namesBoundAtModuleLevelIn, namesBoundIn } from '../semantic/bindings';
import { callsByNameIn } from '../semantic/semanticModel';
import { SyntaxIndex } from '../semantic/syntaxIndex';
import { detached } from './detachedText';
import { CarriedFacts, carryFactsFor, type OffsetShift } from './carriedFacts';
import { differingStretch } from './programParser';
import type { ReadSet } from './reads';
import type { ParsedCell, SourceDocument } from './sourceDocument';
import type { Report, Rule } from './types';

/**
 * What lintDocument asks when it may keep rules' findings from the previous version of a
 * document (the server, keystroke after keystroke): a rule whose recorded reads (engine/reads)
 * the edit did not touch gives the same reports, moved with the text; the others run.
 */
export interface RuleReuse {
  /** The rule's reports from the previous version, moved to this one; undefined: run the rule. */
  kept(rule: Rule): Report[] | undefined;
  /** What the rule read and reported on this version (a rule that threw is not given). */
  ran(rule: Rule, reads: ReadSet, reports: Report[]): void;
}

/** One version's rules: what each read and reported (reports by range, in program offsets). */
export interface LintedVersion {
  document: SourceDocument;
  /** Settings, configuration and project of the lint: a version linted otherwise keeps nothing. */
  key: string;
  rules: Map<Rule, { reads: ReadSet; reports: Report[] }>;
  /** Facts about parts of the program, kept for the next version (engine/carriedFacts); set by reuseBetween. */
  facts?: CarriedFacts;
}

/** The edit from one version to the next, read once per lint. */
interface EditBetween {
  start: number;
  oldEnd: number;
  newEnd: number;
  /** Trees of the previous version that the new one does not keep (edited, reparsed, dropped). */
  changedTrees: Set<Tree>;
  /** The text of what changed, before and after: the whole cells it is in. */
  oldRegion: string;
  newRegion: string;
  /** The identifiers in the changed text, before and after (read on first need). */
  identifiers: () => ReadonlySet<string>;
  /** The edit adds or removes line breaks: every line number after it moves. */
  linesMoved: boolean;
  /** Whether text outside the Python code changed: the change is not inside one Python range, before and after. */
  outsideCodeChanged: boolean;
  /** Whether the changed trees' import statements differ (or are not known for the old ones). */
  importsChanged: boolean;
  /**
   * When the imports changed and the old ones are known: the import statements that differ,
   * before and after (each with the kinds of nodes around it). The statements before and after
   * them in the changed cells are the same, in the same order: they bind the same names.
   */
  changedImports?: string;
  /** The names the changed trees bind and call, before and after the edit (read on first need). */
  names: () => ChangedNames;
  /** Whether a match of the pattern touches the changed stretch, before or after the edit (see matchTouches). */
  patternTouches: (pattern: RegExp) => boolean;
}

// Python's identifiers (combining marks, `·` and `‿` continue one): a name split apart would not be found.
const IDENTIFIER = /[\p{ID_Start}_][\p{ID_Continue}]*/gu;
const ASCII_IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;
const NON_ASCII = /[^\0-\x7f]/;

/**
 * The identifiers of a text, added to `into`: a changed cell's words, read on a keystroke
 * when a rule that looked names up may be kept. Taken as strings (not match objects), and with
 * an ASCII pattern when the text is ASCII (2.6 times faster than the Unicode one over a 40 KB
 * cell).
 */
function identifiersIn(text: string, into = new Set<string>()): Set<string> {
  for (const word of text.match(NON_ASCII.test(text) ? IDENTIFIER : ASCII_IDENTIFIER) ?? []) into.add(word);
  return into;
}

/** Text around the changed cells that patterns are also tried on (a match may begin before a cell). */
const CONTEXT = 200;

/**
 * The reuse between a previous version and a new document; undefined when the two differ in
 * more than text inside cells (cells added, removed or retyped, `%run` code, line endings),
 * when a version's trees are not apart, or when settings differ.
 */
export function reuseBetween(previous: LintedVersion | undefined, document: SourceDocument, key: string, next: LintedVersion): RuleReuse {
  const edit = previous && previous.key === key ? editBetween(previous.document, document) : undefined;
  // A version linted without an edit to compare: its trees' imports are read for the next one.
  if (!edit) rememberImports(document, document.unrecorded.parsedCells);
  next.facts = edit && previous?.facts ? previous.facts.carried((reads) => unaffected(reads, edit), shiftOf(edit)) : new CarriedFacts();
  carryFactsFor(document, next.facts);
  return {
    kept(rule) {
      if (!previous || !edit) return undefined;
      const entry = previous.rules.get(rule);
      if (!entry || !unaffected(entry.reads, edit)) return undefined;
      const moved = moveReports(entry.reports, edit);
      // Kept for the version after this one too: the trees it read are this version's as well.
      if (moved) next.rules.set(rule, { reads: entry.reads, reports: moved });
      return moved;
    },
    ran(rule, reads, reports) {
      next.rules.set(rule, { reads, reports });
    },
  };
}

function editBetween(before: SourceDocument, after: SourceDocument): EditBetween | undefined {
  const old = before.unrecorded;
  const now = after.unrecorded;
  if (!sameShape(before, after)) return undefined;
  const change = differingStretch(old.text, now.text) ?? { start: old.text.length, oldEnd: old.text.length, newEnd: now.text.length };
  if (/\r/.test(old.text.slice(change.start, change.oldEnd)) || /\r/.test(now.text.slice(change.start, change.newEnd))) return undefined;
  const kept = new Set(now.trees);
  const changedTrees = new Set(old.trees.filter((tree) => !kept.has(tree)));
  const oldTrees = new Set(old.trees);
  // The code parsed anew, the cells around the change that are not Python (a `%sql` or `%pip`
  // cell), and the lines of the change itself (a magic line inside a Python cell).
  const oldCells = [
    ...old.parsedCells.filter((parsed) => changedTrees.has(parsed.tree)).map((parsed) => parsed.cell),
    ...old.program.cells.filter((cell) => cell.python.length === 0 && cell.start <= change.oldEnd && change.start <= cell.end),
    linesAround(old.text, change.start, change.oldEnd),
  ];
  const newCells = [
    ...now.parsedCells.filter((parsed) => !oldTrees.has(parsed.tree)).map((parsed) => parsed.cell),
    ...now.program.cells.filter((cell) => cell.python.length === 0 && cell.start <= change.newEnd && change.start <= cell.end),
    linesAround(now.text, change.start, change.newEnd),
  ];
  const oldRegion = regionsText(old.text, oldCells);
  const newRegion = regionsText(now.text, newCells);
  const oldSurroundings = regionText(old.text, oldCells, CONTEXT);
  const newSurroundings = regionText(now.text, newCells, CONTEXT);
  let identifierSet: Set<string> | undefined;
  const identifiers = () => (identifierSet ??= identifiersIn(oldRegion, identifiersIn(newRegion)));
  // Lines before the change keep their numbers, lines after it move by the difference in line
  // count (counted as the document counts lines: \r, \n and \r\n; a \r next to the change can
  // join or split a break without a \n in the changed stretch).
  const linesMoved = old.lineStarts.length !== now.lineStarts.length;
  // Read now, while the new trees are alive: the next version compares its own with them (the
  // old trees of this edit were edited in place and given to the parser).
  const newParsed = now.parsedCells.filter((parsed) => !oldTrees.has(parsed.tree));
  rememberImports(after, newParsed);
  const oldSignatures = old.parsedCells.filter((parsed) => changedTrees.has(parsed.tree)).map((parsed) => importSignatures.get(parsed.tree));
  const newSignatures = newParsed.map((parsed) => importSignatures.get(parsed.tree));
  const importsChanged = oldSignatures.includes(undefined) || oldSignatures.join(SEPARATOR) !== newSignatures.join(SEPARATOR);
  const changedImports = importsChanged && !oldSignatures.includes(undefined) ? differingStatements(statementsOf(oldSignatures), statementsOf(newSignatures)) : undefined;
  let names: ChangedNames | undefined;
  const changedNames = () =>
    (names ??= namesInChangedTrees(after, old.parsedCells.filter((parsed) => changedTrees.has(parsed.tree)), newParsed, identifiers, importsChanged, changedImports));
  const outsideCodeChanged = !before.pythonHolding(change.start, change.oldEnd) || !after.pythonHolding(change.start, change.newEnd);
  const touched = new Map<RegExp, boolean>();
  const patternTouches = (pattern: RegExp) => {
    let answer = touched.get(pattern);
    if (answer === undefined) touched.set(pattern, (answer = matchTouches(pattern, oldSurroundings) || matchTouches(pattern, newSurroundings)));
    return answer;
  };
  return { ...change, changedTrees, oldRegion, newRegion, identifiers, linesMoved, outsideCodeChanged, importsChanged, changedImports, names: changedNames, patternTouches };
}

/** The import statements of trees' signatures (importStatements), in order. */
function statementsOf(signatures: ReadonlyArray<string | undefined>): string[] {
  return signatures.flatMap((signature) => (signature ? signature.split(STATEMENT_SEPARATOR) : []));
}

/** The statements between the longest common beginning and end of the two lists, before and after. */
function differingStatements(before: readonly string[], after: readonly string[]): string {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return [...before.slice(start, before.length - end), ...after.slice(start, after.length - end)].join('\n');
}

/** What a tree's statements bind (namesBoundIn), the names its import statements hold, and what it calls (callee names), read when the tree was new. */
interface TreeNames {
  bound: ReadonlySet<string>;
  /** Of those, the names bound at module level. */
  boundAtModuleLevel: ReadonlySet<string>;
  imported: ReadonlySet<string>;
  called: ReadonlySet<string>;
}

const treeNames = new WeakMap<Tree, TreeNames>();

/**
 * The names the changed trees bind or call; a tree whose names were not read (the first edit
 * after a document opens) counts with its words. Import statements count only where they
 * changed: an import binding is made of its statement's text and of the nodes around it (the
 * import signature), so an edit elsewhere in a cell that imports `mlflow` leaves every lookup
 * of `mlflow` outside that cell as it was (a lookup from inside the cell read the cell itself),
 * and typing in `from pyspark.ml.evaluation import ...` leaves the lookups of the names the
 * cell's other import statements bind (`changedImports`; the changed trees' every import when
 * the old statements are not known).
 */
class ChangedNames {
  private readonly bound = new Set<string>();
  private readonly boundAtModuleLevel = new Set<string>();
  private readonly called = new Set<string>();
  private unknown = false;

  constructor(
    trees: ReadonlyArray<TreeNames | undefined>,
    private readonly identifiers: () => ReadonlySet<string>,
    importsChanged: boolean,
    changedImports: string | undefined,
  ) {
    // The names of the import statements that differ; all the changed trees' imported names when those are not known.
    const importedNames = importsChanged && changedImports !== undefined ? identifiersIn(changedImports) : undefined;
    if (importedNames) {
      for (const name of importedNames) {
        this.bound.add(name);
        this.boundAtModuleLevel.add(name);
      }
    }
    for (const names of trees) {
      if (!names) this.unknown = true;
      else {
        for (const name of names.bound) this.bound.add(name);
        for (const name of names.boundAtModuleLevel) this.boundAtModuleLevel.add(name);
        if (importsChanged && !importedNames) {
          // An import inside a function binds there: counted at module level too (an over-count only reruns).
          for (const name of names.imported) {
            this.bound.add(name);
            this.boundAtModuleLevel.add(name);
          }
        }
        for (const name of names.called) this.called.add(name);
      }
    }
  }

  binds(name: string): boolean {
    return this.bound.has(name) || (this.unknown && this.identifiers().has(name));
  }

  bindsAtModuleLevel(name: string): boolean {
    return this.boundAtModuleLevel.has(name) || (this.unknown && this.identifiers().has(name));
  }

  calls(name: string): boolean {
    return this.called.has(name) || (this.unknown && this.identifiers().has(name));
  }

  callsMatching(pattern: RegExp): boolean {
    for (const name of this.called) if (matches(pattern, name)) return true;
    if (this.unknown) for (const identifier of this.identifiers()) if (matches(pattern, identifier)) return true;
    return false;
  }
}

function namesInChangedTrees(document: SourceDocument, oldCells: readonly ParsedCell[], newCells: readonly ParsedCell[], identifiers: () => ReadonlySet<string>, importsChanged: boolean, changedImports: string | undefined): ChangedNames {
  if (newCells.length > 0) {
    // Read as the semantic model's index of the program reads them (kept for it), without
    // reading the other trees (whose nodes wait to be moved: moveSyntaxIndex).
    const syntax = new SyntaxIndex(newCells.map((parsed) => parsed.tree), true, document.unrecorded.trees.length > 1);
    for (const { tree } of newCells) {
      const imported = new Set<string>();
      for (const match of (importSignatures.get(tree) ?? '').matchAll(IDENTIFIER)) imported.add(match[0]);
      treeNames.set(tree, { bound: namesBoundIn(tree, syntax), boundAtModuleLevel: namesBoundAtModuleLevelIn(tree, syntax), imported, called: new Set(callsByNameIn(tree, syntax).keys()) });
    }
  }
  return new ChangedNames([...oldCells, ...newCells].map(({ tree }) => treeNames.get(tree)), identifiers, importsChanged, changedImports);
}

const IMPORT_KEYWORD = /\bimport\b/g;
const SEPARATOR = '\u0001';
const STATEMENT_SEPARATOR = '\u0002';
/** Each tree's import statements (see importStatements), read when the tree was new. */
const importSignatures = new WeakMap<Tree, string>();
const IMPORT_STATEMENTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

function rememberImports(document: SourceDocument, cells: readonly ParsedCell[]): void {
  const { text } = document.unrecorded;
  // Kept as long as the tree, over later versions: a signature made of pieces cut from this
  // version's text would keep that whole text alive.
  for (const parsed of cells) if (!importSignatures.has(parsed.tree)) importSignatures.set(parsed.tree, detached(importStatements(text, parsed)));
}

/**
 * The import statements of the cells, in order, each with the kinds of the nodes it lies in:
 * two versions that give the same string import the same names in the same scopes, in the
 * same order among the rest of the code (what the semantic model's imports are made of).
 */
function importStatements(text: string, { cell, tree }: ParsedCell): string {
  const statements: string[] = [];
  const code = text.slice(cell.start, cell.end);
  for (const match of code.matchAll(IMPORT_KEYWORD)) {
    const at = cell.start + match.index;
    const keyword = tree.rootNode.descendantForIndex(at, at + match[0].length);
    const statement = keyword?.parent;
    // `import` in a string, a comment or a name is not a statement's keyword.
    if (keyword?.type !== 'import' || !statement || !IMPORT_STATEMENTS.has(statement.type)) continue;
    const kinds: string[] = [];
    for (let around = statement.parent; around; around = around.parent) kinds.push(around.type);
    statements.push(`${statement.text}\u0000${kinds.join(' ')}`);
  }
  return statements.join(STATEMENT_SEPARATOR);
}

/** The cells are the same kinds in the same order, with the same code brought in, the same line endings. */
function sameShape(before: SourceDocument, after: SourceDocument): boolean {
  const a = before.unrecorded;
  const b = after.unrecorded;
  if (a.program.cells.length !== b.program.cells.length || a.parsedCells.length !== b.parsedCells.length) return false;
  if (a.program.databricks !== b.program.databricks || a.program.source.notebook !== b.program.source.notebook) return false;
  if (a.program.includedUris.join('\n') !== b.program.includedUris.join('\n') || a.program.unresolvedRuns.length !== b.program.unresolvedRuns.length) return false;
  if (before.eol !== after.eol || !before.cellsApart || !after.cellsApart) return false;
  return a.program.cells.every((cell, index) => {
    const other = b.program.cells[index];
    return cell.magic === other.magic && cell.hidden === other.hidden && cell.python.length === other.python.length && !cell.includedBy === !other.includedBy;
  });
}

/** The whole lines from `start` to `end`. */
function linesAround(text: string, start: number, end: number): { start: number; end: number } {
  const lineEnd = text.indexOf('\n', end);
  return { start: text.lastIndexOf('\n', start - 1) + 1, end: lineEnd === -1 ? text.length : lineEnd };
}

/** The texts of the stretches, one after another (a word is looked for in each). */
function regionsText(text: string, stretches: ReadonlyArray<{ start: number; end: number }>): string {
  return stretches.map((stretch) => text.slice(stretch.start, stretch.end)).join('\n');
}

/** The changed stretch of text with some text around it; `start`..`end` is the stretch in `text`. */
interface Surroundings {
  text: string;
  start: number;
  end: number;
}

function regionText(text: string, cells: ReadonlyArray<{ start: number; end: number }>, around: number): Surroundings {
  if (cells.length === 0) return { text: '', start: 0, end: 0 };
  const first = Math.min(...cells.map((cell) => cell.start));
  const last = Math.max(...cells.map((cell) => cell.end));
  const start = Math.max(0, first - around);
  return { text: text.slice(start, Math.min(text.length, last + around)), start: first - start, end: last - start };
}

const globalPatterns = new WeakMap<RegExp, RegExp>();

/**
 * Whether a match of `pattern` touches the changed stretch: one wholly in the text around it
 * is in cells the edit left as they were, with the same nodes around it, before and after.
 */
function matchTouches(pattern: RegExp, surroundings: Surroundings): boolean {
  let global = globalPatterns.get(pattern);
  // Every match, wherever it starts (not only at lastIndex, as a sticky pattern would).
  if (!global) globalPatterns.set(pattern, (global = new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}g`)));
  for (const match of surroundings.text.matchAll(global)) {
    if (match.index > surroundings.end) break;
    if (match.index + match[0].length >= surroundings.start) return true;
  }
  return false;
}

/** Whether nothing the rule read changed with the edit. */
function unaffected(reads: ReadSet, edit: EditBetween): boolean {
  if (reads.all || (reads.lines && edit.linesMoved) || (reads.outsideCode && edit.outsideCodeChanged)) return false;
  for (const tree of reads.trees) if (edit.changedTrees.has(tree)) return false;
  for (const word of reads.words) if (edit.identifiers().has(word)) return false;
  // Searched text is found inside longer names too.
  for (const text of reads.texts) if (edit.oldRegion.includes(text) || edit.newRegion.includes(text)) return false;
  if ((reads.imports || reads.importedNames.size > 0) && edit.importsChanged) {
    if (reads.imports) return false;
    // An import statement that names the module holds its first name: one of those that differ.
    const { changedImports } = edit;
    for (const name of reads.importedNames) {
      if (changedImports !== undefined ? changedImports.includes(name) : edit.oldRegion.includes(name) || edit.newRegion.includes(name)) return false;
    }
  }
  // The costlier questions last: the changed cells' names are read on first need, each
  // pattern is searched once per edit.
  for (const name of reads.boundNames) if (edit.names().binds(name)) return false;
  for (const name of reads.moduleBoundNames) if (edit.names().bindsAtModuleLevel(name)) return false;
  for (const name of reads.calleeNames) if (edit.names().calls(name)) return false;
  for (const pattern of reads.calleePatterns) if (edit.names().callsMatching(pattern)) return false;
  for (const pattern of reads.textPatterns) if (edit.patternTouches(pattern)) return false;
  return true;
}

function matches(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

/** Offsets after the edit move by its length; one inside the changed text has no place. */
function shiftOf(edit: EditBetween): OffsetShift {
  const delta = edit.newEnd - edit.oldEnd;
  return (offset) => (offset < edit.start ? offset : offset > edit.oldEnd ? offset + delta : undefined);
}

/** The reports with their offsets moved past the edit; undefined when one touches it (the rule runs again). */
function moveReports(reports: readonly Report[], edit: EditBetween): Report[] | undefined {
  const shift = shiftOf(edit);
  let touched = false;
  const move = (offset: number) => {
    const moved = shift(offset);
    if (moved === undefined) touched = true;
    return moved ?? offset;
  };
  const moveRange = <T extends { start: number; end: number }>(range: T): T => {
    // A range around the whole change holds changed text: the rule runs again.
    if (range.start < edit.start && range.end > edit.oldEnd) touched = true;
    return { ...range, start: move(range.start), end: move(range.end) };
  };
  const moved = reports.map((report) => ({
    ...report,
    range: report.range && moveRange(report.range),
    fixes: report.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map(moveRange) })),
  }));
  return touched ? undefined : moved;
}
