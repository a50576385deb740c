import { performance } from 'node:perf_hooks';
import { allRules } from '../../rules';
import { applyEdits } from '../../rules/engine/edits';
import { Linter, lintDocument, reasonNotToLintCells } from '../../rules/engine/linter';
import { loadPythonParser } from '../../rules/engine/parser';
import type { ProgramSource } from '../../rules/engine/program';
import { fileSource } from '../../rules/engine/programParser';
import { computeLineStarts, type SourceDocument } from '../../rules/engine/sourceDocument';
import type { Finding, Fix, Rule } from '../../rules/engine/types';
import type { LintedDocument } from '../../server/documentLinter';
import { hoverAt } from '../../server/hover';
import { inlayHintsIn } from '../../server/inlayHints';
import { readNotebookFile } from '../../server/notebookFiles';
import { semanticModelOf } from '../../server/semanticModels';
import { DEFAULT_SETTINGS } from '../../server/settings';
import type { FuzzInput } from './inputs';
import { Random } from './random';

/**
 * One fuzz input through the engine the way the CLI and the server use it: read (a notebook's
 * JSON), parse, lint, hovers at random places (server/hover.ts, with the exam-hint lookup),
 * inlay hints, every fix one by one and fix-all. Each operation is timed; a throw, a rule that
 * fails, a fix whose finding is still there after it, and a fix that breaks code that parsed
 * are failures.
 */

export interface Engine {
  linter: Linter;
  rules: readonly Rule[];
}

export async function loadEngine(): Promise<Engine> {
  return { linter: new Linter(await loadPythonParser(), allRules), rules: allRules };
}

export type FailureKind = 'crash' | 'rule-error' | 'fix-kept-finding' | 'fix-broke-parse' | 'incremental-mismatch' | 'hang';

export interface Failure {
  kind: FailureKind;
  /** Same key, same failure: what shrinking keeps (the operation, the rule). */
  key: string;
  detail: string;
}

export interface Timing {
  operation: string;
  ms: number;
}

export interface InputResult {
  timings: Timing[];
  failures: Failure[];
  findings: number;
  /** Why the engine declined the input (not a notebook, too large, nested too deep). */
  skipped?: string;
}

export interface CheckOptions {
  /** Hovers at random places per input. */
  hovers: number;
  /** At most this many findings have their fixes checked one by one. */
  fixChecks: number;
}

export const DEFAULT_CHECK_OPTIONS: CheckOptions = { hovers: 8, fixChecks: 6 };

const URI = 'file:///fuzz/input.py';
const NOTEBOOK_URI = 'file:///fuzz/input.ipynb';

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frame = error.stack?.split('\n').find((line) => line.trim().startsWith('at '))?.trim() ?? '';
  return `${error.message} ${frame}`.trim();
}

/** The slowest operation of a result. */
export function slowestOperation(result: InputResult): Timing {
  return result.timings.reduce<Timing>((worst, timing) => (timing.ms > worst.ms ? timing : worst), { operation: 'none', ms: 0 });
}

function sourceCells(source: ProgramSource, cells: readonly string[]): ProgramSource {
  return { ...source, cells: source.cells.map((cell, index) => ({ ...cell, text: cells[index] })) };
}

function parses(document: SourceDocument): boolean {
  return document.trees.every((tree) => !tree.rootNode.hasError);
}

/**
 * Where a finding's range is after edits of its cell: edits before it move it, edits inside it
 * move its end. An insertion right at its start may be before the code or part of it: both.
 */
function movedRanges(finding: Finding, edits: Fix['edits']): Array<{ start: number; end: number }> {
  const original = finding.range;
  return [false, true].map((insertionAtStartMoves) => {
    let { start, end } = original;
    for (const edit of edits) {
      if ((edit.cell ?? 0) !== (finding.cell ?? 0)) continue;
      const delta = edit.newText.length - (edit.end - edit.start);
      const atStart = edit.start === edit.end && edit.start === original.start;
      if (edit.end <= original.start && (!atStart || insertionAtStartMoves)) start += delta;
      if (edit.end <= original.end) end += delta;
      else if (edit.start < original.end) end = Math.max(start, end + delta);
    }
    return { start, end };
  });
}

