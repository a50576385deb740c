import * as assert from 'node:assert/strict';
import { SemanticModel } from '../../rules/semantic/semanticModel';
import { testLinter } from '../support/linter';

// Inputs fuzzing found quadratic in the semantic layer: a chained assignment with 20,000
// targets (186 s) and a method chain of 20,000 calls (47 s in the syntax index's query). These
// cases check what the model answers on them; at their size a return to quadratic work would
// also run far past the test's time limit.

describe('long chains in the semantic model', () => {
  it('a = b = ... = value with 20,000 targets: every target is bound to the value', async () => {
    const linter = await testLinter();
    const targets = Array.from({ length: 20_000 }, (_, index) => `t${index}`);
    const document = linter.parse('file:///chained.py', `import mlflow\n${targets.join(' = ')} = mlflow.MlflowClient()\nt0.search_runs([])\nt19999.search_runs([])\n`);
    try {
      const model = new SemanticModel(document);
      for (const name of ['t0', 't19999']) {
        const call = model.callsNamed('search_runs').find((site) => site.receiver?.text === name);
        assert.ok(call?.receiver, name);
        assert.equal(model.resolveValue(call.receiver).text, 'mlflow.MlflowClient()');
      }
    } finally {
      document.delete();
    }
  });

  it('a method chain of 20,000 calls: every call is indexed by its name, in document order', async () => {
    const linter = await testLinter();
    const document = linter.parse('file:///chain.py', `df = spark.read.table("t")${'.select("a")'.repeat(20_000)}.writeStream.start()\n`);
    try {
      const model = new SemanticModel(document);
      assert.equal(model.callsNamed('select').length, 20_000);
      assert.equal(model.callsNamed('table').length, 1);
      assert.equal(model.callsNamed('start').length, 1);
      const calls = model.syntax.nodes('call');
      assert.ok(calls.every((call, index) => index === 0 || calls[index - 1].startIndex <= call.startIndex));
    } finally {
      document.delete();
    }
  });

  it('calls of calls and of subscripts have no name and are not indexed; plain and attribute calls are', async () => {
    const linter = await testLinter();
    const document = linter.parse('file:///calls.py', 'f()\na.b.c()\nmake()()\nfs[0]()\n');
    try {
      const model = new SemanticModel(document);
      assert.deepEqual(model.syntax.nodes('call').map((call) => model.syntax.partsOfCall(call)?.name?.text), ['f', 'c', 'make']);
    } finally {
      document.delete();
    }
  });
});

// A mutated practice notebook that fuzzing found took 2.7 s to lint (24 KB): each finding's fix
// guard, MLT402's Unity Catalog guard and MLT606's pipeline check walked up with `parent`,
// which web-tree-sitter answers by a descent from the root, and MLT402 re-read every earlier
// statement of the block per finding. A block of 8,000 flagged calls took 8.7 s.
describe('wide blocks with a finding per statement', () => {
  const block = (count: number) => Array.from({ length: count }, (_, index) => `    m_${index} = mlflow.pyfunc.load_model("models:/churn/Production")\n`).join('');

  it('8,000 stage URIs in one block: each is flagged, with its fix', async () => {
    const linter = await testLinter();
    const result = linter.lintText('file:///wide.py', `import mlflow\nif True:\n${block(8_000)}`);
    const stageUris = result.findings.filter((finding) => finding.ruleId === 'MLT402');
    assert.equal(stageUris.length, 8_000);
    assert.ok(stageUris.every((finding) => finding.fixes.length > 0));
  });

  it('after `if <Unity Catalog check>: return` in the block, none of them is flagged', async () => {
    const linter = await testLinter();
    const text = `import mlflow\ndef load_all(name):\n    if is_unity_catalog(name):\n        return None\n${block(8_000)}`;
    assert.deepEqual(linter.lintText('file:///guarded.py', text).findings.filter((finding) => finding.ruleId === 'MLT402'), []);
    // The same block without the guard: flagged.
    const unguarded = text.replace('    if is_unity_catalog(name):\n        return None\n', '');
    assert.equal(linter.lintText('file:///unguarded.py', unguarded).findings.filter((finding) => finding.ruleId === 'MLT402').length, 8_000);
  });
});

