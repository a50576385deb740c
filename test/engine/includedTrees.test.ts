import * as assert from 'node:assert/strict';
import type { Node, Tree } from 'web-tree-sitter';
import { allRules } from '../../rules';
import { IncludedTreeCache } from '../../rules/engine/includedTrees';
import type { Inclusion } from '../../rules/engine/kernelCells';
import { Linter } from '../../rules/engine/linter';
import { loadPythonParser, type PythonParser } from '../../rules/engine/parser';
import { buildProgram, type ProgramSource } from '../../rules/engine/program';
import { parseProgram } from '../../rules/engine/programParser';
import { SyntaxIndex } from '../../rules/semantic/syntaxIndex';

/** A setup notebook that several notebooks `%run`, as in course and project repositories. */
const SETUP = [
  '# Databricks notebook source',
  'import mlflow',
  'from mlflow.tracking import MlflowClient',
  '',
  '# COMMAND ----------',
  '',
  // A long run of comment lines, which the parser is not given (engine/commentRuns): the kept
  // tree's code starts after it, the cell before it.
  ...Array.from({ length: 70 }, (_, line) => `# licence line ${line}`),
  'client = MlflowClient()',
  'model_name = "churn"',
  'stage = "Production"',
  'def promote(version):',
  '    client.transition_model_version_stage(model_name, version, "Production")',
  '',
].join('\n');

/** `%run` targets by name; the setup runs a second notebook, with a syntax error. */
const TARGETS: Record<string, string> = {
  './setup': SETUP,
  './broken': ['# Databricks notebook source', 'def broken(:', '    pass', ''].join('\n'),
};

const read = (_from: string, inclusion: Inclusion): ProgramSource | undefined =>
  TARGETS[inclusion.target] === undefined ? undefined : { uri: `file:///proj/${inclusion.target.slice(2)}.py`, notebook: false, cells: [{ kind: 'code', text: TARGETS[inclusion.target] }] };

/** The setup as a notebook of the run in its own right (linted as itself too). */
const SETUP_SOURCE = read('file:///proj/first.py', { kind: 'run', target: './setup', at: 0 })!;

function exportNotebook(name: string, ...cells: string[]): ProgramSource {
  return { uri: `file:///proj/${name}.py`, notebook: false, cells: [{ kind: 'code', text: ['# Databricks notebook source', cells.join('\n\n# COMMAND ----------\n\n'), ''].join('\n') }] };
}