export function checkInput(engine: Engine, input: FuzzInput, options: CheckOptions = DEFAULT_CHECK_OPTIONS): InputResult {
  const { linter, rules } = engine;
  const timings: Timing[] = [];
  const failures: Failure[] = [];
  const result: InputResult = { timings, failures, findings: 0 };
  const timed = <T>(operation: string, run: () => T): T | undefined => {
    const start = performance.now();
    try {
      return run();
    } catch (error) {
      failures.push({ kind: 'crash', key: `crash:${operation}`, detail: `${operation} threw: ${errorText(error)}` });
      return undefined;
    } finally {
      timings.push({ operation, ms: performance.now() - start });
    }
  };
  const onRuleError = (rule: Rule, error: unknown) => {
    if (!failures.some((failure) => failure.key === `rule-error:${rule.meta.id}`)) failures.push({ kind: 'rule-error', key: `rule-error:${rule.meta.id}`, detail: `rule ${rule.meta.id} threw: ${errorText(error)}` });
  };

  let source: ProgramSource;
  if (input.kind === 'ipynb') {
    const read = timed('read-notebook', () => readNotebookFile(NOTEBOOK_URI, input.text));
    if (!read) return result;
    if ('skipped' in read) {
      result.skipped = read.skipped;
      return result;
    }
    source = read.source;
  } else source = fileSource(URI, input.text);

  const skipped = reasonNotToLintCells(source.cells.filter((cell) => cell.kind === 'code').map((cell) => cell.text));
  if (skipped) {
    result.skipped = skipped;
    return result;
  }
  const document = timed('parse', () => linter.parseSource(source));
  if (!document) return result;
  try {
    const lintOptions = { semanticModel: semanticModelOf, onRuleError };
    const findings = timed('lint', () => lintDocument(document, rules, lintOptions)) ?? [];
    result.findings = findings.length;
    const random = new Random(input.seed ^ 0x5bd1e995);

    // Hovers: anywhere in any cell, positions past the line's end and past the last line too.
    const linted: LintedDocument = {
      uri: source.uri,
      version: 1,
      notebook: source.notebook,
      cells: source.cells.map((cell, index) => ({ uri: `${source.uri}#${index}`, kind: cell.kind, text: cell.text })),
      source: document,
      findings,
      settings: DEFAULT_SETTINGS,
      lintSettings: { ruleSettings: {}, settings: {} },
    };
    for (let i = 0; i < options.hovers && source.cells.length > 0; i++) {
      const cell = random.int(source.cells.length);
      const text = source.cells[cell].text;
      const lineStarts = computeLineStarts(text);
      let position: { line: number; character: number };
      if (random.chance(0.8)) {
        const offset = random.int(text.length + 1);
        let line = 0;
        while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
        position = { line, character: offset - lineStarts[line] };
      } else position = { line: random.int(lineStarts.length + 2), character: random.int(200) };
      timed('hover', () => hoverAt(linted, cell, position, rules));
    }
    for (let cell = 0; cell < source.cells.length && cell < 5; cell++) {
      const lines = computeLineStarts(source.cells[cell].text).length;
      timed('inlay-hints', () => inlayHintsIn(document, cell, { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } }));
    }

    // Each fix alone: its finding is gone after it, and code that parsed still parses.
    const inputParses = parses(document);
    const cellTexts = source.cells.map((cell) => cell.text);
    let checked = 0;
    for (const finding of findings) {
      if (finding.fixes.length === 0) continue;
      if (checked++ >= options.fixChecks) break;
      for (const fix of finding.fixes) {
        const fixedCells = timed(`apply-fix:${finding.ruleId}`, () => cellTexts.map((text, index) => {
          const edits = fix.edits.filter((edit) => (edit.cell ?? 0) === index);
          return edits.length === 0 ? text : applyEdits(text, edits);
        }));
        if (!fixedCells) continue;
        const fixedSource = sourceCells(source, fixedCells);
        const fixed = timed(`parse-fixed:${finding.ruleId}`, () => linter.parseSource(fixedSource));
        if (!fixed) continue;
        try {
          if (inputParses && !parses(fixed)) {
            failures.push({ kind: 'fix-broke-parse', key: `fix-broke-parse:${finding.ruleId}`, detail: `${finding.ruleId} fix "${fix.title}" (${fix.safety}) made code that parsed unparsable` });
          }
          const after = timed(`lint-fixed:${finding.ruleId}`, () => lintDocument(fixed, rules, { onRuleError })) ?? [];
          const places = movedRanges(finding, fix.edits);
          const kept = after.find((other) => other.ruleId === finding.ruleId && (other.cell ?? 0) === (finding.cell ?? 0) && places.some((place) => other.range.start === place.start && other.range.end === place.end));
          if (kept) {
            failures.push({ kind: 'fix-kept-finding', key: `fix-kept-finding:${finding.ruleId}`, detail: `${finding.ruleId} fix "${fix.title}" (${fix.safety}) leaves its finding: ${kept.message.slice(0, 160)}` });
          }
        } finally {
          fixed.delete();
        }
      }
    }

    // Fix-all, unsafe fixes included, as `mltraps --fix --unsafe-fixes` runs it.
    const fixedAll = timed('fix-all', () => linter.fixAllSource(source, { includeUnsafe: true, onRuleError }));
    if (fixedAll && fixedAll.applied > 0 && inputParses) {
      const fixed = timed('parse-fixed:all', () => linter.parseSource(sourceCells(source, fixedAll.cells)));
      if (fixed) {
        if (!parses(fixed)) failures.push({ kind: 'fix-broke-parse', key: 'fix-broke-parse:fix-all', detail: `fix-all (${fixedAll.fixedRules.map((rule) => rule.ruleId).join(', ')}) made code that parsed unparsable` });
        fixed.delete();
      }
    }
  } finally {
    document.delete();
  }
  return result;
}
