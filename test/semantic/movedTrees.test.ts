import * as assert from 'node:assert/strict';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { loadPythonParser, type PythonParser } from '../../rules/engine/parser';
import { parseSource, fileSource } from '../../rules/engine/programParser';
import type { SourceDocument } from '../../rules/engine/sourceDocument';
import { MODULE_SCOPE } from '../../rules/semantic/bindings';
import { type ArgumentEntry, argumentEntries } from '../../rules/semantic/calls';
import { dictEntries } from '../../rules/semantic/values';
import { SemanticModel } from '../../rules/semantic/semanticModel';
import type { Tree } from 'web-tree-sitter';
import { readsFrom } from '../../rules/engine/treeText';
import { copyTree, INDEXED_NODE_TYPES, moveSyntaxIndex, pathBeforeEdit, SyntaxIndex } from '../../rules/semantic/syntaxIndex';
import { DocumentStore } from '../../server/documentStore';

/**
 * On a keystroke, the cells after the edited one keep their trees, their syntax index and the
 * bindings read from them, moved by the edit instead of read again. A model built from those
 * must be the model of a fresh parse: every indexed node at its new place, every binding with
 * its new offsets, every mutation still found.
 */

const NOTEBOOK = `# Databricks notebook source
import mlflow
from pyspark.ml.feature import VectorAssembler

# COMMAND ----------

stages = [VectorAssembler(inputCols=["a"], outputCol="features")]
total = count = 0
for row in rows:
    total += row

# COMMAND ----------

stages.append(lr)
table["x"] = 1
config.path = "/tmp"
with open("f") as handle, mlflow.start_run() as run:
    data = handle.read()

# COMMAND ----------

# MAGIC %md
# MAGIC Train with mlflow: the stages above, started with start_run.

# COMMAND ----------

import json
def train(frame, *args, label="y", **kwargs):
    global counter
    from os import path as os_path
    squares = [value * value for value in frame]
    return (best := max(squares))

scale = lambda factor: factor * 2
settings = {"path": "/tmp", "mode": scale(2), **extra}
try:
    model = train(df)
except ValueError as error:
    del model
`;