// A mutated practice notebook (fuzzing) repeated `registered_model_name=` 949 times in one call:
// each repetition re-read all the call's arguments (1.6 s per lint).
describe('a call that repeats a keyword thousands of times', () => {
  it('is read once: one finding for its registered name', async () => {
    const linter = await testLinter();
    const keywords = Array.from({ length: 4_000 }, () => 'registered_model_name="churn"').join(', ');
    const text = `import mlflow\nmlflow.set_registry_uri("databricks-uc")\nmlflow.sklearn.log_model(model, "model", ${keywords})\n`;
    const names = linter.lintText('file:///repeated.py', text).findings.filter((finding) => finding.ruleId === 'MLT406');
    assert.equal(names.length, 1);
    assert.equal(names[0].start.line, 2);
  });
});

describe('many pipelines over a long lineage', () => {
  it('300 pipelines fit on DataFrames derived through 2,000 assignments from an assembled one: read once per column, not once per pipeline', async function () {
    // A fuzz find (a mutated notebook's fix-all took 1.9 s): every pipeline re-derived the file's
    // DataFrames in passes over every assignment. The old reading took 49 s on this file.
    this.timeout(20_000);
    const lines = [
      'from pyspark.ml import Pipeline',
      'from pyspark.ml.feature import VectorAssembler',
      'from pyspark.ml.classification import LogisticRegression',
      'raw = spark.read.table("ml.churn.customers")',
      'assembled = VectorAssembler(inputCols=["tenure", "charges"], outputCol="features").transform(raw)',
    ];
    for (let i = 0; i < 2_000; i++) lines.push(`d${i} = assembled.filter("tenure > ${i}")`);
    for (let j = 0; j < 300; j++) {
      lines.push(`m${j} = Pipeline(stages=[LogisticRegression(labelCol="churned", featuresCol="features")]).fit(d${j})`);
      lines.push(`scored${j} = m${j}.transform(d${j})`);
    }
    // Fit on a CSV read as it is: nothing assembled its features column.
    lines.push('control = Pipeline(stages=[LogisticRegression(labelCol="churned")]).fit(spark.read.csv("/data/other.csv", header=True))');
    const linter = await testLinter();
    const { findings } = linter.lintText('file:///lineage.py', `${lines.join('\n')}\n`, { select: ['MLT101', 'MLT104'] });
    assert.deepEqual(
      findings.map((finding) => `${finding.ruleId}:${finding.start.line + 1}`),
      [`MLT101:${lines.length}`],
    );
  });

  it('one name bound to a models:/ URI 1,500 times before the load: each binding asked whether anything reads it, the name\'s reads walked once', async function () {
    // A fuzz find (a mutated practice notebook): MLT402 asked every pair of URIs whether their
    // bindings are read, each time walking every use of the name: minutes on 51 KB.
    this.timeout(20_000);
    const lines = ['import mlflow'];
    for (let i = 0; i < 1_500; i++) lines.push('model_uri = "models:/churn/Production"');
    lines.push('model = mlflow.pyfunc.load_model(model_uri)');
    const linter = await testLinter();
    const { findings } = linter.lintText('file:///rebound.py', `${lines.join('\n')}\n`, { select: ['MLT402'] });
    // Only the binding the load reads: the 1,499 before it are bound again before anything reads them.
    assert.deepEqual(findings.map((finding) => `${finding.ruleId}:${finding.start.line + 1}`), [`MLT402:${lines.length - 1}`]);
  });

  it('a column assigned 10,000 times and read by 3,000 KS tests: each read finds its last assignment without a walk over the others', async function () {
    // MLT702 reads a column's last assignment (the codes of a categorical column set just before
    // the test). Looked up by a walk over the file's assignments for each read, 3,000 x 1,000
    // took 2.5 s; this file would take tens of seconds.
    this.timeout(20_000);
    const lines = ['from scipy.stats import ks_2samp'];
    for (let i = 0; i < 10_000; i++) lines.push(`df["x"] = df["x"] + ${i}`);
    lines.push('df["codes"] = df["plan"].astype("category").cat.codes');
    for (let i = 0; i < 3_000; i++) lines.push(`stat${i} = ks_2samp(df["x"], ref["x"])`);
    lines.push('last = ks_2samp(df["codes"], ref["codes"])');
    const linter = await testLinter();
    const { findings } = linter.lintText('file:///columns.py', `${lines.join('\n')}\n`, { select: ['MLT702'] });
    assert.deepEqual(findings.map((finding) => `${finding.ruleId}:${finding.start.line + 1}`), [`MLT702:${lines.length}`]);
  });

  it('5,000 tracking URIs set before 5,000 stage transitions: each call finds the registry in force without a walk up the tree per setter', async function () {
    // A call's registry is the nearest set_registry_uri or set_tracking_uri that always runs
    // before it. Asked with a walk up the syntax tree for every setter before every call,
    // 2,000 of each took 4.7 s (0.3 s before the per-call registry).
    this.timeout(20_000);
    const lines = ['import mlflow', 'mlflow.set_registry_uri("databricks-uc")', 'client = mlflow.MlflowClient()'];
    for (let i = 0; i < 5_000; i++) lines.push('mlflow.set_tracking_uri("file:///tmp/mlruns")', `client.transition_model_version_stage("churn", ${i + 2}, "Staging")`);
    const linter = await testLinter();
    const { findings } = linter.lintText('file:///setters.py', `${lines.join('\n')}\n`, { select: ['MLT401'] });
    assert.equal(findings.length, 5_000);
    // The registry URI set first stays in force whatever the tracking URI becomes.
    assert.ok(findings.every((finding) => finding.message.includes('raises in Unity Catalog')));
  });
});

