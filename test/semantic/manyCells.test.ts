import * as assert from 'node:assert/strict';
import { SemanticModel } from '../../rules/semantic/semanticModel';
import { testLinter } from '../support/linter';

/**
 * A notebook of hundreds of cells: searches for words go through the text to the cells that
 * hold them (SemanticModel.nodesAroundText, mayRead). They must find what a search of every
 * cell finds, and nothing in a markdown cell.
 */
function notebook(cells: readonly string[]): string {
  return `# Databricks notebook source\n${cells.join('\n\n# COMMAND ----------\n\n')}\n`;
}

function filler(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `step_${index} = prepare(${index})`);
}

describe('semantic model: a notebook of hundreds of cells', () => {
  it('finds the reads of a name in distant cells, and not its mentions in markdown', async () => {
    const linter = await testLinter();
    const cells = ['import mlflow', 'run = mlflow.start_run()', ...filler(150), '# MAGIC %md\n# MAGIC Call run.end_run() later', ...filler(150), 'with run:\n    mlflow.log_metric("auc", 0.9)'];
    const text = notebook(cells);
    const model = new SemanticModel(linter.parse('file:///nb.py', text));
    const names = model.nodesAroundText(['run'], 'identifier').filter((node) => node.text === 'run');
    const lines = text.split('\n');
    assert.equal(names.length, 2);
    // A word in every filler cell: each cell's call, in order.
    const calls = model.nodesAroundText(['prepare'], 'call');
    assert.deepEqual(
      calls.map((node) => node.text),
      [...filler(150), ...filler(150)].map((line) => line.split(' = ')[1]),
    );
    assert.deepEqual(
      names.map((node) => node.startPosition.row),
      [lines.indexOf('run = mlflow.start_run()'), lines.indexOf('with run:')],
    );
  });

  it('gives the same findings as the same code in a notebook of few cells', async () => {
    const linter = await testLinter();
    const code = ['import mlflow', 'first = mlflow.start_run()', 'second = mlflow.start_run()', 'with first:\n    pass', 'third = mlflow.start_run(nested=True)', 'fourth = mlflow.start_run()'];
    const lint = (cells: readonly string[]) =>
      linter
        .lintText('file:///nb.py', notebook(cells))
        .findings.filter((finding) => finding.ruleId === 'MLT301')
        .map((finding) => finding.message.replace(/line \d+/g, 'line N'));
    const few = lint(code);
    const many = lint([code[0], code[1], ...filler(150), code[2], ...filler(150), code[3], code[4], ...filler(10), code[5]]);
    assert.ok(few.length > 0, 'the few-cell notebook has MLT301 findings to compare');
    assert.deepEqual(many, few);
  });
});