/** Everything the model holds that depends on where nodes are, as text. */
function dump(document: SourceDocument): string {
  const model = new SemanticModel(document);
  const lines: string[] = [];
  for (const type of INDEXED_NODE_TYPES) {
    lines.push(`${type}: ${model.syntax.nodes(type).map((node) => `${node.startIndex}@${node.startPosition.row}:${node.startPosition.column}-${node.endIndex}`).join(' ')}`);
  }
  lines.push(`calls: ${model.calls().map((site) => `${site.name}@${site.node.startIndex}`).join(' ')}`);
  // Readings of a node's syntax kept per tree (syntaxMemo): read before the edit, they must not be handed out with old offsets after it.
  const entry = (e: ArgumentEntry) => `${e.keyword ?? e.type}@${(e.value ?? e.node).startIndex}`;
  lines.push(`arguments: ${model.calls().map((site) => `${argumentEntries(site.node).map(entry).join(',')}/${site.argumentEntries.map(entry).join(',')}`).join(' ')}`);
  // Scopes and branches around each call, from each tree's kept intervals.
  const scopes = model.bindings.scopes;
  lines.push(`scopes: ${model.calls().map((site) => `${scopes.scopeChain(site.node).length}/${scopes.branchOf(site.node)?.startIndex ?? '-'}`).join(' ')}`);
  for (const assignment of model.syntax.nodes('assignment')) {
    const dict = dictEntries(model, model.syntax.partsOfAssignment(assignment)?.right);
    if (dict) lines.push(`dict ${dict.node.startIndex} complete ${dict.complete}: ${[...dict.entries].map(([key, value]) => `${key}=${value.startIndex}/${dict.pairs.get(key)!.startIndex}`).join(' ')}`);
  }
  for (const [words, type] of [[['mlflow', 'stages'], 'identifier'], [['start_run', 'open'], 'call'], [['mlflow'], 'module'], [['Train'], 'module']] as const) {
    lines.push(`around ${words.join(',')} ${type}: ${model.nodesAroundText(words, type).map((node) => `${node.startIndex}-${node.endIndex}`).join(' ')}`);
  }
  for (const name of [...model.bindings.names()].sort()) {
    for (const binding of model.bindings.all(name)) {
      lines.push(
        `${name} ${binding.kind} from ${binding.visibleFrom} node ${binding.node.startIndex}-${binding.node.endIndex} ` +
          `value ${binding.value ? `${binding.value.startIndex}:${binding.value.text}` : '-'} ` +
          `${binding.scope === MODULE_SCOPE ? 'module' : 'local'} mutated ${model.bindings.isMutatedAfter(binding)}`,
      );
    }
  }
  return lines.join('\n');
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('trees moved by an edit before them', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  const edits: Array<{ name: string; at: (text: string) => number; remove: number; insert: string }> = [
    { name: 'lines inserted in the first cell', at: (text) => text.indexOf('import mlflow'), remove: 0, insert: 'import os\nimport sys\n' },
    { name: 'a character typed', at: (text) => text.indexOf('mlflow') + 3, remove: 0, insert: 'x' },
    { name: 'a character deleted', at: (text) => text.indexOf('mlfxlow') + 3, remove: 1, insert: '' },
    { name: 'a line joined to the next', at: (text) => text.indexOf('\nimport sys'), remove: 1, insert: '; ' },
    { name: 'lines deleted from the first cell', at: (text) => text.indexOf('from pyspark'), remove: 'from pyspark.ml.feature import VectorAssembler\n'.length, insert: '' },
    { name: 'an edit in the second cell', at: (text) => text.indexOf('total = count'), remove: 5, insert: 'grand_total' },
  ];

  type Edit = (typeof edits)[number];

  /** Applies `edit` to the stored document as a didChange; the new text. */
  function applyEdit(store: DocumentStore, uri: string, version: number, text: string, edit: Edit, start: number): string {
    const change: TextDocumentContentChangeEvent = { range: { start: positionOf(text, start), end: positionOf(text, start + edit.remove) }, text: edit.insert };
    store.change(uri, version, [change]);
    return text.slice(0, start) + edit.insert + text.slice(start + edit.remove);
  }

  /** The stored document's model is the model of a fresh parse of `text`. */
  function assertFreshModel(document: SourceDocument, uri: string, text: string, label: string): void {
    const fresh = parseSource(parser, fileSource(uri, text));
    try {
      assert.equal(dump(document), dump(fresh), label);
    } finally {
      fresh.delete();
    }
  }

  it('each edit: the model of the kept, moved trees is the model of a fresh parse', () => {
    const store = new DocumentStore(parser);
    const uri = 'file:///moved/notebook.py';
    let text = NOTEBOOK;
    let version = 1;
    try {
      const opened = store.open(uri, version, text);
      dump(opened.source!); // index and read every tree, so that the edits below have something to move
      for (const edit of edits) {
        const start = edit.at(text);
        assert.ok(start >= 0, `${edit.name}: its place is in the text`);
        text = applyEdit(store, uri, ++version, text, edit, start);
        const stored = store.get(uri)!;
        assert.equal(stored.text, text);
        assertFreshModel(stored.source!, uri, text, edit.name);
      }
    } finally {
      store.dispose();
    }
  });

  it('edits with nothing read between them: the moves put off until the next model are those of a fresh parse', () => {
    const store = new DocumentStore(parser);
    const uri = 'file:///moved/pending.py';
    let text = NOTEBOOK;
    let version = 1;
    try {
      dump(store.open(uri, version, text).source!);
      // Several edits in the first cell (the later cells' moves wait), then one in the second
      // cell and one that joins the first cell's last line with the separator's row.
      for (const round of [1, 2]) {
        for (const edit of edits) {
          const start = edit.at(text);
          if (start < 0) continue;
          text = applyEdit(store, uri, ++version, text, edit, start);
        }
        assertFreshModel(store.get(uri)!.source!, uri, text, `round ${round}`);
      }
    } finally {
      store.dispose();
    }
  });

  // The nodes a move moves are gathered once per tree and reused until something is added: what
  // is first read from a tree after a move must be in the next move.
  const firstReadBetweenMoves: Array<{ name: string; read: (model: SemanticModel) => void }> = [
    { name: 'the nodes around words (facts kept with the tree)', read: (model) => void [model.nodesAroundText(['mlflow', 'stages'], 'identifier'), model.nodesAroundText(['start_run', 'open'], 'call')] },
    { name: "calls' arguments (readings of node syntax)", read: (model) => void model.calls().map((site) => argumentEntries(site.node)) },
  ];
  for (const { name, read } of firstReadBetweenMoves) {
    it(`${name}, first read between two moves, move with the tree at the next one`, () => {
      const store = new DocumentStore(parser);
      const uri = 'file:///moved/later.py';
      let text = NOTEBOOK;
      let version = 1;
      const typed = { name: 'a character typed', at: (current: string) => current.indexOf('import mlflow'), remove: 0, insert: 'x' };
      try {
        new SemanticModel(store.open(uri, version, text).source!);
        text = applyEdit(store, uri, ++version, text, typed, typed.at(text));
        // The cells below the edit move here (their list of nodes to move is made), then are read.
        read(new SemanticModel(store.get(uri)!.source!));
        text = applyEdit(store, uri, ++version, text, typed, typed.at(text));
        assertFreshModel(store.get(uri)!.source!, uri, text, name);
      } finally {
        store.dispose();
      }
    });
  }

  it('nodesAroundText finds, from kept and moved trees, what a walk up from every occurrence in the whole text finds', () => {
    /** The nodes of `type` around each occurrence of the words anywhere in the text (markdown included). */
    const reference = (document: SourceDocument, words: readonly string[], type: string) => {
      const found = new Map<number, number>();
      for (const word of words) {
        for (let offset = document.text.indexOf(word); offset !== -1; offset = document.text.indexOf(word, offset + word.length)) {
          for (let node = document.nodeAt(offset); node; node = node.parent) if (node.type === type) found.set(node.id, node.startIndex);
        }
      }
      return [...found.values()].sort((a, b) => a - b);
    };
    const cases = [[['mlflow', 'stages'], 'identifier'], [['start_run', 'open'], 'call'], [['Train', 'mlflow'], 'module'], [['with'], 'with_statement']] as const;
    const store = new DocumentStore(parser);
    const uri = 'file:///moved/around.py';
    try {
      let stored = store.open(uri, 1, NOTEBOOK);
      let text = NOTEBOOK;
      for (let version = 2; version <= 4; version++) {
        const model = new SemanticModel(stored.source!);
        for (const [words, type] of cases) {
          assert.deepEqual(model.nodesAroundText(words, type).map((node) => node.startIndex), reference(stored.source!, words, type), `${words} ${type}`);
        }
        const at = text.indexOf('import mlflow');
        const where = positionOf(text, at);
        text = `${text.slice(0, at)}import os\n${text.slice(at)}`;
        stored = store.change(uri, version, [{ range: { start: where, end: where }, text: 'import os\n' }])!;
        assert.equal(stored.text, text);
      }
    } finally {
      store.dispose();
    }
  });

  it('nodesAroundText counts a word in a line magic between a cell\'s Python ranges, as the whole-text walk does', () => {
    const document = parseSource(parser, { uri: 'file:///gap.ipynb', notebook: true, cells: [{ kind: 'code', text: 'def f():\n    x = 1\n%pip install mlflow\n    return x\ny = 2\n' }] });
    try {
      const model = new SemanticModel(document);
      assert.deepEqual(model.nodesAroundText(['mlflow'], 'function_definition').map((node) => node.startIndex), [0]);
      assert.deepEqual(model.nodesAroundText(['mlflow', 'return'], 'block').map((node) => node.text.length), [38]);
    } finally {
      document.delete();
    }
  });

  it('nodesAroundText finds nothing around a word of a markdown cell: no tree holds it', () => {
    const text = '# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n\n# MAGIC %md\n# MAGIC Train the model\n\n# COMMAND ----------\n\ny = 2\n';
    const document = parseSource(parser, { uri: 'file:///markdown.py', notebook: false, cells: [{ kind: 'code', text }] });
    try {
      const model = new SemanticModel(document);
      // The tree before the markdown ends before it (a walk up from nodeAt there reached that tree's module).
      assert.deepEqual(model.nodesAroundText(['Train'], 'module'), []);
      assert.deepEqual(model.nodesAroundText(['x', 'Train', 'y'], 'module').map((node) => node.text), ['x = 1\n\n', 'y = 2\n']);
    } finally {
      document.delete();
    }
  });

  it('a cell cut by included code (a project star import): the model after edits is the model of a fresh parse', () => {
    const helpers = { uri: 'file:///moved/helpers.py', cells: [{ kind: 'code' as const, text: 'VALUE = []\ndef helper():\n    return 2\n' }], notebook: false };
    const read = (_from: string, inclusion: { target: string }) => (inclusion.target === 'helpers' ? helpers : undefined);
    const store = new DocumentStore(parser, () => {}, read);
    const uri = 'file:///moved/cut.py';
    let text = `${NOTEBOOK}\n# COMMAND ----------\n\nx = 1\nfrom helpers import *\ny = helper()\nVALUE.append(y)\n`;
    try {
      let version = 1;
      const opened = store.open(uri, version, text);
      assert.ok(opened.source!.parsedCells.some((parsed) => parsed.cell.hidden), 'the helpers module is included');
      dump(opened.source!);
      for (const insert of ['import os\n', 'z = 2\n', '']) {
        const at = insert ? text.indexOf('import mlflow') : text.indexOf('import os\n');
        const remove = insert ? 0 : 'import os\n'.length;
        const where = { start: positionOf(text, at), end: positionOf(text, at + remove) };
        text = text.slice(0, at) + insert + text.slice(at + remove);
        const stored = store.change(uri, ++version, [{ range: where, text: insert }])!;
        assert.equal(stored.text, text);
        const fresh = parseSource(parser, fileSource(uri, text), read);
        try {
          assert.equal(dump(stored.source!), dump(fresh), JSON.stringify(insert));
        } finally {
          fresh.delete();
        }
      }
    } finally {
      store.dispose();
    }
  });

  it('a tree that shares subtrees with a copy is moved with its index only where the edit kept its node ids', () => {
    const text = 'import mlflow\nrun = mlflow.start_run(run_name="a")\nmodel.fit(frame, label="y")\n';
    const moved = `x = 1\n${text}`;
    // The import is a child of the root, whose list of children an edit of a shared root copies: its id changes.
    const calls = (tree: Tree) => {
      const index = new SyntaxIndex([tree]);
      return [...index.nodes('import_statement'), ...index.nodes('call')].map((node) => `${node.startIndex}-${node.endIndex} ${node.text} ${node.namedChildren.map((child) => child?.type)} in ${node.parent?.type}@${node.parent?.startIndex} next ${node.nextNamedSibling?.startIndex}`);
    };
    for (const share of [false, true]) {
      const tree = parser.parse(text);
      const copy = share ? copyTree(tree) : undefined;
      try {
        calls(tree); // index it
        const pathBefore = pathBeforeEdit(tree);
        assert.ok(pathBefore, 'the tree has an index to move');
        // A copy shares the root's children: tree-sitter copies the edited path, and every id below it changes.
        assert.equal(pathBefore.length > 0, share, 'the ids along the path are read only for a tree that shares');
        const edit = { startIndex: 0, oldEndIndex: 0, newEndIndex: 6, startPosition: { row: 0, column: 0 }, oldEndPosition: { row: 0, column: 0 }, newEndPosition: { row: 1, column: 0 } };
        tree.edit(edit);
        moveSyntaxIndex(tree, edit, pathBefore);
        readsFrom(tree, moved);
        // The cell's code at its new place, as the store parses a cell: its range of the text.
        const fresh = parser.parse(moved, undefined, [{ startIndex: 6, endIndex: moved.length, startPosition: { row: 1, column: 0 }, endPosition: { row: 4, column: 0 } }]);
        try {
          assert.deepEqual(calls(tree), calls(fresh), `shared: ${share}`);
        } finally {
          fresh.delete();
        }
      } finally {
        tree.delete();
        copy?.delete();
      }
    }
  });

  it('the kept trees are the ones after the edit: nothing of them is parsed again', () => {
    const store = new DocumentStore(parser);
    const uri = 'file:///moved/kept.py';
    try {
      const opened = store.open(uri, 1, NOTEBOOK);
      const treesBefore = opened.source!.trees.slice();
      dump(opened.source!);
      const at = NOTEBOOK.indexOf('import mlflow');
      const changed = store.change(uri, 2, [{ range: { start: positionOf(NOTEBOOK, at), end: positionOf(NOTEBOOK, at) }, text: 'import os\n' }])!;
      const treesAfter = changed.source!.trees;
      assert.equal(treesAfter.length, 4, 'four Python cells (the markdown cell is not parsed)');
      assert.notEqual(treesAfter[0], treesBefore[0], 'the edited cell is parsed');
      for (let i = 1; i < 4; i++) assert.equal(treesAfter[i], treesBefore[i], `cell ${i + 1} keeps its tree`);
      // ...and its syntax index, moved (an index dropped would only cost time: this says it is not).
      for (let i = 1; i < 4; i++) assert.ok(pathBeforeEdit(treesAfter[i]), `cell ${i + 1} keeps its index`);
    } finally {
      store.dispose();
    }
  });
});