/** Every node of a tree, depth first: kind, offsets, points and text. */
function nodesOf(root: Node): string[] {
  const result: string[] = [];
  const cursor = root.walk();
  for (;;) {
    const node = cursor.currentNode;
    result.push(`${node.type} ${node.startIndex}-${node.endIndex} ${node.startPosition.row}:${node.startPosition.column}-${node.endPosition.row}:${node.endPosition.column} ${JSON.stringify(node.text)}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return result;
      }
    }
  }
}

/** Notebooks that run the setup at different places (so its code lands at different offsets and rows). */
const NOTEBOOKS = [
  exportNotebook('first', '# MAGIC %run ./setup', 'promote(3)\nmodel = mlflow.pyfunc.load_model(f"models:/{model_name}/{stage}")'),
  exportNotebook('second', 'x = 1\ny = 2\nz = [x, y]', '# MAGIC %run ./setup', 'promote(4)\nmodel = mlflow.pyfunc.load_model(f"models:/{model_name}/{stage}")'),
  exportNotebook('third', 'import os', 'print(os.getcwd())', 'w = "é" * 3', '# MAGIC %run ./setup', '# MAGIC %run ./broken', 'promote(5)\nmodel = mlflow.pyfunc.load_model(f"models:/{model_name}/{stage}")'),
  exportNotebook('twice', '# MAGIC %run ./setup', 'a = 1', '# MAGIC %run ./setup', 'promote(6)\nmodel = mlflow.pyfunc.load_model(f"models:/{model_name}/{stage}")'),
];

describe('IncludedTreeCache: the trees of %run code shared by a run', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  it('a moved tree of included code is node for node what a fresh parse gives, wherever the code lands', () => {
    const cache = new IncludedTreeCache();
    const taken: Tree[] = [];
    const take = cache.take.bind(cache);
    cache.take = (...args) => {
      const tree = take(...args);
      if (tree) taken.push(tree);
      return tree;
    };
    try {
      // Twice over: the second round takes every kept tree again, from where the last notebook left it.
      for (const source of [...NOTEBOOKS, ...NOTEBOOKS]) {
        const program = buildProgram(source, read);
        const cached = parseProgram(parser, source.uri, program, undefined, undefined, cache);
        const fresh = parseProgram(parser, source.uri, program);
        try {
          assert.equal(cached.trees.length, fresh.trees.length);
          cached.trees.forEach((tree, index) => assert.deepEqual(nodesOf(tree.rootNode), nodesOf(fresh.trees[index].rootNode), `${source.uri}, tree ${index}`));
          // What the syntax index read from a lent tree moves with it.
          const index = new SyntaxIndex(cached.trees);
          const freshIndex = new SyntaxIndex(fresh.trees);
          for (const type of ['call', 'assignment', 'function_definition'] as const) {
            assert.deepEqual(index.nodes(type).map((node) => `${node.startIndex} ${node.startPosition.row}:${node.startPosition.column} ${node.text}`), freshIndex.nodes(type).map((node) => `${node.startIndex} ${node.startPosition.row}:${node.startPosition.column} ${node.text}`), `${source.uri}: ${type}`);
          }
        } finally {
          cached.delete();
          fresh.delete();
        }
      }
      // The setup's two cells: parsed in the first notebook, taken in the seven others (twice in
      // the one that runs it twice). The cell with a syntax error is parsed every time.
      assert.equal(taken.length, 2 * 9);
      assert.equal(new Set(taken).size, 2 + 2, 'the two kept trees are lent; the copies made where a program runs the setup twice are kept, and taken again in the second round');
    } finally {
      cache.dispose();
    }
  });

  it('a notebook that others run, linted itself afterwards, takes the trees its cells were parsed into as their code', () => {
    const cache = new IncludedTreeCache();
    let taken = 0;
    const take = cache.take.bind(cache);
    cache.take = (...args) => {
      const tree = take(...args);
      if (tree) taken++;
      return tree;
    };
    const setup = SETUP_SOURCE;
    try {
      parseProgram(parser, NOTEBOOKS[0].uri, buildProgram(NOTEBOOKS[0], read), undefined, undefined, cache).delete();
      assert.equal(taken, 0);
      const program = buildProgram(setup, read);
      const cached = parseProgram(parser, setup.uri, program, undefined, undefined, cache);
      const fresh = parseProgram(parser, setup.uri, program);
      try {
        assert.equal(taken, 2, 'both cells of the setup');
        assert.ok(cached.parsedCells.every(({ cell }) => !cell.hidden));
        cached.trees.forEach((tree, index) => assert.deepEqual(nodesOf(tree.rootNode), nodesOf(fresh.trees[index].rootNode), `tree ${index}`));
      } finally {
        cached.delete();
        fresh.delete();
      }
      // Its own trees are not kept: a notebook nobody runs would fill the cache's room.
      const other = exportNotebook('other', 'import os', 'print(os.getcwd())');
      for (let round = 0; round < 2; round++) parseProgram(parser, other.uri, buildProgram(other, read), undefined, undefined, cache).delete();
      assert.equal(taken, 2);
    } finally {
      cache.dispose();
    }
  });

  it('linting with the cache gives the same findings as without it', () => {
    const cached = new Linter(parser, allRules, new IncludedTreeCache());
    const plain = new Linter(parser, allRules);
    try {
      let findings = 0;
      // The setup last: its own cells come from the cache.
      for (const source of [...NOTEBOOKS, SETUP_SOURCE]) {
        const withCache = cached.lintSource(source, { readInclusion: read });
        assert.deepEqual(withCache, plain.lintSource(source, { readInclusion: read }), source.uri);
        findings += withCache.findings.length;
      }
      // Each notebook loads by the stage the setup names (MLT402): the cache must not hide that.
      assert.ok(findings >= NOTEBOOKS.length, `${findings} findings`);
    } finally {
      cached.dispose();
    }
  });

  it('keeps no tree with a syntax error, and no more text than it is given room for', () => {
    const small = new IncludedTreeCache(10);
    const program = buildProgram(NOTEBOOKS[2], read);
    const document = parseProgram(parser, NOTEBOOKS[2].uri, program, undefined, undefined, small);
    try {
      const hidden = document.parsedCells.filter(({ cell }) => cell.hidden);
      assert.ok(hidden.length >= 3);
      for (const { cell } of hidden) {
        const key = IncludedTreeCache.key(program.text, cell.python);
        assert.equal(small.take(key, cell.python[0].start, { row: 0, column: 0 }, program.text), undefined, 'nothing kept in 10 characters');
      }
      const roomy = new IncludedTreeCache();
      for (const { cell, tree } of hidden) roomy.keep(IncludedTreeCache.key(program.text, cell.python), tree, cell.python[0].start, tree.rootNode.startPosition);
      const kept = hidden.filter(({ cell }) => {
        const tree = roomy.take(IncludedTreeCache.key(program.text, cell.python), cell.python[0].start, { row: 0, column: 0 }, program.text);
        tree?.delete();
        return tree !== undefined;
      });
      assert.deepEqual(
        kept.map(({ tree }) => tree.rootNode.hasError),
        hidden.filter(({ tree }) => !tree.rootNode.hasError).map(() => false),
        'every tree without errors is kept, none with',
      );
      assert.ok(hidden.some(({ tree }) => tree.rootNode.hasError), 'the broken notebook is among them');
      roomy.dispose();
    } finally {
      document.delete();
      small.dispose();
    }
  });
});
