import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Node } from 'web-tree-sitter';
import { loadPythonParser, type PythonParser } from '../rules/engine/parser';
import { DocumentStore } from '../server/documentStore';
import { createInclusionReader } from '../server/inclusions';
import { offsetOf } from '../server/positions';
import { pointFinder } from '../rules/engine/programParser';
import { computeLineStarts } from '../rules/engine/sourceDocument';
import { MAX_LINT_LENGTH } from '../rules/engine/linter';
import { fileSource, parseSource } from '../rules/engine/programParser';

/** Every node with its kind, offsets and points: equal dumps mean equal trees, positions included. */
function dump(node: Node): string {
  const lines: string[] = [];
  const visit = (current: Node, depth: number) => {
    const { startPosition: s, endPosition: e } = current;
    lines.push(`${' '.repeat(depth)}${current.type} ${current.startIndex}-${current.endIndex} ${s.row}:${s.column}-${e.row}:${e.column}`);
    for (const child of current.children) if (child) visit(child, depth + 1);
  };
  visit(node, 0);
  return lines.join('\n');
}

const NOTEBOOK = [
  '# Databricks notebook source',
  '# MAGIC %pip install xgboost==2.0.3',
  '',
  '# COMMAND ----------',
  '',
  'from pyspark.ml import Pipeline',
  'from pyspark.ml.feature import StringIndexer, OneHotEncoder',
  'label = "é😀 naïve"  # non-ASCII before later edits',
  'indexer = StringIndexer(inputCol="plan", outputCol="plan_index")',
  'encoder = OneHotEncoder(inputCols=["plan_index"], outputCols=["plan_vec"])',
  'pipeline = Pipeline(stages=[indexer, encoder])',
  '',
  'def train(batches):',
  '    for pdf in batches:',
  '        yield pdf',
  '',
].join('\n');

