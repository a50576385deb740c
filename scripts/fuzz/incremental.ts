import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Node } from 'web-tree-sitter';
import { lintDocument, reasonNotToLintCells } from '../../rules/engine/linter';
import { type LintedVersion, reuseBetween } from '../../rules/engine/ruleReuse';
import type { ProgramSource } from '../../rules/engine/program';
import type { SourceDocument } from '../../rules/engine/sourceDocument';
import type { Finding } from '../../rules/engine/types';
import { DocumentStore, InvalidChangeError, type NotebookCellInput } from '../../server/documentStore';
import type { Engine, Failure } from './engineCheck';
import { plainModule } from '../keystrokeBench';
import { grammarPython, practiceExamples } from './inputs';
import { Random } from './random';

/**
 * Incremental equivalence: random edit sequences through the server's document store (text
 * documents: didChange notifications of one to three changes; notebooks: cell edits, inserts,
 * removals, moves, kind changes), and after each edit the stored document compared with a
 * fresh parse and lint of the same text: same text (the store against the LSP reference
 * TextDocument), same skip reason, same findings, and, where the fresh parse has no error,
 * the same trees. Where it has errors, tree-sitter's recovery may differ between an
 * incremental and a fresh parse (tree-sitter/tree-sitter#1645, see reparseProgram): such
 * differences are counted apart, not failures.
 */

export interface SequenceResult {
  seed: number;
  edits: number;
  failures: Failure[];
  /** Findings that differed on text with syntax errors (tree-sitter's recovery). */
  brokenCodeDivergences: number;
  /** The edits made, for a reproduction. */
  log: string[];
}

const SNIPPETS = ['\n', ' ', '(', ')', ':', '"', 'x', 'mlflow.', 'log_metric("m", 1)', '\n    ', '# COMMAND ----------\n', '%run ./includes/setup\n', 'seed=42', '\r\n', '\r', '😀', 'é', '\t', 'def f():\n', '"""', '\\'];

function findingKey(finding: Finding): string {
  return JSON.stringify([finding.ruleId, finding.cell ?? 0, finding.range.start, finding.range.end, finding.severity, finding.message, finding.fixes.map((fix) => [fix.title, fix.edits])]);
}

function treeDump(node: Node): string {
  const parts: string[] = [];
  const cursor = node.walk();
  try {
    for (;;) {
      parts.push(`${cursor.nodeType}:${cursor.startIndex}-${cursor.endIndex}:${cursor.startPosition.row}.${cursor.startPosition.column}`);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return parts.join(' ');
    }
  } finally {
    cursor.delete();
  }
}

/** A random change to `text`, in LSP terms (a range and its new text, or the whole text). */
function randomChange(random: Random, document: TextDocument, lines: readonly string[]): TextDocumentContentChangeEvent {
  const text = document.getText();
  if (random.chance(0.03)) return { text: random.chance(0.5) ? text + random.pick(lines) : '' };
  const start = random.int(text.length + 1);
  const end = random.chance(0.5) ? start : Math.min(text.length, start + random.size(200));
  const newText = random.weighted<() => string>([
    [4, () => random.pick(SNIPPETS)],
    [3, () => `${random.pick(lines)}\n`],
    [3, () => ''],
    [1, () => text.slice(random.int(text.length + 1)).slice(0, random.size(500))],
  ])();
  const fresh = TextDocument.create(document.uri, 'python', 0, text);
  const range = { start: fresh.positionAt(start), end: fresh.positionAt(end) };
  // Now and then positions past a line's end or the document's end: LSP clamps them.
  if (random.chance(0.05)) range.end = { line: range.end.line + random.int(3), character: range.end.character + random.int(300) };
  return { range, text: newText };
}

/** The version last linted with reuse in a sequence: the server keeps the same, document by document. */
interface Kept {
  last?: LintedVersion;
}

