import * as assert from 'node:assert/strict';
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
});
