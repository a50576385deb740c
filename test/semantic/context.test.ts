import * as assert from 'node:assert/strict';
import { apiSpecificMethodCalls, fileShowsLibrary } from '../../rules/semantic/libraryEvidence';
import { canAnyRuleFire } from '../../rules/engine/linter';
import type { Rule } from '../../rules/engine/types';
import { mlt406UcModelNameNotThreeLevel } from '../../rules/mlt406-uc-model-name-not-three-level';
import { registryContext, registryContextOfCall, UNITY_CATALOG_SIGNS } from '../../rules/semantic/registryContext';
import { SemanticModel } from '../../rules/semantic/semanticModel';
import { isTestCode } from '../../rules/semantic/testCode';
import { trainsInFile } from '../../rules/semantic/training';
import { dedent, testLinter } from '../support/linter';

async function modelOf(code: string, uri = 'file:///project/notebook.py'): Promise<SemanticModel> {
  const linter = await testLinter();
  return new SemanticModel(linter.parse(uri, dedent(code)));
}

describe('context (the spec\'s Principles)', () => {
  describe('registry context', () => {
    const cases: Array<[string, string, string]> = [
      ['set_registry_uri("databricks-uc")', 'import mlflow\nmlflow.set_registry_uri("databricks-uc")', 'unity-catalog'],
      ['set_registry_uri("databricks")', 'import mlflow\nmlflow.set_registry_uri("databricks")', 'workspace'],
      ['a client built for Unity Catalog', 'from mlflow import MlflowClient\nc = MlflowClient(registry_uri="databricks-uc")', 'unity-catalog'],
      ['a three-part registered_model_name', 'import mlflow\nmlflow.sklearn.log_model(m, "model", registered_model_name="ml.churn.model")', 'unity-catalog'],
      ['a three-part f-string name', 'import mlflow\nmlflow.register_model(uri, f"{catalog}.{schema}.churn")', 'unity-catalog'],
      ['a three-part model URI', 'import mlflow\nm = mlflow.pyfunc.load_model("models:/ml.churn.model@champion")', 'unity-catalog'],
      ['FeatureEngineeringClient', 'from databricks.feature_engineering import FeatureEngineeringClient\nfe = FeatureEngineeringClient()', 'unity-catalog'],
      ['FeatureStoreClient alone', 'from databricks.feature_store import FeatureStoreClient\nfs = FeatureStoreClient()', 'workspace'],
      ['FeatureStoreClient beside a three-part name', 'from databricks.feature_store import FeatureStoreClient\nimport mlflow\nfs = FeatureStoreClient()\nmlflow.register_model(u, "a.b.c")', 'unity-catalog'],
      ['a local tracking server and no registry URI', 'import mlflow\nmlflow.set_tracking_uri("http://localhost:5000")', 'workspace'],
      ['explicit settings that disagree', 'import mlflow\nmlflow.set_registry_uri("databricks")\nmlflow.set_registry_uri("databricks-uc")', 'unknown'],
      ['a three-part URI only in a docstring', 'import mlflow\ndef load():\n    """Loads models:/main.ml.churn@champion."""\n    return mlflow.pyfunc.load_model(uri)', 'unknown'],
      ['a one-part name, nothing else', 'import mlflow\nmlflow.register_model(uri, "churn")', 'unknown'],
      ['a registry URI read at run time', 'import mlflow\nmlflow.set_registry_uri(os.environ["URI"])', 'unknown'],
      [
        'a helper that switches to Unity Catalog beside one that picks the registry at run time',
        'import mlflow\ndef use_uc():\n    mlflow.set_registry_uri("databricks-uc")\ndef use_for(is_uc):\n    mlflow.set_registry_uri("databricks-uc" if is_uc else "databricks")',
        'unknown',
      ],
      ['a Unity Catalog registry URI with a computed profile', 'import mlflow\nmlflow.set_registry_uri(f"databricks-uc://{profile}")', 'unity-catalog'],
      ['a workspace registry URI with a computed profile', 'import mlflow\nmlflow.set_registry_uri(f"databricks://{profile}")', 'workspace'],
      ['a client built for Unity Catalog with a computed profile', 'from mlflow import MlflowClient\nc = MlflowClient(registry_uri=f"databricks-uc://{profile}")', 'unity-catalog'],
      ['a registry URI whose scheme is computed', 'import mlflow\nmlflow.set_registry_uri(f"databricks{suffix}")', 'unknown'],
      ['a run-time choice between two spellings of Unity Catalog', 'import mlflow\nmlflow.set_registry_uri("databricks-uc" if a else "databricks-uc:profile")', 'unity-catalog'],
    ];
    // Names whose three parts the code writes in pieces.
    const threePartNames: Array<[string, string]> = [
      ['two parts and a name joined by +', 'import mlflow\nmlflow.register_model(uri, "main.ml." + name)'],
      ['dots joined between names', 'import mlflow\nmlflow.register_model(uri, catalog + "." + schema + "." + name)'],
      ['a leading dot', 'import mlflow\nPREFIX = "main.ml"\nmlflow.register_model(uri, PREFIX + ".churn")'],
      ['a trailing dot', 'import mlflow\nmlflow.register_model(uri, "main." + schema + ".churn")'],
      ['format fields', 'import mlflow\nmlflow.register_model(uri, "{}.{}.{}".format(c, s, n))'],
      ['printf fields', 'import mlflow\nmlflow.register_model(uri, "%s.%s.%s" % (c, s, n))'],
      ['attributes in an f-string', 'import mlflow\nmlflow.register_model(uri, f"{cfg.catalog}.{cfg.schema}.churn")'],
      ['subscripts in an f-string', 'import mlflow\nmlflow.register_model(uri, f"{cfg[\'catalog\']}.{cfg[\'schema\']}.churn")'],
      ['an f-string of two parts and one more', 'import mlflow\nbase = "main.ml"\nmlflow.register_model(uri, f"{base}.churn")'],
      ['a separator bound to a name', 'import mlflow\nSEP = "."\nmlflow.register_model(uri, catalog + SEP + schema + SEP + name)'],
      ['a hyphenated catalog', 'import mlflow\nmlflow.register_model(uri, "dev-catalog.ml.churn")'],
      ['an alias on a three-part name', 'from mlflow import MlflowClient\nMlflowClient().set_registered_model_alias("main.ml.churn", "champion", 1)'],
      [
        'a self attribute',
        'import mlflow\nclass T:\n    def __init__(self, c):\n        self.name = f"{c}.ml.churn"\n    def go(self):\n        mlflow.register_model(uri, self.name)',
      ],
    ];
    for (const [name, code] of threePartNames) cases.push([`a three-part name: ${name}`, code, 'unity-catalog']);
    for (const [name, code, expected] of cases) {
      it(`${name} -> ${expected}`, async () => assert.equal(registryContext(await modelOf(code)).context, expected));
    }

    it('every code above that is Unity Catalog\'s shows one of UNITY_CATALOG_SIGNS (what MLT306 and MLT406 need before a file is parsed)', () => {
      const signs: Rule = { ...mlt406UcModelNameNotThreeLevel, triggers: undefined, alsoNeeds: undefined, unityCatalogSigns: UNITY_CATALOG_SIGNS };
      const unityCatalog = cases.filter(([, , expected]) => expected === 'unity-catalog');
      assert.ok(unityCatalog.length >= 20, `only ${unityCatalog.length} cases`);
      assert.deepEqual(unityCatalog.filter(([, code]) => !canAnyRuleFire(code, [signs])).map(([name]) => name), []);
      for (const code of [
        'import mlflow\nmlflow.register_model(uri, "churn")',
        'import mlflow\nprint("Model registered.")\nmlflow.register_model(uri, f"{name}_v2")',
        'import mlflow\nmlflow.register_model(uri, "ml.churn")\nhost = "127.0.0.1"',
        'import mlflow\nmlflow.register_model(uri, "churn")\npath = f"{run_id}.csv"\nversion = "1.0.0"\nwith patch("pkg.module.attr.x"):\n    print("every " "hour.")',
      ]) {
        assert.equal(canAnyRuleFire(code, [signs]), false, code);
      }
    });

    it('a call on a client built for one registry takes that registry, whatever the file says', async () => {
      const model = await modelOf(`
        import mlflow
        from mlflow import MlflowClient
        mlflow.set_registry_uri("databricks-uc")
        workspace = MlflowClient(registry_uri="databricks")
        workspace.transition_model_version_stage("churn", 3, "Archived")
      `);
      const [site] = model.callsNamed('transition_model_version_stage');
      assert.equal(registryContext(model).context, 'unity-catalog');
      assert.equal(registryContextOfCall(model, site).context, 'workspace');
    });
  });

  describe('test code', () => {
    it('by file name and folder', () => {
      assert.equal(isTestCode('file:///p/test_model.py'), true);
      assert.equal(isTestCode('file:///p/model_test.py'), true);
      assert.equal(isTestCode('file:///p/tests/conftest.py'), true);
      assert.equal(isTestCode('file:///p/test/unittest_model.py'), true);
      assert.equal(isTestCode('file:///p/io/reader_unittest.py'), true);
      assert.equal(isTestCode('file:///p/notebooks/unittests_overview.py'), false);
      assert.equal(isTestCode('file:///p/notebooks/train.py'), false);
      assert.equal(isTestCode('file:///p/latest/train.py'), false);
      assert.equal(isTestCode('file:///p/tests/integration/models/test_data.py'), true);
      assert.equal(isTestCode('file:///p/tests/integration/models/helpers.py'), true);
      assert.equal(isTestCode('file:///home/me/tests/work/repo/notebooks/train.py'), false);
    });

    it('by function and class', async () => {
      const model = await modelOf(`
        import unittest
        def test_metric():
            a()
        class ModelChecks(unittest.TestCase):
            def setUp(self):
                b()
        def helper():
            c()
      `);
      const [a] = model.callsNamed('a');
      const [b] = model.callsNamed('b');
      const [c] = model.callsNamed('c');
      assert.equal(isTestCode(model.document.uri, a.node), true);
      assert.equal(isTestCode(model.document.uri, b.node), true);
      assert.equal(isTestCode(model.document.uri, c.node), false);
    });
  });

  describe('training in the file', () => {
    const cases: Array<[string, boolean]> = [
      ['model = pipeline.fit(train_df)', true],
      ['booster = xgb.train(params, dtrain)', true],
      ['from hyperopt import fmin\nbest = fmin(fn=f, space=s, max_evals=10)', true],
      ['study.optimize(objective, n_trials=20)', true],
      ['from databricks import automl\nsummary = automl.classify(df, target_col="y")', true],
      ['import mlflow\nmlflow.register_model("runs:/abc/model", "churn")', false],
      ['from scipy.optimize import fmin\nx = fmin(f, x0)', false],
      ['model = load_checkpoint()\nfit(model)', false],
    ];
    for (const [code, expected] of cases) {
      it(`${JSON.stringify(code)} -> ${expected}`, async () => assert.equal(trainsInFile(await modelOf(code)), expected));
    }
  });

  describe('API-specific names on any receiver', () => {
    it('counts a parameter receiver in a file that imports mlflow', async () => {
      const model = await modelOf('import mlflow\ndef promote(c, v):\n    c.transition_model_version_stage("m", v, "Production")');
      assert.equal(apiSpecificMethodCalls(model, 'mlflow', ['mlflow.'], 'transition_model_version_stage').length, 1);
    });

    it('counts it in a Databricks notebook with no import (mlflow ships with the runtime)', async () => {
      const model = await modelOf('# Databricks notebook source\nclient.transition_model_version_stage("m", 1, "Staging")');
      assert.equal(fileShowsLibrary(model, 'mlflow'), true);
      assert.equal(apiSpecificMethodCalls(model, 'mlflow', ['mlflow.'], 'transition_model_version_stage').length, 1);
    });

    it('does not count it in a plain module that never shows mlflow, on a receiver resolved elsewhere, or on a local wrapper', async () => {
      const plain = await modelOf('client.transition_model_version_stage("m", 1, "Staging")');
      assert.equal(apiSpecificMethodCalls(plain, 'mlflow', ['mlflow.'], 'transition_model_version_stage').length, 0);
      const elsewhere = await modelOf('import mlflow\nimport requests\ns = requests.Session()\ns.transition_model_version_stage("m", 1, "Staging")');
      assert.equal(apiSpecificMethodCalls(elsewhere, 'mlflow', ['mlflow.'], 'transition_model_version_stage').length, 0);
      const wrapper = await modelOf('import mlflow\nclass Registry:\n    def transition_model_version_stage(self, *a):\n        pass\nr = Registry()\nr.transition_model_version_stage("m", 1, "Staging")');
      assert.equal(apiSpecificMethodCalls(wrapper, 'mlflow', ['mlflow.'], 'transition_model_version_stage').length, 0);
    });

    it("shows a library through a %pip install line of an export's magic cell, not through the same line as a comment", async () => {
      const model = await modelOf('# Databricks notebook source\n# MAGIC %pip install optuna==3.6.1\n\n# COMMAND ----------\n\nstudy.optimize(f, n_trials=10)');
      assert.equal(fileShowsLibrary(model, 'optuna'), true);
      const comment = await modelOf('# MAGIC %pip install optuna==3.6.1\nstudy.optimize(f, n_trials=10)');
      assert.equal(fileShowsLibrary(comment, 'optuna'), false);
    });
  });
});
