import type { Node } from 'web-tree-sitter';
import { SemanticModel } from '../semantic/semanticModel';
import { applyEdits, ChosenEdits } from './edits';
import { guardFixes } from './fixGuard';
import { hiddenHelpers } from './hiddenHelpers';
import { type OwnCode, triggeredRules } from './triggers';
import { isTestCodeUri } from '../semantic/testCode';
import type { PythonParser } from './parser';
import type { IncludedTreeCache } from './includedTrees';
import type { SourceDocument } from './sourceDocument';
import { forgetLastLintability, reasonNotToLint, reasonNotToLintCells, reasonNotToLintProgram, reasonNotToScanCells, reasonNotToScanProgram } from './lintability';
import { buildProgram, hostPosition, type InclusionReader, type Program, type ProgramSource } from './program';
import { compiles } from './cellCompiles';
import { fileSource, parseProgramOnce, parseSource } from './programParser';
import { readSuppressions } from './suppressions';
import { ReadSet, recordReads, unrecorded } from './reads';
import type { RuleReuse } from './ruleReuse';
import {
  DEFAULT_LINT_SETTINGS,
  type Finding,
  type Fix,
  type FixSafety,
  type LintSettings,
  NO_PROJECT,
  type ProjectContext,
  type Report,
  type Rule,
  type Severity,
} from './types';

export type RuleSetting = Severity | 'off';

export interface LintOptions {
  /** Per-rule severity or "off", by id or name (the `mltraps.rules` setting). */
  ruleSettings?: Readonly<Record<string, RuleSetting>>;
  /** Only these rules (ids, names or id prefixes such as `MLT1`). */
  select?: readonly string[];
  /** Not these rules (ids, names or id prefixes). */
  ignore?: readonly string[];
  settings?: Partial<LintSettings>;
  /**
   * Where the semantic model comes from: the server shares one per parsed version between
   * diagnostics, hovers and inlay hints. By default each lint builds its own, on first use.
   */
  semanticModel?: (document: SourceDocument, declaredRegistry: LintSettings['declaredRegistry']) => SemanticModel;
  /** The file's surroundings (which modules are the project's own); none by default. */
  project?: ProjectContext;
  /** Called when a rule throws: the rule is skipped for this document, the others still run. */
  onRuleError?: (rule: Rule, error: unknown) => void;
  /** Keeps rules' findings from the previous version where the edit changed nothing they read (the server). */
  reuse?: RuleReuse;
}

export { MAX_LINT_LENGTH, reasonNotToLint, reasonNotToLintCells, reasonNotToLintProgram, rememberWithinLimits } from './lintability';

export interface LintResult {
  findings: Finding[];
  /** Why the text was not linted (too large), if it was not. */
  skipped?: string;
}

/** Whether one of the patterns (id, id prefix such as `MLT4`, or name) names the rule. */
export function matchesRule(rule: Rule, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const p = pattern.trim();
    return p !== '' && (rule.meta.id.startsWith(p.toUpperCase()) || rule.meta.name === p);
  });
}

/** The rules that run with `options`, with their effective severity. */
export function activeRules(rules: readonly Rule[], options: LintOptions = {}): Array<{ rule: Rule; severity: Severity }> {
  const result: Array<{ rule: Rule; severity: Severity }> = [];
  for (const rule of rules) {
    if (options.select && options.select.length > 0 && !matchesRule(rule, options.select)) continue;
    if (options.ignore && matchesRule(rule, options.ignore)) continue;
    const setting = options.ruleSettings?.[rule.meta.id] ?? options.ruleSettings?.[rule.meta.name];
    if (setting === 'off') continue;
    result.push({ rule, severity: setting ?? rule.meta.severity });
  }
  return result;
}

/**
 * Whether a program text (the user's code with what `%run` and star imports bring in) can
 * produce a finding with `options`: some enabled rule's trigger word occurs in it, and when the
 * program has hidden cells (`program`), one such rule's words occur in the user's own code too
 * (OWN_CODE_GATE). When not, lintDocument would return nothing, so the text need not be parsed
 * at all; in a real repository most modules never mention the APIs the rules are about.
 */
export function canAnyRuleFire(programText: string, rules: readonly Rule[], options: LintOptions = {}, cellStarts?: readonly number[], uri?: string, program?: Program): boolean {
  if (reasonNotToLint(programText)) return false;
  return rulesToRun(programText, rules, options, cellStarts, uri !== undefined && isTestCodeUri(uri), program).length > 0;
}