describe('server document store', () => {
  let parser: PythonParser;
  let store: DocumentStore;
  let version = 1;

  before(async () => {
    parser = await loadPythonParser();
  });
  beforeEach(() => {
    store = new DocumentStore(parser);
  });
  afterEach(() => store.dispose());

  /** Apply `changes` to the store and to an independent TextDocument; the two must agree. */
  function applyAndCompare(uri: string, expected: TextDocument, changes: TextDocumentContentChangeEvent[]): TextDocument {
    version++;
    const reference = TextDocument.update(expected, changes, version);
    const stored = store.change(uri, version, changes)!;
    assert.equal(stored.text, reference.getText());
    assert.ok(stored.source, 'the changed document has a tree');
    // The same cells, parsed from scratch.
    const fresh = parseSource(parser, fileSource(uri, stored.text));
    try {
      assert.equal(stored.source.trees.length, fresh.trees.length);
      stored.source.trees.forEach((tree, index) => {
        assert.equal(tree.rootNode.toString(), fresh.trees[index].rootNode.toString());
        assert.equal(dump(tree.rootNode), dump(fresh.trees[index].rootNode));
      });
    } finally {
      fresh.delete();
    }
    return reference;
  }

  function open(uri: string, text: string): TextDocument {
    store.open(uri, version, text);
    return TextDocument.create(uri, 'python', version, text);
  }

  function rangeOf(document: TextDocument, needle: string, occurrence = 0) {
    const text = document.getText();
    let index = -1;
    for (let i = 0; i <= occurrence; i++) index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `${needle} in the text`);
    return { start: document.positionAt(index), end: document.positionAt(index + needle.length) };
  }

  it('keeps the tree equal to a fresh parse over typing, deleting and pasting', () => {
    const uri = 'file:///typing.py';
    let document = open(uri, NOTEBOOK);
    // Type a new statement one character at a time after the pipeline line, through unbalanced states.
    const typed = 'model = pipeline.fit(df.where((col("x") > 1))\n';
    let at = document.offsetAt(rangeOf(document, 'def train').start);
    for (const ch of typed) {
      const position = document.positionAt(at);
      document = applyAndCompare(uri, document, [{ range: { start: position, end: position }, text: ch }]);
      at++;
    }
    // Delete a whole stage, then paste a block of lines over a selection.
    document = applyAndCompare(uri, document, [{ range: rangeOf(document, ', encoder'), text: '' }]);
    document = applyAndCompare(uri, document, [
      { range: rangeOf(document, 'yield pdf'), text: 'for key, group in pdf.groupby("store"):\n            yield group' },
    ]);
    // Edit after the non-ASCII characters (UTF-16 offsets and columns).
    document = applyAndCompare(uri, document, [{ range: rangeOf(document, 'naïve'), text: 'naïve 😀😀' }]);
  });

  it('applies several changes of one notification in order', () => {
    const uri = 'file:///multi.py';
    let document = open(uri, NOTEBOOK);
    const first = rangeOf(document, 'plan_index', 0);
    document = applyAndCompare(uri, document, [
      { range: first, text: 'plan_idx' },
      // This range refers to the text after the first change.
      { range: { start: { line: first.start.line + 1, character: 0 }, end: { line: first.start.line + 1, character: 0 } }, text: 'x = (\n' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# header\n' },
    ]);
    assert.ok(document.getText().startsWith('# header\n'));
  });

  it('handles CRLF and lone CR line breaks', () => {
    const uri = 'file:///crlf.py';
    let document = open(uri, 'a = 1\r\nb = [\r\n  2,\r\n]\rc = 3\r\n');
    document = applyAndCompare(uri, document, [{ range: rangeOf(document, '2,'), text: '2, 3,\r\n  4,' }]);
    document = applyAndCompare(uri, document, [{ range: rangeOf(document, 'c = 3'), text: 'c = (3' }]);
    document = applyAndCompare(uri, document, [{ range: rangeOf(document, '\r\n', 0), text: '\n' }]);
  });

  it('parses full-text changes from scratch', () => {
    const uri = 'file:///full.py';
    let document = open(uri, NOTEBOOK);
    document = applyAndCompare(uri, document, [{ text: 'import mlflow\nmlflow.autolog()\n' }]);
    document = applyAndCompare(uri, document, [
      { text: 'x = 1\n' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'y = x\n' },
    ]);
    assert.equal(document.getText(), 'x = 1\ny = x\n');
  });

  it('clamps positions past the end like LSP and ignores unknown documents', () => {
    const uri = 'file:///clamp.py';
    let document = open(uri, 'a = 1\nb = 2');
    document = applyAndCompare(uri, document, [{ range: { start: { line: 0, character: 99 }, end: { line: 0, character: 99 } }, text: ' + 1' }]);
    document = applyAndCompare(uri, document, [{ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, text: '\nc = 3' }]);
    assert.equal(document.getText(), 'a = 1 + 1\nb = 2\nc = 3');
    assert.equal(store.change('file:///unknown.py', 1, [{ text: 'x' }]), undefined);
  });

  it('keeps but does not parse a document whose included code the engine declines, with the reason', () => {
    const reading = new DocumentStore(parser, undefined, (_from, inclusion) =>
      inclusion.target === './setup' ? { uri: 'file:///setup.py', cells: [{ kind: 'code', text: 'x = 1  # \0\n' }], notebook: false } : undefined,
    );
    try {
      const stored = reading.open('file:///train.py', 1, '# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\ny = x\n');
      assert.equal(stored.source, undefined);
      assert.match(stored.skipped ?? '', /^with the code that %run and star imports bring in, contains a null byte/);
      const alone = reading.open('file:///alone.py', 1, 'y = 1\n');
      assert.ok(alone.source, 'a document without that inclusion is parsed');
    } finally {
      reading.dispose();
    }
  });

  it('keeps but does not parse documents the engine declines (too large, nested too deep)', () => {
    const uri = 'file:///big.py';
    const big = 'x = 1\n'.repeat(Math.ceil(MAX_LINT_LENGTH / 6) + 1);
    const stored = store.open(uri, 1, big);
    assert.equal(stored.source, undefined);
    const shrunk = store.change(uri, 2, [{ text: 'x = 1\n' }])!;
    assert.ok(shrunk.source);
    store.close(uri);
    assert.equal(store.get(uri), undefined);
    const deep = store.open('file:///deep.py', 1, `x = ${'['.repeat(5000)}`);
    assert.equal(deep.source, undefined);
    assert.match(deep.skipped ?? '', /nested/);
  });

  it('computes tree-sitter points and LSP offsets in UTF-16 units', () => {
    const text = 'a😀b\r\ncd\re';
    assert.deepEqual(pointFinder(text)(3), { row: 0, column: 3 });
    assert.deepEqual(pointFinder(text)(6), { row: 1, column: 0 });
    // A lone \r breaks rows as LSP lines: the parser is given it as a line feed (engine/parser).
    assert.deepEqual(pointFinder(text)(9), { row: 2, column: 0 });
    const lineStarts = computeLineStarts(text);
    assert.equal(offsetOf(text, lineStarts, { line: 2, character: 0 }), 9);
    assert.equal(offsetOf(text, lineStarts, { line: 0, character: 50 }), 4);
    assert.equal(offsetOf(text, lineStarts, { line: 7, character: 0 }), text.length);
  });
});