function compare(engine: Engine, stored: SourceDocument | undefined, storedSkipped: string | undefined, source: ProgramSource, step: string, result: SequenceResult, kept: Kept): void {
  const fail = (detail: string): void => {
    result.failures.push({ kind: 'incremental-mismatch', key: 'incremental-mismatch', detail: `after ${step}: ${detail}` });
  };
  const skipped = reasonNotToLintCells(source.cells.filter((cell) => cell.kind === 'code').map((cell) => cell.text));
  if (skipped !== storedSkipped) return fail(`skip reason ${JSON.stringify(storedSkipped)}, fresh ${JSON.stringify(skipped)}`);
  if (skipped) return;
  if (!stored) return fail('no parsed document in the store');
  if (stored.text === undefined) return fail('stored document without text');
  const fresh = engine.linter.parseSource(source);
  try {
    if (fresh.text !== stored.text) return fail('program texts differ');
    const broken = fresh.trees.some((tree) => tree.rootNode.hasError);
    const ours = lintDocument(stored, engine.rules).map(findingKey);
    // The server keeps a rule's findings when the edit changed nothing the rule read: they must be what running it gives.
    const next: LintedVersion = { document: stored, key: 'fuzz', rules: new Map() };
    const reused = lintDocument(stored, engine.rules, { reuse: reuseBetween(kept.last, stored, 'fuzz', next) }).map(findingKey);
    kept.last = next;
    if (reused.join('\n') !== ours.join('\n')) {
      return fail(`findings kept from the previous version differ from the rules' own: ${reused.filter((key) => !ours.includes(key)).concat(ours.filter((key) => !reused.includes(key))).slice(0, 2).join(' | ').slice(0, 400)}`);
    }
    const theirs = lintDocument(fresh, engine.rules).map(findingKey);
    if (ours.join('\n') !== theirs.join('\n')) {
      if (broken) result.brokenCodeDivergences++;
      else return fail(`findings differ: store ${ours.length}, fresh ${theirs.length}: ${ours.filter((key) => !theirs.includes(key)).concat(theirs.filter((key) => !ours.includes(key))).slice(0, 2).join(' | ').slice(0, 300)}`);
    }
    if (!broken) {
      if (fresh.trees.length !== stored.trees.length) return fail(`tree counts differ: ${stored.trees.length} vs ${fresh.trees.length}`);
      for (let index = 0; index < fresh.trees.length; index++) {
        if (treeDump(fresh.trees[index].rootNode) !== treeDump(stored.trees[index].rootNode)) return fail(`tree ${index} differs from a fresh parse`);
      }
    }
  } finally {
    fresh.delete();
  }
}

/**
 * Now and then the document is parked, as the server parks one not used lately: its trees go,
 * and the next edit applies to its text alone and parses it in full.
 */
function parkSometimes(random: Random, store: DocumentStore, uri: string, result: SequenceResult): void {
  if (!random.chance(0.05)) return;
  store.activate(uri);
  if (store.parkIdle(0).length > 0) result.log.push('parked');
}

/** One random edit sequence of `steps` edits, on a text document or a notebook (by the seed). */
/** A Databricks export whose second cell is the code of the given notebooks joined (over 10,000 characters). */
function longCellNotebook(texts: readonly string[]): string {
  return `# Databricks notebook source\nimport os\n\n# COMMAND ----------\n\n${texts.map(plainModule).join('\n\n')}`;
}