/**
 * OWN_CODE_GATE. A notebook that `%run`s a setup is linted with the setup's code (what it
 * defines, the registry it sets), but findings are only reported in the notebook's own code.
 * Where that code mentions no word, in any of their lists, of the rules the program triggers
 * (SQL and data preparation that runs a setup full of MLflow helpers), the rules ran over the
 * setup again for nothing: in 17 corpora of public repositories, 549 notebooks were linted only
 * for their setup's words, and none had a finding. The 203 of them that mention no word and call
 * no such helper (below) are not parsed now, and no finding of those corpora changed.
 * A call of a function the setup defines whose definition mentions such a word (a `promote()`
 * helper that calls transition_model_version_stage), directly or through another, counts as a
 * mention. What can be lost: a finding in own code that uses only values the setup makes and none
 * of the rules' words (`model.predict(batch)` where the setup loaded the model and collected the batch).
 */
function ownCodeOf(program: Program | undefined): OwnCode | undefined {
  if (!program?.cells.some((cell) => cell.hidden)) return undefined;
  return { ranges: program.segments, helpers: () => hiddenHelpers(program.text, program.cells) };
}

let lastRulesToRun:
  | { text: string; rules: readonly Rule[]; options: LintOptions; testFile: boolean; program: Program | undefined; active: Array<{ rule: Rule; severity: Severity }> }
  | undefined;

/**
 * The enabled rules whose trigger words occur in `text` (in a test file, `testFile`, their
 * testFileTriggers too), none unless `program`'s own code passes OWN_CODE_GATE; the CLI
 * asks twice per file (canAnyRuleFire, lintDocument).
 */
function rulesToRun(
  text: string,
  rules: readonly Rule[],
  options: LintOptions,
  cellStarts: readonly number[] | undefined,
  testFile: boolean,
  program: Program | undefined,
): Array<{ rule: Rule; severity: Severity }> {
  const last = lastRulesToRun;
  if (last && last.text === text && last.rules === rules && last.options === options && last.testFile === testFile && last.program === program) return last.active;
  const active = triggeredRules(activeRules(rules, options), text, cellStarts, testFile, ownCodeOf(program), options.settings?.declaredRegistry);
  lastRulesToRun = { text, rules, options, testFile, program, active };
  return active;
}

/** Where the trigger scan's pieces start: each cell, and each piece of a plain module parsed on its own (all at line starts). */
function pieceStarts(document: SourceDocument): number[] {
  const { program, parsedCells } = document.unrecorded;
  // Both lists are in program order: merged, without the Set, spread and sort a long notebook paid on each keystroke.
  const starts: number[] = [];
  let cell = 0;
  let piece = 0;
  while (cell < program.cells.length || piece < parsedCells.length) {
    const next = piece >= parsedCells.length || (cell < program.cells.length && program.cells[cell].start <= parsedCells[piece].cell.start) ? program.cells[cell++].start : parsedCells[piece++].cell.start;
    if (starts.length === 0 || starts[starts.length - 1] !== next) starts.push(next);
  }
  return starts;
}