describe('server document store: %run targets open in the editor', () => {
  let parser: PythonParser;
  let folder: string;

  before(async () => {
    parser = await loadPythonParser();
    // A checkout under a Databricks-style user folder: VS Code escapes "@" and "+" in its uris, Node's URLs do not.
    folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-store-')), 'ana@corp.com+ml');
    fs.mkdirSync(path.join(folder, 'includes'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'train.py'), '# Databricks notebook source\n# MAGIC %run ./includes/setup\n');
    fs.writeFileSync(path.join(folder, 'includes', 'setup.py'), '# Databricks notebook source\non_disk = 1\n# MAGIC %run ../train\n');
  });

  after(() => fs.rmSync(path.dirname(folder), { recursive: true, force: true }));

  /** The uri of a file as VS Code writes it. */
  function editorUri(...parts: string[]): string {
    return `file://${path.join(folder, ...parts).split('/').map(encodeURIComponent).join('/')}`;
  }

  it('finds the open buffer and the dependents of a target whatever the uri spelling, and stops a cycle at the open notebook', () => {
    const notebook = editorUri('train.py');
    const target = editorUri('includes', 'setup.py');
    assert.notEqual(target, pathToFileURL(path.join(folder, 'includes', 'setup.py')).href, 'the two spellings differ');
    const store: DocumentStore = new DocumentStore(parser, undefined, createInclusionReader((uri) => store.programSourceOf(uri)));
    try {
      store.open(target, 1, '# Databricks notebook source\nin_buffer = 1\n# MAGIC %run ../train\n');
      const opened = store.open(notebook, 1, '# Databricks notebook source\n# MAGIC %run ./includes/setup\n');
      assert.deepEqual(opened.includedUris, [target], 'the buffer of the target, and not the notebook itself again from disk');
      assert.match(opened.source!.program.text, /in_buffer = 1/);
      assert.doesNotMatch(opened.source!.program.text, /on_disk/);
      assert.deepEqual(store.dependentsOf(target).map((document) => document.uri), [notebook]);
      assert.deepEqual(store.dependentsOf(pathToFileURL(path.join(folder, 'includes', 'setup.py')).href).map((document) => document.uri), [notebook]);
      store.close(target);
      assert.match(store.refresh(notebook)!.source!.program.text, /on_disk = 1/, 'closed: read from disk');
    } finally {
      store.dispose();
    }
  });
});