export function runSequence(engine: Engine, seed: number, steps: number): SequenceResult {
  const random = new Random(seed);
  const result: SequenceResult = { seed, edits: 0, failures: [], brokenCodeDivergences: 0, log: [] };
  const examples = practiceExamples();
  const pyExamples = examples.filter((example) => example.kind === 'py');
  const lines = pyExamples.flatMap((example) => example.text.split('\n')).filter((line) => line.trim() !== '');
  const store = new DocumentStore(engine.linter.parser, (_uri, error) => result.failures.push({ kind: 'crash', key: 'crash:store-parse', detail: `the store's parse failed: ${String(error)}` }));
  const kept: Kept = {};
  try {
    if (random.chance(0.55)) {
      const uri = 'file:///fuzz/edited.py';
      const example = random.pick(pyExamples);
      // Sometimes a notebook with a cell long enough to be parsed in pieces (engine/programParser).
      const initial = random.chance(0.7) ? (random.chance(0.25) ? longCellNotebook([random.pick(pyExamples).text, random.pick(pyExamples).text]) : example.text) : grammarPython(random);
      let reference = TextDocument.create(uri, 'python', 1, initial);
      let stored = store.open(uri, 1, initial);
      result.log.push(`open ${JSON.stringify(initial.length > 200 ? `${example.name} or generated, ${initial.length} chars` : initial)}`);
      for (let version = 2; version < steps + 2 && result.failures.length === 0; version++) {
        // Each change is made against the text after the previous one (LSP semantics).
        const changes: TextDocumentContentChangeEvent[] = [];
        let planned = reference;
        for (let count = random.chance(0.8) ? 1 : random.between(2, 3); count > 0; count--) {
          const change = randomChange(random, planned, lines);
          changes.push(change);
          planned = TextDocument.update(TextDocument.create(uri, 'python', version, planned.getText()), [change], version);
        }
        const malformed = random.chance(0.03);
        const sent: unknown[] = malformed ? [...changes, { range: { start: { line: -1 }, end: null }, text: 1 }] : changes;
        const step = `didChange v${version} ${JSON.stringify(sent).slice(0, 300)}`;
        result.log.push(step);
        result.edits++;
        try {
          stored = store.change(uri, version, sent as TextDocumentContentChangeEvent[])!;
          if (malformed) result.failures.push({ kind: 'incremental-mismatch', key: 'incremental-malformed-accepted', detail: `after ${step}: a malformed didChange was applied` });
          // One change at a time on a fresh reference: the reference's incremental line
          // bookkeeping goes wrong when a change puts a \r just before a \n.
          for (const change of changes) reference = TextDocument.update(TextDocument.create(uri, 'python', version, reference.getText()), [change], version);
        } catch (error) {
          if (!(malformed && error instanceof InvalidChangeError)) {
            result.failures.push({ kind: 'crash', key: 'crash:didChange', detail: `${step}: ${String(error)}` });
            break;
          }
          // As the server's linter does: a parked document is parsed again when it is next used.
          stored = store.activate(uri)!;
        }
        if (stored.text !== reference.getText()) {
          result.failures.push({ kind: 'incremental-mismatch', key: 'incremental-text', detail: `after ${step}: the store's text differs from the LSP reference's` });
          break;
        }
        compare(engine, stored.source, stored.skipped, { uri, notebook: false, cells: [{ kind: 'code', text: stored.text }] }, step, result, kept);
        parkSometimes(random, store, uri, result);
      }
    } else {
      const uri = 'file:///fuzz/edited.ipynb';
      let next = 0;
      const cellOf = (kind: NotebookCellInput['kind'], text: string): NotebookCellInput => ({ uri: `vscode-notebook-cell:/fuzz/edited.ipynb#c${next++}`, kind, text });
      const notebook = examples.find((example) => example.kind === 'ipynb' && random.chance(0.5));
      let cells: NotebookCellInput[] = notebook
        ? (JSON.parse(notebook.text) as { cells: Array<{ cell_type: string; source: string[] | string }> }).cells.map((cell) =>
            cellOf(cell.cell_type === 'code' ? 'code' : 'markdown', Array.isArray(cell.source) ? cell.source.join('') : cell.source),
          )
        : Array.from({ length: random.between(1, 8) }, () => cellOf('code', grammarPython(random, random.size(15))));
      // Sometimes a code cell long enough to be parsed in pieces.
      if (random.chance(0.2)) {
        cells.splice(random.int(cells.length + 1), 0, cellOf('code', [random.pick(pyExamples).text, random.pick(pyExamples).text].map(plainModule).join('\n\n')));
      }
      let stored = store.openNotebook(uri, 1, cells);
      result.log.push(`openNotebook ${cells.length} cells`);
      for (let version = 2; version < steps + 2 && result.failures.length === 0; version++) {
        const index = random.int(cells.length);
        const operation = cells.length === 0 ? 'insert' : random.weighted<string>([
          [8, 'edit'],
          [2, 'insert'],
          [1, 'remove'],
          [1, 'move'],
          [1, 'kind'],
        ]);
        cells = [...cells];
        let step = `${operation} cell ${index}`;
        if (operation === 'edit') {
          const cellDocument = TextDocument.create(cells[index].uri, 'python', 1, cells[index].text);
          const change = randomChange(random, cellDocument, lines);
          step += ` ${JSON.stringify(change).slice(0, 300)}`;
          cells[index] = { ...cells[index], text: TextDocument.applyEdits(cellDocument, ['range' in change ? { range: change.range, newText: change.text } : { range: { start: { line: 0, character: 0 }, end: cellDocument.positionAt(cellDocument.getText().length) }, newText: change.text }]) };
        } else if (operation === 'insert') {
          const kind = random.weighted<NotebookCellInput['kind']>([[4, 'code'], [1, 'markdown'], [1, 'raw']]);
          cells.splice(random.int(cells.length + 1), 0, cellOf(kind, random.chance(0.3) ? random.pick(['%sql\nSELECT 1', '%run ./includes/setup', '%pip install x', '']) : grammarPython(random, random.size(10))));
        } else if (operation === 'remove') cells.splice(index, 1);
        else if (operation === 'move') {
          const [moved] = cells.splice(index, 1);
          const to = random.int(cells.length + 1);
          cells.splice(to, 0, moved);
          step += ` to ${to}`;
        } else cells[index] = { ...cells[index], kind: cells[index].kind === 'code' ? 'markdown' : 'code' };
        result.log.push(step);
        result.edits++;
        stored = store.changeNotebook(uri, version, cells)!;
        if (stored.cells.map((cell) => cell.text).join('\u0000') !== cells.map((cell) => cell.text).join('\u0000')) {
          result.failures.push({ kind: 'incremental-mismatch', key: 'incremental-text', detail: `after ${step}: the store's cells differ from the notebook's` });
          break;
        }
        compare(engine, stored.source, stored.skipped, { uri, notebook: true, cells: cells.map((cell) => ({ kind: cell.kind, text: cell.text })) }, step, result, kept);
        parkSometimes(random, store, uri, result);
      }
    }
  } catch (error) {
    result.failures.push({ kind: 'crash', key: 'crash:incremental', detail: `edit sequence threw: ${error instanceof Error ? `${error.message} ${error.stack?.split('\n')[1]?.trim()}` : String(error)}` });
  } finally {
    store.dispose();
  }
  return result;
}