/** Run the rules over one parsed document. Never throws because of a rule. */
export function lintDocument(document: SourceDocument, rules: readonly Rule[], options: LintOptions = {}): Finding[] {
  const declined = reasonNotToLint(document.text);
  const active = declined ? [] : rulesToRun(document.text, rules, options, pieceStarts(document), isTestCodeUri(document.uri), document.unrecorded.program);
  // The answers about this text were remembered for this call (the CLI asks before parsing):
  // they are not asked for again and should not keep the text alive.
  forgetLastLintability();
  lastRulesToRun = undefined;
  if (active.length === 0) return [];
  const enabledNames = new Set(activeRules(rules, options).flatMap(({ rule }) => [rule.meta.id, rule.meta.name]));
  const isRuleActive = (idOrName: string) => enabledNames.has(idOrName) || enabledNames.has(idOrName.toUpperCase());
  const program = document.unrecorded.program;
  const hasHiddenCode = program.cells.some((cell) => cell.hidden);
  // Where the program holds included code: a node there has no place in the user's text.
  const reportsAt = (node: Node) => !hasHiddenCode || hostPosition(program, node.startIndex) !== undefined;
  // Built on first use: a file on which no triggered rule looks at names costs only the parse.
  let model: SemanticModel | undefined;
  let suppressions: ReturnType<typeof readSuppressions> | undefined;
  const settings: LintSettings = { ...DEFAULT_LINT_SETTINGS, ...options.settings };
  const host = document.host;
  const notebook = document.program.source.notebook;
  // A notebook cell that does not compile never runs: what its code would do is not what
  // happens, and error recovery can read a string's text as code. Its findings are hidden; the
  // other cells' are not (a module is one program: its pieces are not cells). engine/cellCompiles
  // also knows the Python 2 and layout shapes that the grammar accepts and Python 3 refuses.
  const cellsRun = notebook || document.program.databricks;
  // Nothing after an unconditional `dbutils.notebook.exit(...)` runs: the notebook ends there.
  const endsAt = unrecorded(() => notebookExitOffset(document));
  const findings: Finding[] = [];
  for (const { rule, severity } of active) {
    const found: Finding[] = [];
    // Runs while the rule's reads are recorded: what it reads here is the engine's, not the rule's.
    const report = (entry: Report) => unrecorded(() => {
      const range = entry.range ?? (entry.node ? { start: entry.node.startIndex, end: entry.node.endIndex } : undefined);
      if (!range) return;
      // Code that %run or a star import brought in is analysed, never reported on.
      const where = host.range(range);
      if (!where) return;
      const parsed = cellsRun && !entry.aboutText ? document.pythonHolding(range.start, range.start) : undefined;
      if (parsed && !compiles(parsed.tree, document.unrecorded.text)) return;
      // Code that never runs does nothing; a token in its text is still in the file (aboutText).
      if (endsAt !== undefined && range.start >= endsAt && !entry.aboutText) return;
      suppressions ??= readSuppressions(document);
      if (suppressions.isSuppressed(rule.meta.id, rule.meta.name, document.positionAt(range.start).line, document.positionAt(range.end).line)) return;
      // A finding-level severity (e.g. "error for an unknown stage") applies only where the
      // user kept the rule's default.
      const effective = entry.severity && severity === rule.meta.severity ? entry.severity : severity;
      const fixes: Fix[] = [];
      for (const fix of guardFixes(document, range, entry.fixes ?? [])) {
        const edits = host.edits(fix.edits);
        if (edits) fixes.push({ ...fix, edits });
      }
      found.push({
        ruleId: rule.meta.id,
        ruleName: rule.meta.name,
        severity: effective,
        message: entry.message,
        ...(notebook ? { cell: where.cell } : {}),
        range: where.range,
        start: host.position(where.cell, where.range.start),
        end: host.position(where.cell, where.range.end),
        fixes,
      });
    });
    const kept = options.reuse?.kept(rule);
    if (kept) {
      for (const entry of kept) report(entry);
      findings.push(...found);
      continue;
    }
    const reads = new ReadSet();
    const reported: Report[] = [];
    try {
      const check = () =>
        rule.check({
          document,
          get model() {
            model ??= unrecorded(() => (options.semanticModel ? options.semanticModel(document, settings.declaredRegistry) : new SemanticModel(document, settings.declaredRegistry)));
            return model;
          },
          settings,
          project: options.project ?? NO_PROJECT,
          isRuleActive,
          reportsAt,
          report: options.reuse ? (entry) => (reported.push(byRange(entry)), report(entry)) : report,
        });
      if (options.reuse) recordReads(reads, check);
      else check();
      options.reuse?.ran(rule, reads, reported);
      findings.push(...found);
    } catch (error) {
      options.onRuleError?.(rule, error);
    }
  }
  return findings.sort((a, b) => (a.cell ?? 0) - (b.cell ?? 0) || a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
}

const NOTEBOOK_EXIT = /\bnotebook\s*\.\s*exit\s*\(/g;

/**
 * Where the user's code stops running: the end of the first statement of a cell's top level
 * that is a call of `dbutils.notebook.exit(...)` (not one under an `if`, a `try` or in a
 * function). The MLOps Stacks template's validation notebook exits unconditionally before
 * its model loads (h69h: six stage URIs reported in code that never runs).
 */
function notebookExitOffset(document: SourceDocument): number | undefined {
  if (!document.textIncludes('notebook.exit')) return undefined;
  for (const statement of document.moduleStatementsMatching(NOTEBOOK_EXIT)) {
    const call = statement.type === 'expression_statement' && statement.namedChildCount === 1 ? statement.namedChild(0) : null;
    const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
    if (callee && /^dbutils\s*\.\s*notebook\s*\.\s*exit$/.test(callee.text)) return statement.endIndex;
  }
  return undefined;
}

/** A report with its node replaced by the node's range: kept across versions, a node would not move with the text. */
function byRange(entry: Report): Report {
  if (!entry.node) return entry;
  const { node, ...rest } = entry;
  return { ...rest, range: entry.range ?? { start: node.startIndex, end: node.endIndex } };
}

/** How a lint reads what `%run` lines and project star imports bring in (the adapters know the disk). */
export interface SourceOptions {
  readInclusion?: InclusionReader;
}

/** The rule whose fix fixAllSource applied (once per applied fix). */
export interface FixedRule {
  ruleId: string;
  ruleName: string;
}

/**
 * Parses and lints texts; keeps nothing between calls (the server keeps trees itself), except,
 * when `includedTrees` is given (a CLI run), the trees of `%run` code many notebooks share.
 */
export class Linter {
  constructor(
    readonly parser: PythonParser,
    readonly rules: readonly Rule[],
    private readonly includedTrees?: IncludedTreeCache,
  ) {}

  /** Frees what the linter keeps between calls (the trees of shared `%run` code). */
  dispose(): void {
    this.includedTrees?.dispose();
  }

  /** Parses a `.py` file's text (a module or a Databricks export). */
  parse(uri: string, text: string, options: SourceOptions = {}): SourceDocument {
    return this.parseSource(fileSource(uri, text), options);
  }

  parseSource(source: ProgramSource, options: SourceOptions = {}): SourceDocument {
    return parseSource(this.parser, source, options.readInclusion);
  }

  lintText(uri: string, text: string, options: LintOptions & SourceOptions = {}): LintResult {
    return this.lintSource(fileSource(uri, text), options);
  }

  /** Lints a file or a notebook's cells: findings are in the user's coordinates (with the cell for a notebook). */
  lintSource(source: ProgramSource, options: LintOptions & SourceOptions = {}): LintResult {
    const codeCells = source.cells.filter((cell) => cell.kind === 'code').map((cell) => cell.text);
    const skipped = reasonNotToScanCells(codeCells);
    if (skipped) return { findings: [], skipped };
    // The program (with its inclusions) is built first: when no enabled rule's trigger word
    // occurs in it, no rule can report anything, and the parse is skipped.
    const program = buildProgram(source, options.readInclusion);
    const skippedProgram = reasonNotToScanProgram(program.text);
    if (skippedProgram) return { findings: [], skipped: skippedProgram };
    // Scanned cell by cell, each cell's words remembered by its text: the setup notebooks that
    // most notebooks of a repository `%run` are scanned once per run.
    const starts = program.cells.map((cell) => cell.start);
    if (rulesToRun(program.text, this.rules, options, starts, isTestCodeUri(source.uri), program).length === 0) return { findings: [] };
    // The bracket depth only now, for a text about to be parsed (reasonNotToScanCells).
    const tooDeep = reasonNotToLintCells(codeCells) ?? reasonNotToLintProgram(program.text);
    if (tooDeep) return { findings: [], skipped: tooDeep };
    const document = parseProgramOnce(this.parser, source.uri, program, this.includedTrees);
    try {
      return { findings: lintDocument(document, this.rules, options) };
    } finally {
      // web-tree-sitter trees live in wasm memory: free them when nobody keeps them.
      document.delete();
    }
  }

  /**
   * Apply fixes until none is left (at most 10 rounds, as ESLint does): each round takes the
   * first fix of every finding whose edits do not overlap an earlier one, then re-lints.
   * Unsafe fixes only with `includeUnsafe`.
   */
  fixAll(uri: string, text: string, options: LintOptions & SourceOptions & { includeUnsafe?: boolean } = {}): { text: string; applied: number } {
    const fixed = this.fixAllSource(fileSource(uri, text), options);
    return { text: fixed.cells[0], applied: fixed.applied };
  }

  /**
   * fixAll for a file or a notebook: the new text of every cell (unchanged ones as they were),
   * and the rule of each applied fix (the CLI's --show-fixes counts them per rule).
   */
  fixAllSource(source: ProgramSource, options: LintOptions & SourceOptions & { includeUnsafe?: boolean } = {}): { cells: string[]; applied: number; fixedRules: FixedRule[] } {
    let current = source;
    let applied = 0;
    const fixedRules: FixedRule[] = [];
    const allowed: FixSafety[] = options.includeUnsafe ? ['safe', 'unsafe'] : ['safe'];
    for (let round = 0; round < 10; round++) {
      const { findings } = this.lintSource(current, options);
      const taken = new ChosenEdits();
      const claimed = new Set<string>();
      const chosenRules: FixedRule[] = [];
      for (const finding of findings) {
        const fix = finding.fixes.find((candidate) => allowed.includes(candidate.safety));
        if (!fix || taken.overlaps(fix.edits) || fix.claims?.some((claim) => claimed.has(claim))) continue;
        taken.add(fix.edits);
        for (const claim of fix.claims ?? []) claimed.add(claim);
        chosenRules.push({ ruleId: finding.ruleId, ruleName: finding.ruleName });
      }
      const count = chosenRules.length;
      if (count === 0) break;
      const cells = current.cells.map((cell, index) => {
        const edits = taken.inCell(index);
        return edits.length === 0 ? cell : { ...cell, text: applyEdits(cell.text, edits) };
      });
      if (cells.every((cell, index) => cell.text === current.cells[index].text)) break;
      current = { ...current, cells };
      applied += count;
      fixedRules.push(...chosenRules);
    }
    return { cells: current.cells.map((cell) => cell.text), applied, fixedRules };
  }
}