// A mutated practice notebook (fuzzing, seed 759166891) with some 2,800 stage transitions in one
// cell took 2.5-3.4 s to lint: every promotion (MLT401, MLT404) asked of every other transition
// whether it archives, spelling its stage each time.
describe('thousands of stage transitions in one file', () => {
  it('each promotion is judged against the archiving transitions, found once, and the text searched once for stage reads', async function () {
    this.timeout(20_000);
    const lines = ['from mlflow import MlflowClient', 'client = MlflowClient()', 'client.transition_model_version_stage("m_0", 1, "Archived")'];
    for (let i = 0; i < 8_000; i++) lines.push(`client.transition_model_version_stage("m_${i}", 2, "Production")`);
    const linter = await testLinter();
    const text = `${lines.join('\n')}\n`;
    // MLT404 alone (with MLT401 on, MLT401's message says what MLT404 would).
    // m_0's promotion follows its archiving by hand; the 7,999 others keep their old Production version.
    const withoutArchive = linter.lintText('file:///promotions.py', text, { select: ['MLT404'] }).findings;
    assert.equal(withoutArchive.length, 7_999);
    assert.ok(!withoutArchive.some((finding) => finding.start.line === 3));
    assert.equal(withoutArchive[0].start.line, 4);
    // Every transition uses the legacy stages; none reads a stage back, so each promotion gets the alias fix.
    const legacy = linter.lintText('file:///promotions.py', text, { select: ['MLT401'] }).findings;
    assert.equal(legacy.length, 8_001);
    assert.equal(legacy.filter((finding) => finding.fixes.length > 0).length, 8_000);
  });
});

// A probe of the fix above (h44a) called an archiving helper before every third promotion: each
// pair of a promotion and a helper call read all the helper's calls again (800 promotions: 20 s).
describe('an archiving helper called hundreds of times', () => {
  it('each promotion finds the helper calls before it that archive its model, the calls read once per helper', async function () {
    this.timeout(20_000);
    const lines = [
      'from mlflow.tracking import MlflowClient',
      'client = MlflowClient()',
      'def retire(n):',
      '    for mv in client.get_latest_versions(n, stages=["Production"]):',
      '        client.transition_model_version_stage(n, mv.version, "Archived")',
    ];
    const retired: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      if (i % 3 === 0) lines.push(`retire("m${i}")`);
      lines.push(`client.transition_model_version_stage("m${i}", ${i + 1}, "Production")`);
      if (i % 3 === 0) retired.push(lines.length);
    }
    const linter = await testLinter();
    const { findings } = linter.lintText('file:///retire.py', `${lines.join('\n')}\n`, { select: ['MLT404'] });
    const reported = new Set(findings.map((finding) => finding.start.line + 1));
    // The 334 promotions that follow retire() of their own model are not reported; the 666 others are.
    assert.equal(findings.length, 666);
    assert.ok(retired.every((line) => !reported.has(line)));
  });
});
