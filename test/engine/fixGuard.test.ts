import * as assert from 'node:assert/strict';
import { guardFixes } from '../../rules/engine/fixGuard';
import { loadPythonParser } from '../../rules/engine/parser';
import { DocumentStore } from '../../server/documentStore';
import { dedent, testLinter } from '../support/linter';

// The engine withholds every rule's fixes where the code is unfinished (the spec's "Fixes"
// principle): a fix built from half-written code would guess.
async function fixesOf(code: string, ruleId: string): Promise<{ findings: number; fixes: number }> {
  const linter = await testLinter();
  const { findings } = linter.lintText('file:///test/notebook.py', dedent(code), { select: [ruleId] });
  return { findings: findings.length, fixes: findings.reduce((count, finding) => count + finding.fixes.length, 0) };
}

describe('fix guard', () => {
  it('offers the fix on finished code', async () => {
    assert.deepEqual(await fixesOf(`
      import mlflow
      with mlflow.start_run():
          with mlflow.start_run(run_name="child"):
              pass
    `, 'MLT301'), { findings: 1, fixes: 1 });
  });

  it('withholds it when the call holds a course placeholder FILL_IN', async () => {
    assert.deepEqual(await fixesOf(`
      import mlflow
      with mlflow.start_run():
          with mlflow.start_run(run_name=FILL_IN):
              pass
    `, 'MLT301'), { findings: 1, fixes: 0 });
  });

  it('withholds it when an argument is an ellipsis placeholder', async () => {
    assert.deepEqual(await fixesOf(`
      from pyspark.ml import Pipeline
      from pyspark.ml.feature import OneHotEncoder, StringIndexer
      indexer = StringIndexer(inputCol="plan", outputCol="plan_index")
      encoder = OneHotEncoder(inputCol="plan_index", outputCol=...)
      pipeline = Pipeline(stages=[encoder, indexer])
    `, 'MLT102'), { findings: 1, fixes: 0 });
  });

  it('withholds it when the statement does not parse', async () => {
    const { fixes } = await fixesOf(`
      import mlflow
      with mlflow.start_run():
          run = mlflow.start_run(run_name="child", tags={"a": )
    `, 'MLT301');
    assert.equal(fixes, 0);
  });

  it('keeps fixes elsewhere when only another statement is unfinished', async () => {
    assert.deepEqual(await fixesOf(`
      import mlflow
      params = FILL_IN
      with mlflow.start_run():
          with mlflow.start_run(run_name="child"):
              pass
    `, 'MLT301'), { findings: 1, fixes: 1 });
  });

  it('does not take a stub body or a slice for a placeholder', async () => {
    assert.deepEqual(await fixesOf(`
      import mlflow
      def stub(): ...
      with mlflow.start_run():
          x = data[..., 0]
          with mlflow.start_run(run_name="child"):
              pass
    `, 'MLT301'), { findings: 1, fixes: 1 });
  });

  it('answers a kept tree by place in its code: a line edited before the code moves the code, not the answers', async () => {
    const parser = await loadPythonParser();
    const store = new DocumentStore(parser);
    const uri = 'file:///test/guard.py';
    // Two statements of the same length: the second holds a placeholder. An `!pip` line before
    // them in the same cell is no Python: editing it keeps the cell's tree, moved.
    const code = (pip: string) => `# Databricks notebook source\n!pip install ${pip}\na = f(1234567)\nb = f(FILL_IN)\n`;
    const first = code('x'.repeat(40));
    const fixAt = (text: string, statement: string) => {
      const start = text.indexOf(statement) + 4;
      return { range: { start, end: start + 10 }, fixes: [{ title: 'fix', safety: 'safe' as const, edits: [{ start: start + 2, end: start + 2, newText: 'z' }] }] };
    };
    const before = store.open(uri, 1, first).source!;
    const a = fixAt(first, 'a = f(1234567)');
    assert.equal(guardFixes(before, a.range, a.fixes).length, 1);
    // 15 characters fewer on the !pip line: the second statement now starts where the first did, measured from the cell's start.
    const second = code('x'.repeat(25));
    const after = store.change(uri, 2, [{ range: { start: { line: 1, character: 13 }, end: { line: 1, character: 28 } }, text: '' }])!.source!;
    assert.equal(after.text, second);
    assert.equal(after.unrecorded.trees[0], before.unrecorded.trees[0], 'the tree is kept, moved');
    const b = fixAt(second, 'b = f(FILL_IN)');
    assert.equal(guardFixes(after, b.range, b.fixes).length, 0, 'the placeholder withholds the fix');
    const aAfter = fixAt(second, 'a = f(1234567)');
    assert.equal(guardFixes(after, aAfter.range, aAfter.fixes).length, 1);
    store.dispose();
  });
});
